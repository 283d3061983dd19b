/**
 * What the README promises of run_workflow beyond one call's answer (large-catalogue mode, the built
 * server, the real MCP client over stdio and Streamable HTTP, the local engine): progress notifications
 * while a Standard run waits, cancellation (the wait ends; the execution is stopped or left running as
 * set), a 2026-07-28 call that allows a task running an Express workflow in the call and a Standard one as
 * a task, and a catalogue refresh that takes the selection across the tool budget switching modes with
 * notifications/tools/list_changed, both ways.
 */
import { DeleteStateMachineCommand } from '@aws-sdk/client-sfn';
import { Client, type Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMachines, useEngine } from '../helpers/engine.js';
import { modernRequest } from '../helpers/http.js';
import {
  HOLD,
  QUICK,
  expectCancelMidRun,
  expectRunProgress,
  text,
  type Note,
} from '../helpers/long-runs-machines.js';
import {
  CLI,
  connectStdio,
  engineEnv,
  startHttpServer,
  stdioTransport,
  type Connected,
  type HttpServer,
} from '../helpers/server.js';
import { TASKS_EXTENSION, type Obj } from '../helpers/raw-requests.js';
import { waitFor } from '../helpers/wait-for.js';

const LARGE = ['get_execution_result', 'run_workflow', 'search_workflows'];

const local = useEngine();
const arns: Record<string, string> = {};

beforeAll(async () => {
  const specs = [
    { name: 'lr-hold', definition: HOLD },
    { name: 'lr-cancel', definition: HOLD },
    { name: 'lr-quick', type: 'EXPRESS' as const, definition: QUICK },
    { name: 'lx-one', type: 'EXPRESS' as const, definition: QUICK },
    { name: 'lx-two', type: 'EXPRESS' as const, definition: QUICK },
  ];
  const created = await createMachines(local.engine, specs);
  specs.forEach((s, i) => (arns[s.name] = created[i]!));
});

/** Three machines and get_execution_result: four tools, over a budget of 2. */
const env = (extra: Record<string, string> = {}) =>
  engineEnv(local.engine.endpoint, { STATE_MACHINE_PREFIX: 'lr-', SFN_MCP_TOOL_BUDGET: '2', ...extra });

describe('through run_workflow', () => {
  let stdio: Connected;
  let http: HttpServer;
  const clients: Record<string, Client> = {};
  beforeAll(async () => {
    // stdio stops a cancelled run's execution, HTTP leaves it running: both settings of the one switch.
    stdio = await connectStdio(env({ SFN_MCP_STOP_ON_CANCEL: 'true' }));
    http = await startHttpServer(env());
    clients['stdio 2025-11-25'] = stdio.client;
    clients['http 2026-07-28'] = await http.connect('2026-07-28');
  });
  afterAll(async () => {
    await Promise.allSettled([stdio?.close(), http?.close()]);
  });

  it('serves the large-catalogue mode', async () => {
    expect((await clients['stdio 2025-11-25']!.listTools()).tools.map((t) => t.name)).toEqual(LARGE);
  });

  it.each(['stdio 2025-11-25', 'http 2026-07-28'])(
    'sends progress notifications while a Standard run waits, and none after (%s)',
    async (transport) => {
      const client = clients[transport]!;
      const notes: Note[] = [];
      const result = await client.callTool(
        { name: 'run_workflow', arguments: { workflow: 'hold', arguments: { seconds: 2, id: transport } } },
        { onprogress: (p) => void notes.push(p) },
      );
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ id: transport, done: true });
      await expectRunProgress(client, notes, result);
    },
  );

  it.each([
    ['stdio 2025-11-25', true],
    ['http 2026-07-28', false],
  ] as const)(
    'ends the wait at once when cancelled (%s, stopOnCancel %s)',
    async (transport, stopOnCancel) => {
      const client = clients[transport]!;
      await expectCancelMidRun(
        local.engine,
        client,
        arns['lr-cancel']!,
        { name: 'run_workflow', arguments: { workflow: 'cancel', arguments: { seconds: 3, id: transport } } },
        stopOnCancel,
      );

      const quick = await client.callTool({
        name: 'run_workflow',
        arguments: { workflow: 'quick', arguments: { id: 'after' } },
      });
      expect(quick.structuredContent).toEqual({ id: 'after' });
    },
  );

  it('2026-07-28, tasks allowed: an Express workflow answers in the call, a Standard one becomes a task', async () => {
    const capabilities = { extensions: { [TASKS_EXTENSION]: {} } };
    const call = (args: Obj) =>
      modernRequest(
        http.url,
        'tools/call',
        { name: 'run_workflow', arguments: args },
        { capabilities, name: 'run_workflow' },
      );

    const express = await call({ workflow: 'quick', arguments: { id: 'in-call' } });
    expect(express.error).toBeUndefined();
    expect(express.result?.resultType).not.toBe('task');
    expect(express.result?.taskId).toBeUndefined();
    expect(express.result?.structuredContent).toEqual({ id: 'in-call' });
    expect(text(express.result!)).not.toMatch(/cannot run as a task/);

    const standard = await call({ workflow: 'hold', arguments: { seconds: 0, id: 'as-task' } });
    expect(standard.result).toMatchObject({ resultType: 'task', status: 'working' });
    const taskId = String(standard.result!.taskId);
    const done = await waitFor(async () => {
      const r = await modernRequest(http.url, 'tasks/get', { taskId }, { capabilities, name: taskId });
      return r.result?.status === 'completed' ? r.result : undefined;
    }, 'the task to complete');
    expect((done.result as Obj | undefined)?.structuredContent).toEqual({ id: 'as-task', done: true });
  });
});

