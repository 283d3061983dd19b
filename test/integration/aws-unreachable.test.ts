/**
 * AWS cannot be reached: `list` and a client over stdio are told which endpoint, which setting points
 * there and what to check, in one message and never with a stack trace; the server keeps running.
 */
import { createServer } from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { connectStdio, engineEnv, runCli } from '../helpers/server.js';

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describe('AWS unreachable', () => {
  it('list says which endpoint and setting, with no stack trace', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const { code, stdout, stderr } = await runCli(['list'], engineEnv(endpoint));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `Could not reach AWS Step Functions at ${endpoint} (set by AWS_ENDPOINT_URL / --endpoint-url): `,
    );
    expect(stderr).toContain('ECONNREFUSED');
    expect(stderr).toContain('Check that this endpoint is right and reachable');
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('names the Step Functions endpoint setting when that one is set', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const env = engineEnv('http://127.0.0.1:9', { AWS_ENDPOINT_URL_SFN: endpoint });
    const { code, stderr } = await runCli(['list', '--json'], env);
    expect(code).toBe(1);
    expect(stderr).toContain(`at ${endpoint} (set by AWS_ENDPOINT_URL_SFN / --sfn-endpoint-url)`);
  });

  it('answers tools/list over stdio with the same message, and keeps serving', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const server = await connectStdio(engineEnv(endpoint));
    try {
      const error = await server.client.listTools().then(
        () => undefined,
        (err: unknown) => err as Error,
      );
      expect(error?.message).toContain(`Could not reach AWS Step Functions at ${endpoint}`);
      expect(error?.message).not.toMatch(/\n\s+at /);
      // Still alive: the protocol answers, and the next listing tries again and says the same.
      await server.client.ping();
      await expect(server.client.listTools()).rejects.toThrow('Could not reach AWS Step Functions');
      expect(server.pid()).not.toBeNull();
    } finally {
      await server.close();
    }
  });
});
