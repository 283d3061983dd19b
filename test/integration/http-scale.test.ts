/**
 * Scale-out over Streamable HTTP (issue 5): two server processes on one engine answer one client's
 * alternating requests identically, a Standard run started on one is finished on the other, and 200
 * concurrent calls to one instance all succeed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, StreamableHTTPClientTransport, type FetchLike } from '@modelcontextprotocol/client';
import { engineEnv, newClient, REVISIONS, startHttpServer, type HttpServer } from '../helpers/server.js';
import { createMachines, useEngine } from '../helpers/engine.js';
import { percentile, post, rpc, rpcResult } from '../helpers/http.js';

const greet = {
  StartAt: 'Greet',
  States: {
    Greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('Hello, {}!', $.name)" }, End: true },
  },
};
const slow = {
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Wait', Seconds: 2, Next: 'Done' },
    Done: { Type: 'Pass', Result: { done: true }, End: true },
  },
};

const local = useEngine();
let a: HttpServer;
let b: HttpServer;
const clients: Client[] = [];

beforeAll(async () => {
  await createMachines(local.engine, [
    { name: 'express-greet', type: 'EXPRESS', definition: greet },
    { name: 'standard-greet', type: 'STANDARD', definition: greet },
    { name: 'standard-slow', type: 'STANDARD', definition: slow },
  ]);
  // A one-second wait budget, so a Standard run outlives the call that started it.
  const env = engineEnv(local.engine.endpoint, { SFN_MCP_WAIT_BUDGET_SECONDS: '1' });
  [a, b] = await Promise.all([startHttpServer(env), startHttpServer(env)]);
});

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await Promise.all([a?.close(), b?.close()]);
});

/** One client whose requests go round-robin to A and B, as behind a load balancer without stickiness. */
async function roundRobinClient(revision: (typeof REVISIONS)[number]) {
  const hits = { a: 0, b: 0 };
  let next = 0;
  const fetchAlternating: FetchLike = (url, init) => {
    const target = next++ % 2 === 0 ? a : b;
    hits[target === a ? 'a' : 'b']++;
    const u = new URL(url);
    const t = new URL(target.url);
    u.host = t.host;
    return fetch(u, init);
  };
  const client = newClient(revision);
  await client.connect(new StreamableHTTPClientTransport(new URL(a.url), { fetch: fetchAlternating }));
  clients.push(client);
  return { client, hits };
}

describe.each(REVISIONS)('two instances behind round-robin, protocol %s', (revision) => {
  it('answer alternating requests of one client identically', async () => {
    const { client, hits } = await roundRobinClient(revision);
    const lists = [await client.listTools(), await client.listTools()];
    expect(lists[1]).toEqual(lists[0]);
    expect(lists[0]!.tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(['express_greet', 'standard_greet', 'standard_slow']),
    );
    const calls = [];
    for (let i = 0; i < 4; i++) {
      calls.push(
        await client.callTool({
          name: i % 2 ? 'standard_greet' : 'express_greet',
          arguments: { name: 'Ada' },
        }),
      );
    }
    for (const call of calls) expect(call.structuredContent).toEqual({ greeting: 'Hello, Ada!' });
    expect(hits.a).toBeGreaterThanOrEqual(3);
    expect(hits.b).toBeGreaterThanOrEqual(3);
  });
});

describe('a run started on one instance', () => {
  it('is finished on the other: the execution ARN is the only state', async () => {
    const onA = newClient();
    const onB = newClient();
    clients.push(onA, onB);
    await onA.connect(new StreamableHTTPClientTransport(new URL(a.url)));
    await onB.connect(new StreamableHTTPClientTransport(new URL(b.url)));

    const started = await onA.callTool({ name: 'standard_slow', arguments: {} });
    expect(started.isError).toBeFalsy();
    expect(started._meta?.status).toBe('RUNNING');
    const executionArn = String(started._meta?.executionArn);
    expect(executionArn).toContain(':execution:standard-slow:');

    // Poll from B until the run ends (each call waits up to the one-second budget).
    let result = await onB.callTool({ name: 'get_execution_result', arguments: { executionArn } });
    for (let i = 0; i < 20 && result._meta?.status === 'RUNNING'; i++) {
      result = await onB.callTool({ name: 'get_execution_result', arguments: { executionArn } });
    }
    expect(result._meta?.status).toBe('SUCCEEDED');
    expect(result.structuredContent).toEqual({ done: true });
  });
});

describe('an MCP task started on one instance (2025-11-25)', () => {
  it('is read to its result on the other: the task id carries the execution ARN', async () => {
    const created = await rpcResult(
      await post(a.url, rpc('tools/call', { name: 'standard_slow', arguments: {}, task: { ttl: 60_000 } })),
    );
    const task = (created.result as { task?: { taskId: string; status: string } }).task;
    expect(task?.status).toBe('working');
    const finished = await rpcResult(await post(b.url, rpc('tasks/result', { taskId: task!.taskId }, 2)));
    const result = finished.result as { structuredContent?: unknown; isError?: boolean };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ done: true });
    const status = await rpcResult(await post(a.url, rpc('tasks/get', { taskId: task!.taskId }, 3)));
    expect((status.result as { status: string }).status).toBe('completed');
  });
});

describe('load', () => {
  it('serves 200 concurrent calls to one instance, all successfully', async () => {
    const client = newClient();
    clients.push(client);
    await client.connect(new StreamableHTTPClientTransport(new URL(a.url)));
    const N = 200;
    const started = performance.now();
    const durations: number[] = [];
    const results = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const t0 = performance.now();
        const r = await client.callTool({ name: 'express_greet', arguments: { name: `n${i}` } });
        durations.push(performance.now() - t0);
        return r;
      }),
    );
    const total = performance.now() - started;
    results.forEach((r, i) => {
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      expect(r.structuredContent).toEqual({ greeting: `Hello, n${i}!` });
    });
    durations.sort((x, y) => x - y);
    // A figure for the report, not an assertion: timings depend on the machine.
    console.log(
      `200 concurrent calls over HTTP: total ${total.toFixed(0)} ms, ` +
        `p50 ${percentile(durations, 50).toFixed(0)} ms, p95 ${percentile(durations, 95).toFixed(0)} ms, ` +
        `max ${durations.at(-1)!.toFixed(0)} ms`,
    );
  });
});
