/**
 * A server killed (SIGKILL) while a Standard call waits loses no run. The engine lives in the test
 * process and survives; the client learns the execution ARN from the call's FIRST progress notification
 * (src/execution/standard.ts), so after the kill a new server process reads the run both ways a client
 * can: get_execution_result with the ARN, and tasks/get with the MCP task id that names it. The same
 * for a task-augmented call whose tasks/result was waiting. Over stdio and Streamable HTTP, with the
 * real MCP client.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeTaskId } from '../../src/mcp/task-ids.js';
import { createMachines, useEngine } from '../helpers/engine.js';
import { HOLD, executionsOf, finalStatusOf, machineOf } from '../helpers/long-runs-machines.js';
import { Loose, type Obj } from '../helpers/raw-requests.js';
import { INPUT_MARKER } from '../helpers/secrets.js';
import { connectStdio, engineEnv, startHttpServer, type ProtocolRevision } from '../helpers/server.js';

type Transport = 'stdio' | 'http';

const local = useEngine();
let holdArn: string;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  [holdArn] = (await createMachines(local.engine, [{ name: 'fk-hold', definition: HOLD }])) as [string];
});

afterEach(async () => {
  await Promise.allSettled(closers.splice(0).map((close) => close()));
});

/** A server process of the transport, its client, and SIGKILL for it. */
async function serve(transport: Transport): Promise<{ client: Client; kill(): void }> {
  const env = engineEnv(local.engine.endpoint, {
    STATE_MACHINE_PREFIX: 'fk-',
    SFN_MCP_WAIT_BUDGET_SECONDS: '0',
  });
  const revision: ProtocolRevision = '2025-11-25';
  if (transport === 'stdio') {
    const conn = await connectStdio(env, [], revision);
    closers.push(() => conn.close());
    return { client: conn.client, kill: () => process.kill(conn.pid()!, 'SIGKILL') };
  }
  const server = await startHttpServer(env);
  closers.push(() => server.close());
  return { client: await server.connect(revision), kill: () => server.process.kill('SIGKILL') };
}

/** The execution ARN a progress message names. */
function arnIn(message: string | undefined): string {
  const match = /executionArn "([^"]+)"/.exec(message ?? '');
  if (!match) throw new Error(`no execution ARN in the progress message: ${message}`);
  return match[1]!;
}

/** Starts a 10-minute run through `client` and resolves with the ARN of its first progress notification. */
function callUntilFirstProgress(
  client: Client,
  id: string,
): { arn: Promise<string>; call: Promise<unknown> } {
  let first!: (message: string | undefined) => void;
  const progressed = new Promise<string | undefined>((resolve) => (first = resolve));
  const call = client.callTool(
    { name: 'hold', arguments: { seconds: 600, id } },
    { onprogress: (p) => first(p.message), timeout: 120_000 },
  );
  return { arn: progressed.then(arnIn), call };
}

/**
 * Resolves once the client has seen its call cut off: over stdio the call fails (the connection closed);
 * over Streamable HTTP the client SDK reports the broken response stream through `onerror` but leaves the
 * call pending until its own time-out, which is why the first progress notification carries the ARN.
 */
function cutOff(client: Client, call: Promise<unknown>): Promise<string> {
  call.catch(() => undefined); // settled by the client's close after the test
  return new Promise((resolve) => {
    call.then(
      () => resolve('the call returned'),
      (error: unknown) => resolve(`the call failed: ${String(error)}`),
    );
    client.onerror = (error) => resolve(`the client saw: ${String(error)}`);
  });
}

/** What a new server process says about the run: the result tool's answer and the task's status. */
async function readAfterKill(client: Client, executionArn: string) {
  const result = await client.callTool({
    name: 'get_execution_result',
    arguments: { executionArn, waitSeconds: 0 },
  });
  const task = (await client.request(
    { method: 'tasks/get', params: { taskId: encodeTaskId(executionArn) } },
    Loose,
  )) as Obj;
  return { result, task };
}

describe.each<Transport>(['stdio', 'http'])('a server killed mid-call over %s', (transport) => {
  it('leaves a run that a new server process finds by the ARN of the first progress notification', async () => {
    const first = await serve(transport);
    const { arn, call } = callUntilFirstProgress(first.client, `${INPUT_MARKER}-${transport}`);
    const executionArn = await arn;
    expect(machineOf(executionArn)).toBe(holdArn);
    first.kill();
    expect(await cutOff(first.client, call)).toMatch(/failed|closed|disconnected|terminated/i);

    // The run went on without the server: one execution for this call, still running.
    const runs = (await executionsOf(local.engine, holdArn)).filter((e) => e.executionArn === executionArn);
    expect(runs).toEqual([{ executionArn, status: 'RUNNING' }]);

    const second = await serve(transport);
    const { result, task } = await readAfterKill(second.client, executionArn);
    expect(result.isError).toBeFalsy();
    expect(result._meta).toMatchObject({ executionArn, status: 'RUNNING' });
    expect(task).toMatchObject({ taskId: encodeTaskId(executionArn), status: 'working' });

    // And the new process controls it: cancelling the task stops the execution.
    const cancelled = (await second.client.request(
      { method: 'tasks/cancel', params: { taskId: encodeTaskId(executionArn) } },
      Loose,
    )) as Obj;
    expect(cancelled).toMatchObject({ status: 'cancelled' });
    expect(await finalStatusOf(local.engine, executionArn)).toBe('ABORTED');
  });
});

describe('a server killed while tasks/result waits (HTTP)', () => {
  it('leaves a task that a new server process reads by its task id and by its ARN', async () => {
    const first = await serve('http');
    const created = (await first.client.request(
      {
        method: 'tools/call',
        params: {
          name: 'hold',
          arguments: { seconds: 600, id: `${INPUT_MARKER}-task` },
          task: { ttl: 60_000 },
        },
      },
      Loose,
    )) as Obj;
    const taskId = String((created.task as Obj).taskId);
    const waiting = first.client.request({ method: 'tasks/result', params: { taskId } }, Loose);
    first.kill();
    await expect(waiting).rejects.toThrow();

    const second = await serve('http');
    const polled = (await second.client.request({ method: 'tasks/get', params: { taskId } }, Loose)) as Obj;
    expect(polled).toMatchObject({ taskId, status: 'working' });
    const executionArn = Buffer.from(taskId.slice('sfn.v1.'.length), 'base64url').toString('utf8');
    const { result } = await readAfterKill(second.client, executionArn);
    expect(result._meta).toMatchObject({ executionArn, status: 'RUNNING' });
    await second.client.request({ method: 'tasks/cancel', params: { taskId } }, Loose);
    expect(await finalStatusOf(local.engine, executionArn)).toBe('ABORTED');
  });
});
