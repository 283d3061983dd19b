/**
 * The confirmation before a machine tagged `mcp:confirm=true` starts, reached through run_workflow in the
 * large-catalogue mode (SFN_MCP_TOOL_BUDGET under the selection): the built server over stdio and
 * Streamable HTTP, the real MCP client answering the form, the local engine's call log counting the
 * starts. Accepted starts one execution, declined or dismissed starts none, a client that cannot show the
 * form is refused with nothing started, on calls and tasks of both task vocabularies. The texts name the
 * workflow and run_workflow, never the machine's own tool, which this mode does not list.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMachines, useEngine } from '../helpers/engine.js';
import { modernRequest } from '../helpers/http.js';
import { QUICK, text } from '../helpers/long-runs-machines.js';
import { engineEnv, startHttpServer, type HttpServer } from '../helpers/server.js';
import { FORMS, Person, usePersonOverStdio } from '../helpers/person.js';
import { Loose, TASKS_EXTENSION, type Obj } from '../helpers/raw-requests.js';

const ARGS = { n: 7, note: 'from the test' };
const PASS = { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } };

const local = useEngine();
let env: Record<string, string>;
let http: HttpServer;

beforeAll(async () => {
  await createMachines(local.engine, [
    { name: 'lp-confirmed', tags: { 'mcp:confirm': 'true' }, definition: PASS },
    { name: 'lp-confirmed-quick', type: 'EXPRESS', tags: { 'mcp:confirm': 'true' }, definition: PASS },
    { name: 'lp-plain', type: 'EXPRESS', definition: QUICK },
  ]);
  // Three machines and get_execution_result make four tools: over a budget of 3. The schema tag makes
  // the server read every machine's tags, mcp:confirm among them.
  env = engineEnv(local.engine.endpoint, {
    STATE_MACHINE_PREFIX: 'lp-',
    STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: 'input-schema',
    SFN_MCP_TOOL_BUDGET: '3',
  });
  http = await startHttpServer(env);
});

afterAll(async () => {
  await http?.close();
});

/** Executions started on a machine since the last reset of the call log (Standard or Express). */
const started = (machine: string): number =>
  local.engine.calls
    .entries()
    .filter(
      (e) =>
        (e.operation === 'StartExecution' || e.operation === 'StartSyncExecution') &&
        String(e.arn).endsWith(`:${machine}`),
    ).length;
const anyStarts = (): number => {
  const counts = local.engine.calls.counts();
  return (counts.StartExecution ?? 0) + (counts.StartSyncExecution ?? 0);
};

const runArgs = (workflow: string) => ({ workflow, arguments: ARGS });
const run = (client: Client, workflow: string) =>
  client.callTool({ name: 'run_workflow', arguments: runArgs(workflow) }) as Promise<Obj>;

const QUESTION = (machine: string, workflow: string) =>
  `Start the workflow "${machine}" (${workflow}, through run_workflow) with these arguments?\n${JSON.stringify(ARGS, null, 2)}`;
const DECLINED =
  /^Not started: the user declined the start of workflow "confirmed"\. Nothing was started; do not call run_workflow for it again unless the user asks\.$/;
const REFUSED =
  /^Refused: workflow "confirmed" starts only after the user confirms its arguments \(its state machine is tagged mcp:confirm=true\), and this client cannot ask the user/;

it('serves the large-catalogue mode: the machine tools are not listed', async () => {
  const client = await http.connect('2025-11-25');
  expect((await client.listTools()).tools.map((t) => t.name)).toEqual([
    'get_execution_result',
    'run_workflow',
    'search_workflows',
  ]);
});

describe.each(['2025-11-25', '2026-07-28'] as const)(
  'over stdio on %s, a client that shows forms',
  (revision) => {
    const person = new Person();
    const conn = usePersonOverStdio(() => env, revision, person);

    it('accepted: asked once, in terms of run_workflow, and one execution starts', async () => {
      local.engine.calls.reset();
      person.asked = [];
      person.reply = { action: 'accept' };
      const result = await run(conn.client, 'confirmed');
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual(ARGS);
      expect(person.asked).toHaveLength(1);
      expect(person.asked[0]).toMatchObject({
        message: QUESTION('lp-confirmed', 'confirmed'),
        requestedSchema: { type: 'object', properties: {} },
      });
      expect(started('lp-confirmed')).toBe(1);
      expect(anyStarts()).toBe(1);
    });

    it('declined: nothing starts, and the refusal does not send the agent to the unlisted tool', async () => {
      local.engine.calls.reset();
      person.reply = { action: 'decline' };
      const declined = await run(conn.client, 'confirmed');
      expect(declined.isError).toBe(true);
      expect(text(declined)).toMatch(DECLINED);
      expect(declined._meta).toMatchObject({ confirmation: 'decline' });
      expect(anyStarts()).toBe(0);
    });
  },
);

