/**
 * Output schemas (SFN_MCP_OUTPUT_SCHEMA_ARN_TAG_KEY) through the built server and the real MCP client,
 * over stdio and Streamable HTTP: the registry schema the tag names is the tool's outputSchema, a
 * conforming output is the structuredContent (which the client SDK checks against that schema), and one
 * that does not conform is an isError result naming the violation, for calls and for task results alike.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { attachSchema, createMachines, useEngine } from '../helpers/engine.js';
import {
  connectStdio,
  engineEnv,
  startHttpServer,
  type Connected,
  type HttpServer,
} from '../helpers/server.js';
import { Loose } from '../helpers/raw-requests.js';
import { waitFor } from '../helpers/wait-for.js';

const TAG = 'OutputSchemaArn';
const pass = (result: unknown) => ({
  StartAt: 'Done',
  States: { Done: { Type: 'Pass', Result: result, End: true } },
});
const TOTALS = JSON.stringify({
  type: 'object',
  properties: { total: { type: 'number' }, currency: { type: 'string' } },
  required: ['total', 'currency'],
});
const COUNT = JSON.stringify({ type: 'integer', minimum: 0 });

const local = useEngine();
let stdio: Connected;
let http: HttpServer;
const clients: Record<string, Client> = {};

beforeAll(async () => {
  const machines = [
    { name: 'os-totals', type: 'EXPRESS' as const, definition: pass({ total: 12.5, currency: 'EUR' }) },
    { name: 'os-broken', type: 'EXPRESS' as const, definition: pass({ total: 'twelve' }) },
    { name: 'os-count', definition: pass(3) },
    { name: 'os-broken-standard', definition: pass({ total: 1 }) },
    {
      name: 'os-slow',
      definition: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 30, End: true } } },
    },
    { name: 'os-untyped', type: 'EXPRESS' as const, definition: pass({ any: 'thing' }) },
  ];
  const arns = await createMachines(local.engine, machines);
  const schemas = [TOTALS, TOTALS, COUNT, TOTALS, TOTALS];
  await Promise.all(
    schemas.map((content, i) =>
      attachSchema(local.engine, arns[i]!, TAG, {
        registry: 'outputs',
        name: machines[i]!.name,
        type: 'JSONSchemaDraft4',
        content,
      }),
    ),
  );
  const env = engineEnv(local.engine.endpoint, {
    STATE_MACHINE_PREFIX: 'os-',
    SFN_MCP_OUTPUT_SCHEMA_ARN_TAG_KEY: TAG,
    SFN_MCP_WAIT_BUDGET_SECONDS: '1',
  });
  [stdio, http] = await Promise.all([connectStdio(env), startHttpServer(env)]);
  clients.stdio = stdio.client;
  clients.http = await http.connect('2026-07-28');
});

afterAll(async () => {
  await Promise.allSettled([stdio?.close(), http?.close()]);
});

type Result = Awaited<ReturnType<Client['callTool']>>;
const text = (r: Result): string => (r.content as Array<{ text: string }>)[0]!.text;

describe.each(['stdio', 'http'])('over %s', (transport) => {
  let c: Client;
  beforeAll(async () => {
    c = clients[transport]!;
    // The client checks structuredContent against the outputSchema of its last tools/list.
    await c.listTools();
  });

  it('declares the registry schema as outputSchema, wrapping a non-object one under result', async () => {
    const byName = Object.fromEntries((await c.listTools()).tools.map((t) => [t.name, t]));
    expect(byName.totals?.outputSchema).toEqual(JSON.parse(TOTALS));
    expect(byName.count?.outputSchema).toEqual({
      type: 'object',
      properties: { result: { type: 'integer', minimum: 0 } },
      required: ['result'],
    });
    expect(byName.untyped?.outputSchema).toBeUndefined();
  });

  it('a conforming output is the structuredContent, which the client accepts', async () => {
    const totals = await c.callTool({ name: 'totals', arguments: {} });
    expect(totals.isError).toBeFalsy();
    expect(totals.structuredContent).toEqual({ total: 12.5, currency: 'EUR' });
    const count = await c.callTool({ name: 'count', arguments: {} });
    expect(count.isError).toBeFalsy();
    expect(count.structuredContent).toEqual({ result: 3 });
    expect(text(count)).toBe('3');
  });

  it('an output that does not conform is an error naming the violation', async () => {
    const broken = (await c.callTool({ name: 'broken', arguments: {} })) as Result;
    expect(broken.isError).toBe(true);
    expect(text(broken)).toContain(
      'Execution SUCCEEDED, but its output does not match the output schema of tool "broken"',
    );
    expect(text(broken)).toContain("- (root): must have required property 'currency'");
    expect(text(broken)).toContain('- /total: must be number');
    const standard = (await c.callTool({ name: 'broken_standard', arguments: {} })) as Result;
    expect(standard.isError).toBe(true);
    expect(text(standard)).toContain("must have required property 'currency'");
    expect(standard._meta).toMatchObject({ status: 'SUCCEEDED', outputSchemaViolation: true });
  });

  it('a run still going when the wait ends is an error for a typed tool (no output to type yet)', async () => {
    const slow = (await c.callTool({ name: 'slow', arguments: {} })) as Result;
    expect(slow.isError).toBe(true);
    expect(text(slow)).toMatch(/^Execution is still RUNNING after/);
    expect(slow._meta).toMatchObject({ status: 'RUNNING' });
  });
});

it('a task whose output does not conform fails with the violation (2025-11-25 over stdio)', async () => {
  const created = (await stdio.client.request(
    { method: 'tools/call', params: { name: 'broken_standard', arguments: {}, task: { ttl: 60_000 } } },
    z.looseObject({ task: z.looseObject({ taskId: z.string() }) }),
  )) as { task: { taskId: string } };
  const { taskId } = created.task;
  const task = await waitFor(async () => {
    const got = (await stdio.client.request({ method: 'tasks/get', params: { taskId } }, Loose)) as {
      status: string;
      statusMessage?: string;
    };
    return got.status === 'working' ? undefined : got;
  }, 'the task to end');
  expect(task.status).toBe('failed');
  expect(task.statusMessage).toMatch(/output does not match the output schema of tool "broken_standard"/);
  const result = (await stdio.client.request(
    { method: 'tasks/result', params: { taskId } },
    Loose,
  )) as Result;
  expect(result.isError).toBe(true);
  expect(text(result)).toContain("must have required property 'currency'");
});
