/**
 * Tags in bulk: the GetResources queries a run makes (pure), and through the real clients against the
 * engine, the fallback to one ListTagsForResource per machine when tag:GetResources is denied, with one
 * warning naming the permission, and a failed run when GetResources fails for a passing reason.
 */
import type { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { describe, expect, it } from 'vitest';
import { discoverCatalog, runDiscovery } from '../../src/catalog/discover.js';
import { DiscoveryMemo } from '../../src/catalog/memo.js';
import { compileSelection } from '../../src/catalog/selection.js';
import { bulkQueries, type TaggingClient } from '../../src/catalog/tags.js';
import { silentLogger } from '../../src/log.js';
import { selectionOf as selection, useCatalogEngine } from './engine-fixture.js';

const MCP_KEYS = [
  'mcp:title',
  'mcp:readOnly',
  'mcp:destructive',
  'mcp:idempotent',
  'mcp:openWorld',
  'mcp:confirm',
];

describe('the GetResources queries of a run', () => {
  it("with a tag filter: one, by the filter's key (every tag of the machines found comes along)", () => {
    const rules = compileSelection(selection({ tagKey: 'team', tagValue: 'ai', schemaArnTagKey: 'schema' }));
    expect(bulkQueries(rules)).toEqual([[{ Key: 'team' }]]);
  });

  it('without: one per key read, the schema tags and the mcp: tags', () => {
    expect(bulkQueries(compileSelection(selection({ schemaArnTagKey: 'schema' })))).toEqual(
      ['schema', ...MCP_KEYS].map((Key) => [{ Key }]),
    );
    expect(
      bulkQueries(compileSelection(selection({ schemaArnTagKey: 'in', outputSchemaArnTagKey: 'out' }))),
    ).toEqual(['in', 'out', ...MCP_KEYS].map((Key) => [{ Key }]));
    expect(bulkQueries(compileSelection(selection({ schemaArnTagKey: 'mcp:title' })))).toEqual(
      MCP_KEYS.map((Key) => [{ Key }]),
    );
  });
});

describe('tags in bulk against the engine', () => {
  const fx = useCatalogEngine(async (f) => {
    await Promise.all([
      f.createMachine('bulk-a', { tags: { team: 'ai', 'mcp:title': 'Alpha' } }),
      f.createMachine('bulk-b', { tags: { team: 'ops' } }),
      f.createMachine('bulk-c'),
      f.createMachine('bulk-d', { tags: { 'mcp:readOnly': 'true' } }),
    ]);
  });
  const filtered = selection({ prefix: 'bulk-', tagKey: 'team', tagValue: 'ai' });

  it('are the default: one GetResources call, no ListTagsForResource, the annotation tags applied', async () => {
    const catalog = await discoverCatalog(fx.clients, filtered, { log: silentLogger() });
    expect(catalog.tools.map((t) => [t.name, t.annotations.title])).toEqual([['a', 'Alpha']]);
    expect(catalog.excluded.filter((e) => e.reason === 'tag').map((e) => [e.name, e.detail])).toEqual([
      ['bulk-b', 'no tag team=ai (its value is "ops")'],
      ['bulk-c', 'no tag team=ai (the tag team is absent)'],
      ['bulk-d', 'no tag team=ai (the tag team is absent)'],
    ]);
    expect(fx.engine.calls.counts()).toEqual({
      ListStateMachines: 1,
      GetResources: 1,
      DescribeStateMachine: 1,
    });
  });

  it('read the annotation tags by key when only annotation tags are asked for', async () => {
    const catalog = await discoverCatalog(fx.clients, selection({ prefix: 'bulk-' }), {
      log: silentLogger(),
      readTags: 'always',
    });
    expect(catalog.tools.find((t) => t.name === 'd')?.annotations).toEqual({
      title: 'bulk-d',
      readOnlyHint: true,
    });
    expect(fx.engine.calls.counts().GetResources).toBe(MCP_KEYS.length);
    expect(fx.engine.calls.counts().ListTagsForResource).toBeUndefined();
  });

  it('fall back to one ListTagsForResource per machine when tag:GetResources is denied, with one warning', async () => {
    fx.engine.faults.set({ failures: [{ operation: 'GetResources', errorType: 'AccessDeniedException' }] });
    const catalog = await discoverCatalog(fx.clients, filtered, { log: silentLogger() });
    expect(catalog.tools.map((t) => t.name)).toEqual(['a']);
    const warnings = catalog.warnings.filter((w) => w.includes('tag:GetResources'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^tags cannot be read in bulk: the permission tag:GetResources is denied \(AccessDeniedException: .*\); reading them per state machine with ListTagsForResource instead/,
    );
    const counts = fx.engine.calls.counts();
    expect([counts.GetResources, counts.ListTagsForResource]).toEqual([1, 4]);
  });

  it('fail the run when GetResources keeps failing for a passing reason, rather than read one a second', async () => {
    fx.engine.faults.set({
      failures: [{ operation: 'GetResources', errorType: 'InternalServiceException', status: 500 }],
    });
    await expect(discoverCatalog(fx.clients, filtered, { log: silentLogger() })).rejects.toMatchObject({
      name: 'InternalServiceException',
    });
    expect(fx.engine.calls.counts().ListTagsForResource).toBeUndefined();
  });

  it('are asked for with the listing, not after it: a listing that fails does not stop them', async () => {
    fx.engine.faults.set({
      failures: [{ operation: 'ListStateMachines', errorType: 'AccessDeniedException' }],
    });
    await expect(discoverCatalog(fx.clients, filtered, { log: silentLogger() })).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    // Asked only once the listing answered, GetResources would not have been asked at all.
    expect(fx.engine.calls.counts().GetResources).toBe(1);
  });

  it('report a denied GetResources on the next run when the listing failed in the run that met it', async () => {
    const memo = new DiscoveryMemo();
    const rules = compileSelection(filtered);
    const denied = { operation: 'GetResources', errorType: 'AccessDeniedException' };
    fx.engine.faults.set({
      failures: [{ operation: 'ListStateMachines', errorType: 'AccessDeniedException' }, denied],
    });
    // The real Tagging client, its requests kept so that the test can wait for their answers.
    const { tagging } = fx.clients;
    const asked: Promise<unknown>[] = [];
    const counted: TaggingClient = {
      send: (command: GetResourcesCommand) => {
        const answer = tagging.send(command);
        asked.push(answer);
        return answer;
      },
    } as TaggingClient;
    const clients = { sfn: fx.clients.sfn, schemas: fx.clients.schemas, tagging: counted };
    await expect(runDiscovery(clients, rules, memo, { log: silentLogger(), full: true })).rejects.toThrow();
    // The denial has been answered, whether before the listing's failure or after it.
    expect(asked).toHaveLength(1);
    await Promise.allSettled(asked);
    fx.engine.faults.set({ failures: [denied] });
    const { catalog } = await runDiscovery(fx.clients, rules, memo, { log: silentLogger(), full: true });
    expect(catalog.tools.map((t) => t.name)).toEqual(['a']);
    expect(catalog.warnings.filter((w) => w.includes('tag:GetResources'))).toHaveLength(1);
  });

  it('report a denied GetResources even when no machine is left by name', async () => {
    fx.engine.faults.set({ failures: [{ operation: 'GetResources', errorType: 'AccessDeniedException' }] });
    const none = selection({ prefix: 'no-such-', tagKey: 'team', tagValue: 'ai' });
    const catalog = await discoverCatalog(fx.clients, none, { log: silentLogger() });
    expect(catalog.tools).toEqual([]);
    expect(catalog.warnings.filter((w) => w.includes('tag:GetResources'))).toHaveLength(1);
  });
});
