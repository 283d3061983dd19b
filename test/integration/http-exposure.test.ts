/**
 * Exposure of the Streamable HTTP endpoint (issue 5): DNS-rebinding protection (Host and Origin),
 * the request-body limit, health endpoints, and refusing unsafe binds at start. Traffic only ever
 * goes to loopback addresses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineEnv, runCli, startHttpServer, type HttpServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';
import { createMachines, useEngine } from '../helpers/engine.js';
import { MCP_HEADERS, rawRequest, rpc } from '../helpers/http.js';

const local = useEngine();
let server: HttpServer;
let base: string;
let port: string;

beforeAll(async () => {
  await createMachines(local.engine, [{ name: 'express-echo', type: 'EXPRESS' }]);
  server = await startHttpServer(
    engineEnv(local.engine.endpoint, {
      SFN_MCP_ALLOWED_HOSTS: 'mcp.internal',
      SFN_MCP_ALLOWED_ORIGINS: 'https://app.example.com',
    }),
  );
  base = new URL(server.url).origin;
  port = new URL(server.url).port;
});

afterAll(async () => {
  await server?.close();
});

const list = (headers: Record<string, string>) =>
  rawRequest(server.url, { headers: { ...MCP_HEADERS, ...headers }, body: rpc('tools/list') });

describe('DNS-rebinding protection', () => {
  it.each([
    ['loopback', '127.0.0.1:PORT'],
    ['localhost', 'localhost'],
    ['an allowed host', 'mcp.internal:8443'],
  ])('serves a Host of %s', async (_name, host) => {
    expect((await list({ host: host.replace('PORT', port) })).status).toBe(200);
  });

  it('refuses another Host with 403', async () => {
    const res = await list({ host: `attacker.example:${port}` });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/host/i);
  });

  it.each([['http://localhost:5173'], ['http://127.0.0.1'], ['https://app.example.com']])(
    'serves a browser Origin of %s',
    async (origin) => {
      expect((await list({ host: `127.0.0.1:${port}`, origin })).status).toBe(200);
    },
  );

  it.each([['https://attacker.example'], ['null'], ['https://app.example.com.attacker.example']])(
    'refuses an Origin of %s with 403',
    async (origin) => {
      const res = await list({ host: `127.0.0.1:${port}`, origin });
      expect(res.status).toBe(403);
      expect(res.body).toMatch(/origin/i);
    },
  );
});

describe('a wildcard bind with no public name configured', () => {
  /** The start-up warning about the Host check, once it is on stderr. */
  const hostWarning = (s: HttpServer) =>
    waitFor(
      () =>
        s
          .stderr()
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { level: string; msg: string })
          .find((line) => line.msg.includes('Host header')),
      'the Host header warning',
    );

  it('serves any Host to an authenticated caller, and its warning says why that is safe and what to set', async () => {
    const wild = await startHttpServer(
      engineEnv(local.engine.endpoint, { SFN_MCP_AUTH_TOKENS: 'leakcheck-wild-token' }),
      ['--host', '0.0.0.0'],
    );
    try {
      const warning = await hostWarning(wild);
      expect(warning.level).toBe('warn');
      expect(warning.msg).toContain('Host header is not checked');
      expect(warning.msg).toContain('0.0.0.0');
      expect(warning.msg).toContain('every request to /mcp must authenticate');
      expect(warning.msg).toContain('DNS rebinding');
      expect(warning.msg).toContain('SFN_MCP_RESOURCE_URL');
      expect(warning.msg).toContain('SFN_MCP_ALLOWED_HOSTS');
      const url = `http://127.0.0.1:${new URL(wild.url).port}/mcp`;
      const asked = (headers: Record<string, string>) =>
        rawRequest(url, {
          headers: { ...MCP_HEADERS, host: 'ip-10-0-3-7.internal', ...headers },
          body: rpc('tools/list'),
        });
      expect((await asked({ authorization: 'Bearer leakcheck-wild-token' })).status).toBe(200);
      expect((await asked({})).status).toBe(401);
    } finally {
      await wild.close();
    }
  });

  it('warns louder when authentication is off too (--allow-unauthenticated)', async () => {
    const open = await startHttpServer(engineEnv(local.engine.endpoint), [
      '--host',
      '0.0.0.0',
      '--allow-unauthenticated',
    ]);
    try {
      const warning = await hostWarning(open);
      expect(warning.msg).toContain('Host header is not checked');
      expect(warning.msg).toContain('no authentication');
      expect(warning.msg).toContain('only the Origin check');
      expect(warning.msg).toContain('SFN_MCP_ALLOWED_HOSTS');
    } finally {
      await open.close();
    }
  });
});

