/**
 * MCP tasks (docs/long-runs.md): a Standard call started as a task on one server process and read,
 * awaited and cancelled on another (two HTTP servers on one engine, no shared store). 2025-11-25 through the
 * real client's custom-request form; 2026-07-28 (the io.modelcontextprotocol/tasks extension) as raw
 * JSON-RPC over HTTP, since the client SDK has no task runtime and refuses `resultType: "task"`.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTaskId } from '../../src/mcp/task-ids.js';
import { createMachines, useEngine } from '../helpers/engine.js';
import { modernRequest } from '../helpers/http.js';
import { engineEnv, startHttpServer, type HttpServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';
import { FAILING, HOLD, QUICK, statusOf, text } from '../helpers/long-runs-machines.js';
import { Loose, TASKS_EXTENSION, type Obj } from '../helpers/raw-requests.js';

const local = useEngine();
let a: HttpServer;
let b: HttpServer;
const arns: Record<string, string> = {};

beforeAll(async () => {
  const specs = [
    { name: 'tk-hold', definition: HOLD },
    { name: 'tk-quick', definition: QUICK },
    { name: 'tk-fail', definition: FAILING },
    { name: 'tk-express', type: 'EXPRESS' as const, definition: QUICK },
    { name: 'other-hold', definition: HOLD },
  ];
  const created = await createMachines(local.engine, specs);
  specs.forEach((s, i) => (arns[s.name] = created[i]!));
  const env = engineEnv(local.engine.endpoint, { STATE_MACHINE_PREFIX: 'tk-' });
  [a, b] = await Promise.all([startHttpServer(env), startHttpServer(env)]);
});

afterAll(async () => {
  await Promise.allSettled([a?.close(), b?.close()]);
});

async function startOther(): Promise<string> {
  const sfn = local.sfn;
  const out = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: arns['other-hold'], input: '{"seconds":0,"id":"o"}' }),
  );
  return out.executionArn!;
}

/** An execution of a served machine started elsewhere (not named mcp-<uuid>), still running. */
async function startElsewhere(name: string): Promise<string> {
  const sfn = local.sfn;
  const out = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: arns['tk-hold'],
      name,
      input: '{"seconds":600,"id":"elsewhere"}',
    }),
  );
  return out.executionArn!;
}

/** Whether an operation named this execution in the engine's call log. */
const reached = (operation: string, executionArn: string): boolean =>
  local.engine.calls.entries().some((e) => e.operation === operation && e.arn === executionArn);

const executionOf = (taskId: string): string =>
  Buffer.from(taskId.slice('sfn.v1.'.length), 'base64url').toString('utf8');

