/** The 2026-07-28 caching hints of the lists (listCacheHints, src/mcp/server.ts). Pure. */
import { describe, expect, it } from 'vitest';
import type { AppProvider, ResourceProvider } from '../../src/mcp/provider.js';
import { listCacheHints } from '../../src/mcp/server.js';

const apps: AppProvider = {
  extension: 'io.modelcontextprotocol/ui',
  viewUri: () => undefined,
  readView: async () => undefined,
  appTools: [],
  callAppTool: async () => undefined,
};
const resources: ResourceProvider = {
  listResources: async () => [],
  listResourceTemplates: () => [],
  readResource: async () => [],
};

describe('list caching hints', () => {
  it('without views, every list takes the scope the caller gives (public by default)', () => {
    expect(listCacheHints({ listTtlMs: 60_000, resources }, {})).toEqual({
      'tools/list': { ttlMs: 60_000, cacheScope: 'public' },
      'resources/list': { ttlMs: 60_000, cacheScope: 'public' },
      'resources/templates/list': { ttlMs: 60_000, cacheScope: 'public' },
    });
    expect(listCacheHints({ resources }, { listCacheScope: 'private' })['tools/list']).toEqual({
      ttlMs: 0,
      cacheScope: 'private',
    });
  });

  it('with views, tools/list is private whatever the caller (it depends on the client); the resource lists are not', () => {
    const hints = listCacheHints({ listTtlMs: 60_000, apps }, { listCacheScope: 'public' });
    expect(hints['tools/list']).toEqual({ ttlMs: 60_000, cacheScope: 'private' });
    // The views are resources too, so the resource lists are served, with the caller's scope.
    expect(hints['resources/list']).toEqual({ ttlMs: 60_000, cacheScope: 'public' });
    expect(hints['resources/templates/list']).toEqual({ ttlMs: 60_000, cacheScope: 'public' });
  });

  it('serves no resource-list hints when no resources are served', () => {
    expect(Object.keys(listCacheHints({}, {}))).toEqual(['tools/list']);
  });
});