describe('request-body limit (1 MiB by default)', () => {
  it('answers a 5 MiB body 413, with a Content-Length', async () => {
    const body = Buffer.alloc(5 * 1024 * 1024, 0x20);
    const res = await rawRequest(server.url, { headers: { ...MCP_HEADERS }, body });
    expect(res.status).toBe(413);
  });

  it('refuses a 5 MiB chunked body (no Content-Length) once 1 MiB has arrived', async () => {
    // Without a declared length the server stops reading at the limit, answers 413 and closes;
    // a client still sending may see the close (a reset) before the answer, which TCP allows.
    const body = Buffer.alloc(5 * 1024 * 1024, 0x20);
    const outcome = await rawRequest(server.url, {
      headers: { ...MCP_HEADERS, 'transfer-encoding': 'chunked' },
      body,
    }).then(
      (res) => res.status,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect([413, 'ECONNRESET', 'EPIPE']).toContain(outcome);
  });

  it('still serves afterwards', async () => {
    expect((await list({})).status).toBe(200);
  });
});

describe('operations endpoints', () => {
  it('/healthz says the process is alive', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz says ready once the catalogue is loaded and AWS answers', async () => {
    const body = await waitFor(async () => {
      const res = await fetch(`${base}/readyz`);
      return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined;
    }, '/readyz to answer 200');
    expect(body).toEqual({ status: 'ready', catalogue: 'loaded', aws: 'reachable' });
  });

  it('/readyz answers 503 while AWS cannot be reached, without saying why to the world', async () => {
    // A closed port on loopback stands in for an unreachable AWS endpoint.
    const dead = await startHttpServer(engineEnv('http://127.0.0.1:9'));
    try {
      const res = await fetch(`${new URL(dead.url).origin}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', catalogue: 'loading', aws: 'unreachable' });
    } finally {
      await dead.close();
    }
  });

  it('answers an unknown path 404 naming the endpoint', async () => {
    const res = await fetch(`${base}/sse`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('/mcp');
  });
});

describe('refusing unsafe settings at start (one line, exit code 2, nothing bound)', () => {
  const env = () => engineEnv(local.engine.endpoint);

  it('refuses a non-loopback bind without authentication, naming the way out', async () => {
    const { code, stderr } = await runCli(['--transport', 'http', '--host', '0.0.0.0', '--port', '0'], env());
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('0.0.0.0');
    expect(stderr).toContain('SFN_MCP_ALLOW_UNAUTHENTICATED');
    expect(stderr).toContain('--allow-unauthenticated');
    expect(stderr).toContain('SFN_MCP_AUTH_TOKENS');
    expect(stderr).toContain('SFN_MCP_OAUTH_ISSUER');
  });

  it.each([
    [
      'OAuth on a non-loopback bind without the public resource URL',
      { SFN_MCP_HOST: '0.0.0.0', SFN_MCP_OAUTH_ISSUER: 'https://issuer.example.com' },
      /SFN_MCP_RESOURCE_URL/,
    ],
    ['a plain-http issuer off loopback', { SFN_MCP_OAUTH_ISSUER: 'http://issuer.example.com' }, /https/],
    [
      'a plain-http JWKS URL off loopback',
      {
        SFN_MCP_OAUTH_ISSUER: 'https://issuer.example.com',
        SFN_MCP_OAUTH_JWKS_URL: 'http://issuer.example.com/jwks',
      },
      /SFN_MCP_OAUTH_JWKS_URL.*https/,
    ],
    ['OAuth scopes without an issuer', { SFN_MCP_OAUTH_SCOPES: 'mcp' }, /SFN_MCP_OAUTH_ISSUER/],
    ['a malformed tool-scope mapping', { SFN_MCP_TOOL_SCOPES: 'orders' }, /SFN_MCP_TOOL_SCOPES/],
    [
      'a missing tokens file',
      { SFN_MCP_AUTH_TOKENS_FILE: '/nonexistent/tokens' },
      /SFN_MCP_AUTH_TOKENS_FILE.*ENOENT/,
    ],
  ])('refuses %s', async (_name, extra, message) => {
    const { code, stderr } = await runCli(['--transport', 'http', '--port', '0'], { ...env(), ...extra });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('starts on 0.0.0.0 when told --allow-unauthenticated (checked over loopback only)', async () => {
    const open = await startHttpServer(env(), ['--host', '0.0.0.0', '--allow-unauthenticated']);
    try {
      const openPort = new URL(open.url).port;
      expect(open.url).toBe(`http://0.0.0.0:${openPort}/mcp`);
      expect((await fetch(`http://127.0.0.1:${openPort}/healthz`)).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