describe('2025-11-25 tasks', () => {
  let onA: Client;
  let onB: Client;
  beforeAll(async () => {
    [onA, onB] = await Promise.all([a.connect('2025-11-25'), b.connect('2025-11-25')]);
  });

  const call = (client: Client, name: string, args: Obj) =>
    client.request(
      { method: 'tools/call', params: { name, arguments: args, task: { ttl: 60_000 } } },
      Loose,
    ) as Promise<Obj>;
  const tasks = (client: Client, method: string, taskId: string) =>
    client.request({ method, params: { taskId } }, Loose) as Promise<Obj>;

  it('declares task support: the capability, and execution.taskSupport on Standard tools only', async () => {
    expect(onA.getServerCapabilities()?.tasks).toMatchObject({
      cancel: {},
      requests: { tools: { call: {} } },
    });
    const { tools } = await onA.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName.hold?.execution).toEqual({ taskSupport: 'optional' });
    expect(byName.express?.execution).toBeUndefined();
    expect(byName.get_execution_result?.execution).toBeUndefined();
  });

  it('a task-augmented call returns a working task at once; a second server process returns its result', async () => {
    const created = await call(onA, 'hold', { seconds: 1, id: 'task-1' });
    const task = created.task as Obj;
    expect(task).toMatchObject({ status: 'working', ttl: null, pollInterval: 1000 });
    expect(String(task.statusMessage)).toMatch(/^Execution RUNNING/);
    const taskId = String(task.taskId);
    expect(taskId).toMatch(/^sfn\.v1\./);
    expect(executionOf(taskId)).toMatch(/:execution:tk-hold:mcp-/);
    expect(new Date(String(task.createdAt)).toISOString()).toBe(task.createdAt);

    const polled = await tasks(onB, 'tasks/get', taskId);
    expect(polled).toMatchObject({ taskId, createdAt: task.createdAt });
    expect(['working', 'completed']).toContain(polled.status);

    // tasks/result blocks until the end, on the other process.
    const result = await tasks(onB, 'tasks/result', taskId);
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({ id: 'task-1', done: true });
    expect(result._meta).toMatchObject({
      'io.modelcontextprotocol/related-task': { taskId },
      executionArn: executionOf(taskId),
      status: 'SUCCEEDED',
    });

    const done = await tasks(onA, 'tasks/get', taskId);
    expect(done).toMatchObject({ taskId, status: 'completed' });
    expect(typeof done.ttl).toBe('number');
  });

  it('a failed run is a failed task whose result carries error, cause and failed state', async () => {
    const created = await call(onA, 'fail', {});
    const taskId = String((created.task as Obj).taskId);
    const result = await tasks(onB, 'tasks/result', taskId);
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('Execution FAILED in state "Reject": OrderRejected');
    const polled = await tasks(onB, 'tasks/get', taskId);
    expect(polled).toMatchObject({ status: 'failed' });
    expect(String(polled.statusMessage)).toContain('OrderRejected');
  });

  it('tasks/cancel stops the execution, on any server process', async () => {
    const created = await call(onA, 'hold', { seconds: 60, id: 'to-cancel' });
    const taskId = String((created.task as Obj).taskId);
    const cancelled = await tasks(onB, 'tasks/cancel', taskId);
    expect(cancelled).toMatchObject({ taskId, status: 'cancelled' });
    expect(await statusOf(local.engine, executionOf(taskId))).toBe('ABORTED');
    expect(await tasks(onA, 'tasks/get', taskId)).toMatchObject({ status: 'cancelled' });
    await expect(tasks(onA, 'tasks/cancel', taskId)).rejects.toThrow(
      /already in terminal status 'cancelled'/,
    );
  });

  it('refuses task ids of unselected machines and ids it did not make', async () => {
    const forged = encodeTaskId(await startOther());
    await expect(tasks(onB, 'tasks/get', forged)).rejects.toThrow(/Task not found/);
    await expect(tasks(onB, 'tasks/cancel', forged)).rejects.toThrow(/Task not found/);
    await expect(tasks(onB, 'tasks/get', 'made-up')).rejects.toThrow(/Task not found/);
  });

  it('refuses task reads and cancels of executions of a served machine that this server did not start', async () => {
    const executionArn = await startElsewhere('batch-2025');
    const forged = encodeTaskId(executionArn);
    local.engine.calls.reset();
    await expect(tasks(onB, 'tasks/get', forged)).rejects.toThrow(/Task not found/);
    await expect(tasks(onB, 'tasks/result', forged)).rejects.toThrow(/Task not found/);
    await expect(tasks(onA, 'tasks/cancel', forged)).rejects.toThrow(/Task not found/);
    expect(local.engine.calls.counts()).toEqual({}); // refused before any AWS call
    expect(reached('StopExecution', executionArn)).toBe(false);
    expect(await statusOf(local.engine, executionArn)).toBe('RUNNING');
  });

  it('an Express tool refuses a task-augmented call; a refused input starts nothing and says why', async () => {
    await expect(call(onA, 'express', { id: 'x' })).rejects.toThrow(/does not support task-augmented calls/);
    await expect(call(onA, 'get_execution_result', {})).rejects.toThrow(
      /does not support task-augmented calls/,
    );
    local.engine.calls.reset();
    const refused = await call(onA, 'hold', { blob: 'x'.repeat(300 * 1024) });
    expect(refused.task).toBeUndefined();
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/256 KiB/);
    expect(local.engine.calls.counts().StartExecution ?? 0).toBe(0);
  });
});

/** Raw JSON-RPC over HTTP for 2026-07-28, declaring the tasks extension unless told not to. */
function rpc2026(
  server: HttpServer,
  method: string,
  params: Obj,
  opts: { withExtension?: boolean; name?: string } = {},
): ReturnType<typeof modernRequest> {
  return modernRequest(server.url, method, params, {
    capabilities: opts.withExtension === false ? {} : { extensions: { [TASKS_EXTENSION]: {} } },
    ...(opts.name ? { name: opts.name } : {}),
  });
}

