/**
 * What a load balancer sees during a shutdown (docs/deployment.md, Shutdown): once SIGTERM has closed the
 * listener, a request that arrives on a connection it kept alive is answered 503 with Connection: close
 * and Retry-After (the balancer retries it elsewhere), not dropped with the connection, while a call in
 * flight goes on within the grace period.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { engineEnv, startHttpServer, type HttpServer } from '../helpers/server.js';
import { createMachines, startTestEngine, type Engine } from '../helpers/engine.js';
import { RawConnection, requestHead } from '../helpers/hostile.js';
import { waitFor } from '../helpers/wait-for.js';

let engine: Engine;
let server: HttpServer;

beforeAll(async () => {
  engine = await startTestEngine();
  await createMachines(engine, [
    {
      name: 'standard-long',
      type: 'STANDARD',
      definition: {
        StartAt: 'Wait',
        States: { Wait: { Type: 'Wait', Seconds: 60, Next: 'Done' }, Done: { Type: 'Pass', End: true } },
      },
    },
  ]);
  server = await startHttpServer(engineEnv(engine.endpoint, { SFN_MCP_SHUTDOWN_GRACE_SECONDS: '30' }));
});

afterAll(async () => {
  await server?.close();
  await engine?.close();
});

/** Whether a new TCP connection to the server is refused (its listener is closed). */
async function listenerClosed(url: string): Promise<true | undefined> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const outcome = await new Promise<string | undefined>((resolve) => {
    socket.once('connect', () => resolve('open'));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code));
  });
  socket.destroy();
  return outcome === 'ECONNREFUSED' ? true : undefined;
}

it('answers a request on a kept-alive connection 503 with Connection: close during the grace period', async () => {
  const host = new URL(server.url).host;
  const kept = await RawConnection.open(server.url);
  try {
    kept.write(requestHead('GET', '/healthz', { host }));
    const before = await kept.answer();
    expect(before.status).toBe(200);
    expect(before.headers.connection).toBe('keep-alive');

    const client = await server.connect();
    // The call is cut when the test ends the server; only its being in flight matters here.
    const call = client.callTool({ name: 'standard_long', arguments: {} }).catch(() => undefined);
    await waitFor(
      () => (engine.calls.counts().DescribeExecution ? true : undefined),
      'the Standard call to be waiting',
    );
    server.process.kill('SIGTERM');
    await waitFor(() => listenerClosed(server.url), 'the listener to close');

    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    kept.write(
      requestHead('POST', '/mcp', {
        host,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-11-25',
        'content-length': Buffer.byteLength(body),
      }) + body,
    );
    const during = await kept.answer();
    expect(during.status).toBe(503);
    expect(during.headers.connection).toBe('close');
    expect(during.headers['retry-after']).toBe('1');
    expect(during.body).toContain('shutting down');
    await kept.closed;

    // The call in flight was not cut: it is still waiting within the grace period.
    expect(server.process.exitCode).toBeNull();
    void call;
  } finally {
    kept.close();
  }
});
