/**
 * What tools/list carries, through the built server and the real MCP client over stdio and Streamable
 * HTTP against the local engine: lean descriptions by default (the input schema is the tool's
 * inputSchema, not written out again), the `Input Schema:` block with SFN_MCP_SCHEMA_IN_DESCRIPTION, the
 * order (by name), and the 2026-07-28 caching hints (ttlMs from the refresh interval; cacheScope private
 * on tools/list, which differs between a plain and an MCP Apps client, and on every list of an
 * authenticated caller).
 */
import type { Client } from '@modelcontextprotocol/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { attachSchema, createMachines, useEngine } from '../helpers/engine.js';
import { connectClient } from '../helpers/http.js';
import { connectStdio, engineEnv, startHttpServer, type ProtocolRevision } from '../helpers/server.js';
import { UI_CAPABILITIES } from '../view/browser.js';

/** The tools only a client that declares MCP Apps lists (docs/view.md). */
const APP_TOOLS = ['workflow_view_graph', 'workflow_view_run'];

const SCHEMA_TAG = 'input-schema';
const SCHEMA_TEXT = JSON.stringify(
  { type: 'object', properties: { customerId: { type: 'string' } }, required: ['customerId'] },
  null,
  2,
);
const COMMENT = { Comment: 'Reads the CRM.', StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

const local = useEngine();

beforeAll(async () => {
  const [lookupArn] = await createMachines(local.engine, [
    { name: 'tl-lookup', type: 'EXPRESS', definition: COMMENT, description: 'Looks up a customer.' },
    { name: 'tl-audit', type: 'EXPRESS', description: 'Audits.' },
    { name: 'tl-zeta' },
  ]);
  await attachSchema(local.engine, lookupArn!, SCHEMA_TAG, {
    registry: 'tl',
    name: 'Customer',
    type: 'JSONSchemaDraft4',
    content: SCHEMA_TEXT,
  });
});

const env = (extra: Record<string, string> = {}) =>
  engineEnv(local.engine.endpoint, {
    STATE_MACHINE_PREFIX: 'tl-',
    STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: SCHEMA_TAG,
    ...extra,
  });

async function open(
  transport: 'stdio' | 'http',
  environment: Record<string, string>,
  revision: ProtocolRevision = '2025-11-25',
): Promise<{ client: Client; close(): Promise<void> }> {
  if (transport === 'stdio') return connectStdio(environment, [], revision);
  const server = await startHttpServer(environment);
  return { client: await server.connect(revision), close: () => server.close() };
}

describe.each(['stdio', 'http'] as const)('over %s', (transport) => {
  it('describes a tool by its description and Comment, its schema served once, as inputSchema', async () => {
    const conn = await open(transport, env());
    try {
      const { tools } = await conn.client.listTools();
      const lookup = tools.find((t) => t.name === 'lookup')!;
      expect(lookup.description).toBe('Looks up a customer.\n\nWorkflow Description: Reads the CRM.');
      expect(lookup.inputSchema).toEqual(JSON.parse(SCHEMA_TEXT));
      expect(tools.map((t) => t.description).join('\n')).not.toContain('Input Schema:');
    } finally {
      await conn.close();
    }
  });

  it('writes the schema into the description too with SFN_MCP_SCHEMA_IN_DESCRIPTION=true', async () => {
    const conn = await open(transport, env({ SFN_MCP_SCHEMA_IN_DESCRIPTION: 'true' }));
    try {
      const { tools } = await conn.client.listTools();
      const lookup = tools.find((t) => t.name === 'lookup')!;
      expect(lookup.description).toBe(
        `Looks up a customer.\n\nWorkflow Description: Reads the CRM.\n\nInput Schema:\n${SCHEMA_TEXT}`,
      );
      expect(lookup.inputSchema).toEqual(JSON.parse(SCHEMA_TEXT));
      // Machines without a schema have no block in either mode.
      expect(tools.find((t) => t.name === 'audit')!.description).toBe('Audits.');
    } finally {
      await conn.close();
    }
  });

  it('lists tools sorted by name, the same way every time, with 2026-07-28 caching hints', async () => {
    const conn = await open(transport, env({ SFN_MCP_REFRESH_SECONDS: '120' }), '2026-07-28');
    try {
      const first = await conn.client.listTools(undefined, { cacheMode: 'bypass' });
      const second = await conn.client.listTools(undefined, { cacheMode: 'bypass' });
      expect(first.tools.map((t) => t.name)).toEqual(['audit', 'get_execution_result', 'lookup', 'zeta']);
      expect(second.tools).toEqual(first.tools);
      // Private: an MCP Apps client's list differs (below), so no shared cache may hold this one.
      expect(first).toMatchObject({ ttlMs: 120_000, cacheScope: 'private' });
      // The resource lists follow the same catalogue, and are the same for every client.
      const resources = await conn.client.listResources(undefined, { cacheMode: 'bypass' });
      expect(resources).toMatchObject({ ttlMs: 120_000, cacheScope: 'public' });
    } finally {
      await conn.close();
    }
  });

  it('gives a plain client and an MCP Apps client different lists, each private to its client', async () => {
    const environment = env({ SFN_MCP_REFRESH_SECONDS: '120' });
    let plain: Client;
    let apps: Client;
    let close: () => Promise<unknown>;
    if (transport === 'stdio') {
      const [a, b] = await Promise.all([
        connectStdio(environment, [], '2026-07-28'),
        connectStdio(environment, [], '2026-07-28', UI_CAPABILITIES),
      ]);
      [plain, apps] = [a.client, b.client];
      close = () => Promise.allSettled([a.close(), b.close()]);
    } else {
      // One unauthenticated server, as a shared cache in front of it would see.
      const server = await startHttpServer(environment);
      [plain, apps] = [
        await server.connect('2026-07-28'),
        await server.connect('2026-07-28', UI_CAPABILITIES),
      ];
      close = () => server.close();
    }
    try {
      const plainList = await plain.listTools(undefined, { cacheMode: 'bypass' });
      const appsList = await apps.listTools(undefined, { cacheMode: 'bypass' });
      const names = (list: typeof plainList) => list.tools.map((t) => t.name);
      expect(names(appsList)).toEqual([...names(plainList), ...APP_TOOLS].sort());
      expect(names(plainList)).not.toContain(APP_TOOLS[0]);
      expect(plainList).toMatchObject({ ttlMs: 120_000, cacheScope: 'private' });
      expect(appsList).toMatchObject({ ttlMs: 120_000, cacheScope: 'private' });
      // The resource lists do not depend on the client: the same, and public, for both.
      const [plainResources, appsResources] = await Promise.all([
        plain.listResources(undefined, { cacheMode: 'bypass' }),
        apps.listResources(undefined, { cacheMode: 'bypass' }),
      ]);
      expect(appsResources.resources).toEqual(plainResources.resources);
      expect(plainResources.cacheScope).toBe('public');
      expect(appsResources.cacheScope).toBe('public');
      const templates = await apps.listResourceTemplates(undefined, { cacheMode: 'bypass' });
      expect(templates).toMatchObject({ cacheScope: 'public' });
    } finally {
      await close();
    }
  });

  it('sends no caching hints to 2025 revisions, and ttlMs 0 when the catalogue is never refreshed', async () => {
    const legacy = await open(transport, env());
    const never = await open(transport, env({ SFN_MCP_REFRESH_SECONDS: '0' }), '2026-07-28');
    try {
      const old = await legacy.client.listTools();
      expect(old).not.toHaveProperty('ttlMs');
      expect(old).not.toHaveProperty('cacheScope');
      expect(await never.client.listTools()).toMatchObject({ ttlMs: 0 });
    } finally {
      await Promise.allSettled([legacy.close(), never.close()]);
    }
  });
});

describe('an authenticated caller over HTTP', () => {
  it("gets a private list: a shared cache must not hand one caller's list to another", async () => {
    const server = await startHttpServer(env({ SFN_MCP_AUTH_TOKENS: 'leakcheck-tl-token' }));
    let client: Client | undefined;
    try {
      client = await connectClient(server.url, 'leakcheck-tl-token', '2026-07-28');
      expect(await client.listTools()).toMatchObject({ ttlMs: 300_000, cacheScope: 'private' });
    } finally {
      await client?.close();
      await server.close();
    }
  });
});
