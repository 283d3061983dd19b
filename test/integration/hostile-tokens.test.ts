/**
 * Large and odd access tokens over Streamable HTTP: identity providers with group claims issue JWTs
 * beyond Node's 16 KiB header limit, so the limit is a setting (SFN_MCP_MAX_HEADER_BYTES, 64 KiB by
 * default); a token issued in the future (beyond the clock tolerance) is refused. Real issuer on
 * loopback, real MCP client, built server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { ConfigError, resolveConfig } from '../../src/config/index.js';
import { engineEnv, startHttpServer, type HttpServer } from '../helpers/server.js';
import { createMachines, startTestEngine, type Engine } from '../helpers/engine.js';
import { startTestIssuer, type TestIssuer } from '../helpers/jwks-issuer.js';
import { connectClient, post, rpc } from '../helpers/http.js';

let engine: Engine;
let issuer: TestIssuer;
const servers: HttpServer[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  [engine, issuer] = await Promise.all([startTestEngine(), startTestIssuer()]);
  await createMachines(engine, [{ name: 'orders-create', type: 'EXPRESS' }]);
});

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await Promise.allSettled(servers.map((s) => s.close()));
  await Promise.all([engine?.close(), issuer?.close()]);
});

async function start(extra: Record<string, string> = {}): Promise<HttpServer> {
  const server = await startHttpServer(
    engineEnv(engine.endpoint, {
      SFN_MCP_OAUTH_ISSUER: issuer.issuer,
      SFN_MCP_OAUTH_SCOPES: 'mcp',
      ...extra,
    }),
  );
  servers.push(server);
  return server;
}

/** A valid token carrying `groups` group claims (about 41 bytes each), as Entra or Okta issue them. */
function tokenWithGroups(server: HttpServer, groups: number): string {
  return issuer.token(server.url, {
    groups: Array.from(
      { length: groups },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    ),
  });
}

describe('request heads larger than 16 KiB', () => {
  it('serves a valid 16.6 KB JWT (Node alone answers 431 above 16 KiB)', async () => {
    const server = await start();
    const token = tokenWithGroups(server, 310);
    expect(token.length).toBeGreaterThan(16_600);
    const client = await connectClient(server.url, token);
    clients.push(client);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('orders_create');
  });

  it('answers 431 above SFN_MCP_MAX_HEADER_BYTES, and serves below it', async () => {
    const server = await start({ SFN_MCP_MAX_HEADER_BYTES: '16384' });
    const big = await post(server.url, rpc('tools/list'), {
      authorization: `Bearer ${tokenWithGroups(server, 310)}`,
    });
    expect(big.status).toBe(431);
    const small = await post(server.url, rpc('tools/list'), {
      authorization: `Bearer ${tokenWithGroups(server, 100)}`,
    });
    expect(small.status).toBe(200);
  });

  it('refuses a limit outside 8 KiB to 1 MiB at start, naming the setting', () => {
    for (const value of ['100', '2000000', 'lots']) {
      expect(() => resolveConfig({}, { SFN_MCP_MAX_HEADER_BYTES: value })).toThrow(ConfigError);
      expect(() => resolveConfig({}, { SFN_MCP_MAX_HEADER_BYTES: value })).toThrow(
        /SFN_MCP_MAX_HEADER_BYTES.*from 8192 to 1048576/,
      );
    }
    expect(resolveConfig({}, {}).http.maxHeaderBytes).toBe(65_536);
  });
});

describe('a token issued in the future', () => {
  it('is refused beyond the clock tolerance, with invalid_token naming iat', async () => {
    const server = servers[0] ?? (await start());
    const now = Math.floor(Date.now() / 1000);
    const future = issuer.token(server.url, { iat: now + 600, exp: now + 1200 });
    const res = await post(server.url, rpc('tools/list'), { authorization: `Bearer ${future}` });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/error="invalid_token".*iat/);
    const skewed = issuer.token(server.url, { iat: now + 30 });
    expect((await post(server.url, rpc('tools/list'), { authorization: `Bearer ${skewed}` })).status).toBe(
      200,
    );
  });
});
