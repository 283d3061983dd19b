/**
 * Authentication and authorization over Streamable HTTP (issue 5): an OAuth 2.1 resource server
 * checking JWTs against a real issuer on loopback, static tokens from the environment and a file,
 * and the scope-to-tools mapping, all through the built server and the real MCP client.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
  type Client,
} from '@modelcontextprotocol/client';
import { engineEnv, REVISIONS, startHttpServer, type HttpServer } from '../helpers/server.js';
import { createMachines, useEngine } from '../helpers/engine.js';
import { generateKey, signJwt, startTestIssuer, type TestIssuer } from '../helpers/jwks-issuer.js';
import { connectClient, post, rpc, rpcResult } from '../helpers/http.js';

const echo = { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } };
const ALL_TOOLS = [
  'get_execution_result',
  'orders_cancel',
  'orders_create',
  'orders_ship',
  'refund_audit',
  'refund_payment',
];
const ORDER_TOOLS = ['get_execution_result', 'orders_cancel', 'orders_create', 'orders_ship'];

const local = useEngine();
let issuer: TestIssuer;
let server: HttpServer;
let base: string;
const clients: Client[] = [];
/** Every token a test presents: none may ever appear in the server's logs. */
const presented = new Set<string>();

beforeAll(async () => {
  issuer = await startTestIssuer();
  await createMachines(local.engine, [
    { name: 'orders-create', type: 'EXPRESS', definition: echo },
    { name: 'orders-cancel', type: 'EXPRESS', definition: echo },
    { name: 'refund-payment', type: 'EXPRESS', definition: echo },
    { name: 'orders-ship', type: 'STANDARD', definition: echo },
    { name: 'refund-audit', type: 'STANDARD', definition: echo },
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'sfn-mcp-tokens-'));
  const tokensFile = join(dir, 'tokens');
  writeFileSync(
    tokensFile,
    '# team tokens\nleakcheck-file-token-all\n\nleakcheck-file-token-orders orders   # ops bot\n',
  );
  server = await startHttpServer(
    engineEnv(local.engine.endpoint, {
      SFN_MCP_OAUTH_ISSUER: issuer.issuer,
      SFN_MCP_OAUTH_SCOPES: 'mcp',
      SFN_MCP_TOOL_SCOPES: 'orders=orders_*|get_execution_result;admin=*',
      SFN_MCP_AUTH_TOKENS: 'leakcheck-env-token-1, leakcheck-env-token-2',
      SFN_MCP_AUTH_TOKENS_FILE: tokensFile,
      SFN_MCP_LOG_LEVEL: 'info',
    }),
  );
  base = new URL(server.url).origin;
});

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await server?.close();
  await issuer?.close();
});

const metadataUrl = () => `${base}/.well-known/oauth-protected-resource/mcp`;

function token(claims: Record<string, unknown> = {}, key = issuer.keys[0]): string {
  const t = issuer.token(server.url, claims, key);
  presented.add(t);
  return t;
}

async function connect(bearer: string, revision: (typeof REVISIONS)[number] = '2025-11-25'): Promise<Client> {
  presented.add(bearer);
  const client = await connectClient(server.url, bearer, revision);
  clients.push(client);
  return client;
}

async function toolNames(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((t) => t.name).sort();
}

async function listWith(authorization: string | undefined): Promise<Response> {
  if (authorization) presented.add(authorization.replace(/^Bearer /, ''));
  return post(server.url, rpc('tools/list'), authorization ? { authorization } : {});
}