describe('a refresh that takes the selection across the tool budget', () => {
  let client: Client;
  let transport: ReturnType<typeof stdioTransport>;
  let stderr = '';
  const changes: Tool[][] = [];
  beforeAll(async () => {
    // lx-one and lx-two with get_execution_result: three tools, at a budget of 3.
    transport = stdioTransport({
      command: process.execPath,
      args: [CLI],
      env: engineEnv(local.engine.endpoint, {
        STATE_MACHINE_PREFIX: 'lx-',
        SFN_MCP_TOOL_BUDGET: '3',
        SFN_MCP_REFRESH_SECONDS: '0',
      }),
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client(
      { name: 'large-catalogue-refresh', version: '1.0.0' },
      { listChanged: { tools: { debounceMs: 0, onChanged: (_err, tools) => tools && changes.push(tools) } } },
    );
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close();
  });

  /** The tool names the next list_changed brings, after `act` changed the account and SIGHUP was sent. */
  async function changeAndRefresh(act: () => Promise<unknown>): Promise<string[]> {
    const seen = changes.length;
    await act();
    process.kill(transport.pid!, 'SIGHUP');
    const tools = await waitFor(() => (changes.length > seen ? changes.at(-1) : undefined), 'list_changed');
    return tools.map((t) => t.name);
  }

  it('switches to search and run when a new machine crosses it, and back when one goes', async () => {
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual([
      'get_execution_result',
      'one',
      'two',
    ]);

    const over = await changeAndRefresh(() =>
      createMachines(local.engine, [{ name: 'lx-three', type: 'EXPRESS', definition: QUICK }]).then(
        ([arn]) => (arns['lx-three'] = arn!),
      ),
    );
    expect(over).toEqual(LARGE);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(LARGE);
    // The new machine is reached through run_workflow; its own tool name is not a tool.
    const ran = await client.callTool({
      name: 'run_workflow',
      arguments: { workflow: 'three', arguments: { id: 'new' } },
    });
    expect(ran.structuredContent).toEqual({ id: 'new' });
    await expect(client.callTool({ name: 'three', arguments: { id: 'x' } })).rejects.toThrow(/Unknown tool/);
    expect(stderr).toContain(
      'large catalogue; one tool per machine would make 4 tools, over the tool budget of 3',
    );

    const back = await changeAndRefresh(() =>
      local.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arns['lx-three']! })),
    );
    expect(back).toEqual(['get_execution_result', 'one', 'two']);
    expect(
      (await client.callTool({ name: 'one', arguments: { id: 'per-machine' } })).structuredContent,
    ).toEqual({ id: 'per-machine' });
  });
});