describe('over stdio on 2025-11-25, as a task', () => {
  const person = new Person();
  const conn = usePersonOverStdio(() => env, '2025-11-25', person);
  const asTask = () =>
    conn.client.request(
      {
        method: 'tools/call',
        params: { name: 'run_workflow', arguments: runArgs('confirmed'), task: { ttl: 60_000 } },
      },
      Loose,
    ) as Promise<Obj>;

  it('confirmed on the call, before the task exists; the task is the one execution started', async () => {
    local.engine.calls.reset();
    person.asked = [];
    person.reply = { action: 'accept' };
    const created = await asTask();
    expect(person.asked).toHaveLength(1);
    expect(person.asked[0]).toMatchObject({ message: QUESTION('lp-confirmed', 'confirmed') });
    const task = created.task as Obj;
    expect(task.status).toBe('working');
    expect(started('lp-confirmed')).toBe(1);
    const result = (await conn.client.request(
      { method: 'tasks/result', params: { taskId: String(task.taskId) } },
      Loose,
    )) as Obj;
    expect(result.structuredContent).toEqual(ARGS);
  });

  it('declined: no task, nothing starts', async () => {
    local.engine.calls.reset();
    person.reply = { action: 'decline' };
    const refused = await asTask();
    expect(refused.task).toBeUndefined();
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(DECLINED);
    expect(anyStarts()).toBe(0);
  });
});

describe('over Streamable HTTP', () => {
  it('2025-11-25 (stateless: no form can be shown): refused on a call and as a task, nothing starts', async () => {
    const client = await http.connect('2025-11-25', FORMS);
    local.engine.calls.reset();
    const refused = await run(client, 'confirmed');
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(REFUSED);
    expect(text(refused)).toContain('calling run_workflow for it again from this client will not start it');
    const asTask = (await client.request(
      {
        method: 'tools/call',
        params: { name: 'run_workflow', arguments: runArgs('confirmed'), task: { ttl: 60_000 } },
      },
      Loose,
    )) as Obj;
    expect(asTask.task).toBeUndefined();
    expect(text(asTask)).toMatch(REFUSED);
    expect(anyStarts()).toBe(0);
  });

  it('2026-07-28 without the form capability: refused, nothing starts', async () => {
    const client = await http.connect('2026-07-28');
    local.engine.calls.reset();
    expect(text(await run(client, 'confirmed_quick'))).toMatch(
      /^Refused: workflow "confirmed_quick" starts only after the user confirms its arguments/,
    );
    expect(anyStarts()).toBe(0);
  });

  it('2026-07-28 with forms: an Express workflow accepted runs once; dismissed starts nothing', async () => {
    const person = new Person();
    const client = person.attach(await http.connect('2026-07-28', FORMS));
    local.engine.calls.reset();
    person.reply = { action: 'accept' };
    const result = await run(client, 'confirmed_quick');
    expect(result.structuredContent).toEqual(ARGS);
    expect(person.asked[0]).toMatchObject({ message: QUESTION('lp-confirmed-quick', 'confirmed_quick') });
    expect(started('lp-confirmed-quick')).toBe(1);
    expect(anyStarts()).toBe(1);

    local.engine.calls.reset();
    person.reply = { action: 'cancel' };
    const cancelled = await run(client, 'confirmed');
    expect(text(cancelled)).toMatch(
      /^Not started: the user dismissed without confirming the start of workflow "confirmed"\. Nothing was started; do not call run_workflow for it again/,
    );
    expect(anyStarts()).toBe(0);
  });

  it('2026-07-28 as a task: asked in input_required; accepted makes the task, declined starts nothing', async () => {
    const capabilities = { extensions: { [TASKS_EXTENSION]: {} }, ...FORMS };
    const call = (params: Obj) =>
      modernRequest(http.url, 'tools/call', params, { capabilities, name: 'run_workflow' });
    const params = { name: 'run_workflow', arguments: runArgs('confirmed') };

    local.engine.calls.reset();
    const asked = await call(params);
    expect(asked.result).toMatchObject({ resultType: 'input_required' });
    const requests = asked.result!.inputRequests as Record<string, { params: Obj }>;
    expect(requests.confirm?.params).toMatchObject({
      mode: 'form',
      message: QUESTION('lp-confirmed', 'confirmed'),
    });
    expect(anyStarts()).toBe(0);

    const created = await call({ ...params, inputResponses: { confirm: { action: 'accept', content: {} } } });
    expect(created.result).toMatchObject({ resultType: 'task', status: 'working' });
    expect(started('lp-confirmed')).toBe(1);

    local.engine.calls.reset();
    const declined = await call({ ...params, inputResponses: { confirm: { action: 'decline' } } });
    expect(declined.result?.resultType).not.toBe('task');
    expect(declined.result?.isError).toBe(true);
    expect(text(declined.result!)).toMatch(DECLINED);
    expect(anyStarts()).toBe(0);
  });
});