describe('who gets in (OAuth 2.1 resource server)', () => {
  it('answers a request without a token 401 with the metadata link, the scope, and no error code', async () => {
    const res = await listWith(undefined);
    expect(res.status).toBe(401);
    const challenge = res.headers.get('www-authenticate')!;
    expect(challenge).toMatch(/^Bearer /);
    const params = extractWWWAuthenticateParams(res);
    expect(params.resourceMetadataUrl?.href).toBe(metadataUrl());
    expect(params.scope).toBe('mcp');
    expect(params.error).toBeUndefined();
  });

  it('keeps the real client without a token out', async () => {
    await expect(connectClient(server.url, undefined)).rejects.toThrow();
  });

  const stranger = generateKey('RS256', 'key-1');
  const badTokens: Array<[string, () => string]> = [
    [
      'a wrong signature',
      () => signJwt(stranger, { iss: issuer.issuer, aud: server.url, exp: 4e9, scope: 'mcp' }),
    ],
    ['a wrong audience', () => token({ aud: 'http://127.0.0.1:1/mcp' })],
    ['an expired token', () => token({ exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['another issuer', () => token({ iss: 'https://evil.example.com' })],
    ['a token that is not a JWT', () => 'not-a-jwt'],
    ['an unknown static token', () => 'leakcheck-env-token-3'],
  ];
  it.each(badTokens)('answers %s 401 invalid_token with the metadata link', async (_name, make) => {
    const res = await listWith(`Bearer ${make()}`);
    expect(res.status).toBe(401);
    const params = extractWWWAuthenticateParams(res);
    expect(params.error).toBe('invalid_token');
    expect(params.resourceMetadataUrl?.href).toBe(metadataUrl());
    expect(((await res.json()) as { error: string }).error).toBe('invalid_token');
  });

  it('answers a token without the required scope 403 insufficient_scope, naming the scope', async () => {
    const res = await listWith(`Bearer ${token({ scope: 'orders' })}`);
    expect(res.status).toBe(403);
    const params = extractWWWAuthenticateParams(res);
    expect(params.error).toBe('insufficient_scope');
    expect(params.scope).toBe('mcp');
    expect(params.resourceMetadataUrl?.href).toBe(metadataUrl());
  });

  it('publishes RFC 9728 metadata at the bare and the path-suffixed well-known URLs', async () => {
    const expected = {
      resource: server.url,
      authorization_servers: [issuer.issuer],
      scopes_supported: ['mcp', 'orders', 'admin'],
      bearer_methods_supported: ['header'],
    };
    for (const path of [
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
    ]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(await res.json()).toMatchObject(expected);
    }
    // The client SDK's own discovery reads it too.
    expect(await discoverOAuthProtectedResourceMetadata(server.url)).toMatchObject(expected);
  });

  it('accepts scopes from scp as well as scope, and ES256 keys as well as RS256', async () => {
    const res = await listWith(
      `Bearer ${token({ scope: undefined, scp: ['mcp', 'admin'] }, issuer.keys[1])}`,
    );
    expect(res.status).toBe(200);
    const message = await rpcResult(res);
    expect((message.result as { tools: unknown[] }).tools).toHaveLength(ALL_TOOLS.length);
  });
});

describe.each(REVISIONS)('a good token, protocol %s', (revision) => {
  let client: Client;
  beforeAll(async () => {
    client = await connect(token({ scope: 'mcp admin' }), revision);
  });

  it('lists every tool and calls one', async () => {
    expect(await toolNames(client)).toEqual(ALL_TOOLS);
    const result = await client.callTool({ name: 'refund_payment', arguments: { amount: 5 } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ amount: 5 });
  });
});

describe('what a caller may use (tool-scope mapping)', () => {
  let client: Client;
  beforeAll(async () => {
    client = await connect(token({ scope: 'mcp orders' }));
  });

  it('lists only the tools the scopes allow', async () => {
    expect(await toolNames(client)).toEqual(ORDER_TOOLS);
  });

  it('calls an allowed tool', async () => {
    const result = await client.callTool({ name: 'orders_create', arguments: { id: 1 } });
    expect(result.structuredContent).toEqual({ id: 1 });
  });

  it('refuses a hidden tool exactly as an unknown one, and runs nothing', async () => {
    local.engine.calls.reset();
    const hidden = await client.callTool({ name: 'refund_payment', arguments: {} }).catch((e: Error) => e);
    const unknown = await client.callTool({ name: 'no_such_tool', arguments: {} }).catch((e: Error) => e);
    expect(hidden).toBeInstanceOf(Error);
    expect((hidden as Error).message).toMatch(/Unknown tool: 'refund_payment'/);
    expect((hidden as Error).message.replace('refund_payment', 'X')).toBe(
      (unknown as Error).message.replace('no_such_tool', 'X'),
    );
    expect((hidden as Error).message).not.toContain('refund_payment.');
    expect(local.engine.calls.counts().StartSyncExecution ?? 0).toBe(0);
  });

  it('reads results only of executions of machines the scopes allow', async () => {
    const admin = await connect(token({ scope: 'mcp admin' }));
    const arnOf = async (name: string) =>
      String((await admin.callTool({ name, arguments: { n: name } }))._meta?.executionArn);
    const [ship, audit] = [await arnOf('orders_ship'), await arnOf('refund_audit')];
    const read = (executionArn: string) =>
      client.callTool({ name: 'get_execution_result', arguments: { executionArn } });

    const allowed = await read(ship);
    expect(allowed.isError).toBeFalsy();
    expect(allowed.structuredContent).toEqual({ n: 'orders_ship' });

    local.engine.calls.reset();
    const refused = await read(audit);
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).not.toContain('"n"');
    expect(local.engine.calls.counts().DescribeExecution ?? 0).toBe(0);
    // The admin token, whose scopes allow the machine, reads it.
    expect(
      (await admin.callTool({ name: 'get_execution_result', arguments: { executionArn: audit } })).isError,
    ).toBeFalsy();
  });

  it('gives a token with no mapped scope no tools at all', async () => {
    const bare = await connect(token({ scope: 'mcp' }));
    expect(await toolNames(bare)).toEqual([]);
  });
});

describe('static tokens', () => {
  it('accepts tokens from SFN_MCP_AUTH_TOKENS, with every tool', async () => {
    for (const t of ['leakcheck-env-token-1', 'leakcheck-env-token-2'])
      expect(await toolNames(await connect(t))).toEqual(ALL_TOOLS);
  });

  it('accepts tokens from the tokens file, applying scopes given on the line', async () => {
    expect(await toolNames(await connect('leakcheck-file-token-all'))).toEqual(ALL_TOOLS);
    const scoped = await connect('leakcheck-file-token-orders');
    expect(await toolNames(scoped)).toEqual(ORDER_TOOLS);
    await expect(scoped.callTool({ name: 'refund_payment', arguments: {} })).rejects.toThrow(/Unknown tool/);
  });

  it('refuses a comment or a near miss', async () => {
    for (const t of [
      '# team tokens',
      'leakcheck-file-token-al',
      'LEAKCHECK-FILE-TOKEN-ALL',
      'leakcheck-env-token-1x',
    ]) {
      expect((await listWith(`Bearer ${t}`)).status).toBe(401);
    }
  });
});

describe('an issuer that is down', () => {
  let down: TestIssuer;
  let broken: HttpServer;
  beforeAll(async () => {
    down = await startTestIssuer();
    down.fail(500);
    broken = await startHttpServer(engineEnv(local.engine.endpoint, { SFN_MCP_OAUTH_ISSUER: down.issuer }));
  });
  afterAll(async () => {
    await broken?.close();
    await down?.close();
  });

  it('is asked once, not once per request: token-bearing requests get 503 from the remembered failure', async () => {
    const discovery = () => down.hits.metadata + down.hits.openid;
    const answers: Response[] = [];
    for (let i = 0; i < 6; i++) {
      answers.push(
        await post(broken.url, rpc('tools/list'), { authorization: `Bearer ${down.token(broken.url)}` }),
      );
    }
    // Forged tokens cost the issuer nothing more either.
    const forged = signJwt(generateKey('ES256'), { iss: down.issuer, aud: broken.url, exp: 4e9 });
    answers.push(await post(broken.url, rpc('tools/list'), { authorization: `Bearer ${forged}` }));
    for (const res of answers) {
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await res.json()) as { error: string }).error).toBe('temporarily_unavailable');
    }
    // One discovery round (RFC 8414, then OpenID Connect), however many requests came.
    expect(discovery()).toBe(2);
    expect(down.hits.jwks).toBe(0);
  });
});

describe('access logs', () => {
  it('are JSON lines with method, path, status, time and caller, and never carry a token', () => {
    const lines = server
      .stderr()
      .split('\n')
      .filter((l) => l.includes('"http request"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.status === 401)).toBe(true);
    expect(lines.some((l) => l.status === 403)).toBe(true);
    const ok = lines.find((l) => l.status === 200 && l.path === '/mcp' && typeof l.client === 'string');
    expect(ok).toMatchObject({ method: 'POST', remote: expect.any(String), ms: expect.any(Number) });
    const stderr = server.stderr();
    for (const t of presented) expect(stderr).not.toContain(t);
    expect(stderr.toLowerCase()).not.toContain('bearer');
  });
});
