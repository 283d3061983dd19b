/**
 * Graceful shutdown over Streamable HTTP (issue 5): on SIGTERM the server stops taking work, lets
 * in-flight calls finish within the grace period, then answers the Standard calls still waiting with
 * their execution ARNs (Bridge.drain) and exits 0. The executions themselves go on in Step Functions.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { engineEnv, startHttpServer, type HttpServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';
import { createMachines, useEngine } from '../helpers/engine.js';
import { post, rpc } from '../helpers/http.js';

const waitThenPass = (seconds: number) => ({
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Wait', Seconds: seconds, Next: 'Done' },
    Done: { Type: 'Pass', Result: { done: true }, End: true },
  },
});

const local = useEngine();
const servers: HttpServer[] = [];

beforeAll(async () => {
  await createMachines(local.engine, [
    { name: 'standard-long', type: 'STANDARD', definition: waitThenPass(60) },
    { name: 'standard-short', type: 'STANDARD', definition: waitThenPass(2) },
  ]);
});

afterAll(async () => {
  await Promise.allSettled(servers.map((s) => s.close()));
});

async function start(graceSeconds: number): Promise<{ server: HttpServer; client: Client }> {
  const server = await startHttpServer(
    engineEnv(local.engine.endpoint, { SFN_MCP_SHUTDOWN_GRACE_SECONDS: String(graceSeconds) }),
  );
  servers.push(server);
  return { server, client: await server.connect() };
}

/** Resolves once the engine has been asked to describe an execution of `machine` (the wait has begun). */
function waiting(machine: string): Promise<true> {
  return waitFor(
    () =>
      local.engine.calls
        .entries()
        .some((e) => e.operation === 'DescribeExecution' && e.arn?.includes(`:execution:${machine}:`))
        ? true
        : undefined,
    `a DescribeExecution of ${machine}`,
  );
}

function text(result: { content?: unknown }): string {
  return (result.content as Array<{ text?: string }>).map((c) => c.text ?? '').join('\n');
}

describe('SIGTERM', () => {
  it('answers a Standard call still waiting after the grace period with its execution ARN, then exits 0', async () => {
    const { server, client } = await start(0);
    const call = client.callTool({ name: 'standard_long', arguments: {} });
    await waiting('standard-long');
    const exited = once(server.process, 'exit');
    server.process.kill('SIGTERM');

    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(result._meta?.status).toBe('RUNNING');
    expect(String(result._meta?.executionArn)).toContain(':execution:standard-long:');
    expect(text(result)).toContain(String(result._meta?.executionArn));
    expect(text(result)).toContain('get_execution_result');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });

  it('lets a call that ends within the grace period finish, while new requests are turned away', async () => {
    const { server, client } = await start(30);
    const call = client.callTool({ name: 'standard_short', arguments: {} });
    await waiting('standard-short');
    const exited = once(server.process, 'exit');
    server.process.kill('SIGTERM');

    // A new request: the listener is closed (refused) or, on a kept-alive socket, answered 503.
    const late = await waitFor(async () => {
      const res = await post(server.url, rpc('tools/list')).catch(() => 'refused' as const);
      if (res === 'refused') return res;
      return res.status === 503 ? res.status : undefined;
    }, 'a refused or 503 request');
    expect(['refused', 503]).toContain(late);

    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(result._meta?.status).toBe('SUCCEEDED');
    expect(result.structuredContent).toEqual({ done: true });
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });
});