describe('2026-07-28 tasks extension', () => {
  const callTool = (name: string, args: Obj, withExtension = true) =>
    rpc2026(a, 'tools/call', { name, arguments: args }, { name, withExtension });
  const taskRequest = (server: HttpServer, method: string, taskId: string, withExtension = true) =>
    rpc2026(server, method, { taskId }, { name: taskId, withExtension });

  it('declares the extension, and no per-tool execution field (removed from 2026-07-28)', async () => {
    const discover = await rpc2026(a, 'server/discover', {});
    expect((discover.result?.capabilities as Obj).extensions).toMatchObject({ [TASKS_EXTENSION]: {} });
    expect((discover.result?.capabilities as Obj).tasks).toBeUndefined();
    const list = await rpc2026(a, 'tools/list', {});
    for (const tool of list.result?.tools as Obj[]) expect(tool).not.toHaveProperty('execution');
  });

  it('a call from a client with the extension returns a task; tasks/get on another process inlines the result', async () => {
    const created = await callTool('hold', { seconds: 1, id: 'modern' });
    expect(created.result).toMatchObject({
      resultType: 'task',
      status: 'working',
      ttlMs: null,
      pollIntervalMs: 1000,
    });
    const taskId = String(created.result?.taskId);

    const done = await waitFor(
      async () => {
        const r = await taskRequest(b, 'tasks/get', taskId);
        expect(r.result?.resultType).toBe('complete');
        return r.result?.status === 'working' ? undefined : r.result;
      },
      'the task to end',
      15_000,
    );
    expect(done).toMatchObject({ taskId, status: 'completed' });
    expect((done.result as Obj).structuredContent).toEqual({ id: 'modern', done: true });
  });

  it('a failed run is a completed task with the isError result (failed is for JSON-RPC errors)', async () => {
    const created = await callTool('fail', {});
    const taskId = String(created.result?.taskId);
    const done = await waitFor(
      async () => {
        const r = await taskRequest(b, 'tasks/get', taskId);
        return r.result?.status === 'working' ? undefined : r.result;
      },
      'the task to end',
      15_000,
    );
    expect(done.status).toBe('completed');
    expect((done.result as Obj).isError).toBe(true);
    expect(text(done.result as Obj)).toContain('in state "Reject"');
  });

  it('tasks/cancel is acknowledged and stops the execution', async () => {
    const created = await callTool('hold', { seconds: 60, id: 'modern-cancel' });
    const taskId = String(created.result?.taskId);
    const ack = await taskRequest(b, 'tasks/cancel', taskId);
    expect(ack.result).toEqual({ resultType: 'complete', _meta: expect.any(Object) });
    expect(await statusOf(local.engine, executionOf(taskId))).toBe('ABORTED');
    expect((await taskRequest(a, 'tasks/get', taskId)).result).toMatchObject({ status: 'cancelled' });
    // Cancelling again (the task already ended) is still acknowledged.
    expect((await taskRequest(a, 'tasks/cancel', taskId)).result?.resultType).toBe('complete');
  });

  it('without the extension: a normal result, and tasks/* answer "missing capability"', async () => {
    const plain = await callTool('quick', { id: 'plain' }, false);
    expect(plain.result).toMatchObject({ resultType: 'complete', structuredContent: { id: 'plain' } });
    const created = await callTool('hold', { seconds: 0, id: 'cap' });
    const taskId = String(created.result?.taskId);
    expect((await taskRequest(b, 'tasks/get', taskId, false)).error?.code).toBe(-32021);
    expect((await taskRequest(b, 'tasks/result', taskId)).error?.code).toBe(-32601);
  });

  it('a call to a tool that cannot run as a task answers in the call (the server decides)', async () => {
    const express = await callTool('express', { id: 'no-task' });
    expect(express.result).toMatchObject({ resultType: 'complete', structuredContent: { id: 'no-task' } });
    expect(express.result).not.toHaveProperty('taskId');
    const read = await callTool('get_execution_result', { executionArn: 'nope' });
    expect(read.result).toMatchObject({ resultType: 'complete', isError: true });
    expect(text(read.result!)).toMatch(/not a Step Functions execution ARN/);
  });

  it('refuses task ids of executions this server did not start: tasks/cancel stops nothing', async () => {
    const executionArn = await startElsewhere('batch-2026');
    const forged = encodeTaskId(executionArn);
    local.engine.calls.reset();
    for (const method of ['tasks/get', 'tasks/cancel']) {
      const r = await taskRequest(b, method, forged);
      expect(r.error?.code, method).toBe(-32602);
      expect(r.error?.message).toMatch(/Task not found/);
    }
    expect(local.engine.calls.counts()).toEqual({});
    expect(reached('StopExecution', executionArn)).toBe(false);
    expect(await statusOf(local.engine, executionArn)).toBe('RUNNING');
  });

  it('refuses a forged task id for an unselected machine', async () => {
    const forged = encodeTaskId(await startOther());
    const r = await taskRequest(b, 'tasks/get', forged);
    expect(r.error?.code).toBe(-32602);
    expect(r.error?.message).toMatch(/Task not found/);
  });
});
