/**
 * The live catalogue against the local engine through the real SDK clients: what a refresh
 * re-reads (counted from the engine's call log), what it notices, and how it shares runs.
 */
import {
  DeleteStateMachineCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { UpdateSchemaCommand } from '@aws-sdk/client-schemas';
import pLimit from 'p-limit';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { discoverCatalog } from '../../src/catalog/discover.js';
import { LiveCatalog } from '../../src/catalog/live.js';
import type { RefreshResult } from '../../src/catalog/refresh.js';
import { silentLogger } from '../../src/log.js';
import { selectionOf as selection, useCatalogEngine } from './engine-fixture.js';

const MANY = 1000;
const DEFINITION = JSON.stringify({
  Comment: 'Bulk',
  StartAt: 'Done',
  States: { Done: { Type: 'Pass', End: true } },
});
const SCHEMA_TAG = 'input-schema';
let schemaArn: string;
const log = silentLogger();
const fx = useCatalogEngine(createMachines, 60_000);
const arnOf = (name: string) => fx.arnOf(name);
const totalCalls = () => Object.values(fx.engine.calls.counts()).reduce((a, b) => a + b, 0);

function create(name: string, tags: Record<string, string> = {}, description?: string): Promise<string> {
  return fx.createMachine(name, { tags, definition: DEFINITION, ...(description ? { description } : {}) });
}

/** A thousand machines (ten of them with a registry schema) and the schema. */
async function createMachines(): Promise<void> {
  schemaArn = await fx.createSchema('app', 'Bulk', 'JSONSchemaDraft4', '{"type":"object"}');
  const limit = pLimit(32);
  await Promise.all(
    Array.from({ length: MANY }, (_, i) =>
      limit(() =>
        create(`bulk-${String(i).padStart(4, '0')}`, {
          team: 'blue',
          ...(i < 10 ? { [SCHEMA_TAG]: schemaArn } : {}),
        }),
      ),
    ),
  );
}

describe('refresh of 1,000 unchanged machines against a full discovery (AWS calls)', () => {
  const figures: Record<string, { discovery: number; refresh: number }> = {};
  afterAll(() => {
    // The figures for the closing note.
    console.log(
      `AWS calls, full discovery vs one refresh of ${MANY} unchanged machines:`,
      JSON.stringify(figures),
    );
  });

  it.each([
    ['no tags needed', selection({ prefix: 'bulk-' }), false],
    [
      'tag filter + schema tag, tags per machine',
      selection({ prefix: 'bulk-', tagKey: 'team', tagValue: 'blue', schemaArnTagKey: SCHEMA_TAG }),
      false,
    ],
    [
      'tag filter + schema tag, tags in bulk',
      selection({ prefix: 'bulk-', tagKey: 'team', tagValue: 'blue', schemaArnTagKey: SCHEMA_TAG }),
      true,
    ],
  ] as const)('%s', async (label, sel, bulk) => {
    const opts = { log, tagsInBulk: bulk };
    // The server's clients, its Tagging API client included.
    await discoverCatalog(fx.clients, sel, opts);
    const discovery = totalCalls();
    const live = new LiveCatalog(fx.clients, sel, { ...opts, recheckEvery: 6 });
    const first = await live.refresh();
    expect(first.catalog.tools).toHaveLength(MANY);
    expect(first.calls).toBe(discovery);
    fx.engine.calls.reset();
    let described = 0;
    const results: RefreshResult[] = [];
    // Six refreshes re-read each unchanged description exactly once between them.
    for (let i = 0; i < 6; i++) {
      const r = await live.refresh();
      results.push(r);
      described += r.described;
      expect(r.changed).toBe(false);
      expect(r.catalog.tools).toHaveLength(MANY);
    }
    expect(described).toBe(MANY);
    const refresh = Math.max(...results.map((r) => r.calls));
    expect(totalCalls()).toBe(results.reduce((a, r) => a + r.calls, 0));
    figures[label] = { discovery, refresh };
    expect(refresh).toBeLessThan(discovery);
    const counts = fx.engine.calls.counts();
    expect(counts.ListStateMachines).toBe(6);
    expect(counts.DescribeStateMachine).toBe(MANY);
    if (sel.schemaArnTagKey) expect(counts.DescribeSchema).toBe(6);
    if (bulk) {
      expect(counts.GetResources).toBe(6 * Math.ceil(MANY / 100));
      expect(counts.ListTagsForResource ?? 0).toBe(0);
    } else if (sel.tagKey) {
      expect(counts.ListTagsForResource).toBe(6 * MANY);
    }
  });
});

describe('progress on long discovery', () => {
  it('logs progress as JSON every N machines and reports it to onProgress', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info', base: undefined }, { write: (line: string) => lines.push(line) });
    const phases = new Set<string>();
    let lastDone = 0;
    await discoverCatalog(fx.clients, selection({ prefix: 'bulk-' }), {
      log: logger,
      progressEvery: 250,
      progressIntervalMs: 600_000, // by count only, whatever the machine's speed
      onProgress: (p) => {
        phases.add(p.phase);
        lastDone = p.done;
      },
    });
    const progress = lines
      .map((l) => JSON.parse(l) as { msg: string; phase: string; done: number; total: number })
      .filter((l) => l.msg === 'discovery progress');
    expect(progress.filter((p) => p.phase === 'reading').map((p) => p.done)).toEqual([250, 500, 750, 1000]);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', done: MANY, total: MANY });
    expect([...phases]).toEqual(['listing', 'reading', 'done']);
    expect(lastDone).toBe(MANY);
  });
});

describe('LiveCatalog', () => {
  const sel = selection({ prefix: 'live-', schemaArnTagKey: SCHEMA_TAG });

  it('notices new, retagged, re-described, re-schemed and deleted machines, and tells its listeners', async () => {
    await create('live-a', {}, 'A.');
    await create('live-b', { [SCHEMA_TAG]: schemaArn }, 'B.');
    const live = new LiveCatalog(fx.clients, sel, { log, recheckEvery: 1000 });
    const changes: RefreshResult[] = [];
    live.onChange((r) => changes.push(r));
    const first = await live.ready();
    expect(first.tools.map((t) => t.name)).toEqual(['a', 'b']);
    expect(changes).toHaveLength(0);

    expect((await live.refresh()).changed).toBe(false);

    await create('live-c', { 'mcp:readOnly': 'true', 'mcp:title': 'Lookup C' });
    let r = await live.refresh();
    expect(r.diff).toEqual({ added: ['c'], removed: [], changed: [] });
    // Tags are read here for the schema tag, so annotation tags apply.
    expect(r.catalog.tools.find((t) => t.name === 'c')!.annotations).toEqual({
      title: 'Lookup C',
      readOnlyHint: true,
    });

    await fx.clients.sfn.send(
      new TagResourceCommand({
        resourceArn: arnOf('live-a'),
        tags: [{ key: 'mcp:destructive', value: 'false' }],
      }),
    );
    r = await live.refresh();
    expect(r.diff.changed).toEqual(['a']);

    await fx.clients.schemas.send(
      new UpdateSchemaCommand({
        RegistryName: 'app',
        SchemaName: 'Bulk',
        Content: '{"type":"object","required":["x"]}',
      }),
    );
    r = await live.refresh();
    expect(r.diff.changed).toEqual(['b']);
    expect(r.catalog.tools.find((t) => t.name === 'b')!.inputSchema).toEqual({
      type: 'object',
      required: ['x'],
    });

    // In place: only a re-read of the description can see it (a full refresh, e.g. on SIGHUP).
    await fx.clients.sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: arnOf('live-a'),
        publish: true,
        versionDescription: 'A, new.',
      }),
    );
    fx.engine.calls.reset();
    r = await live.refresh({ full: true });
    expect(r.diff.changed).toEqual(['a']);
    expect(r.catalog.tools.find((t) => t.name === 'a')!.description).toBe(
      'A, new.\n\nWorkflow Description: Bulk',
    );
    expect(fx.engine.calls.counts().DescribeStateMachine).toBe(3);

    await fx.clients.sfn.send(
      new UntagResourceCommand({ resourceArn: arnOf('live-b'), tagKeys: [SCHEMA_TAG] }),
    );
    await fx.clients.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arnOf('live-c') }));
    r = await live.refresh();
    expect(r.diff).toEqual({ added: [], removed: ['c'], changed: ['b'] });
    expect(changes.map((c) => c.diff)).toEqual([
      { added: ['c'], removed: [], changed: [] },
      { added: [], removed: [], changed: ['a'] },
      { added: [], removed: [], changed: ['b'] },
      { added: [], removed: [], changed: ['a'] },
      { added: [], removed: ['c'], changed: ['b'] },
    ]);
  });

  it('converts and compiles a schema once: unchanged refreshes keep the inputSchema object', async () => {
    const memoSchema = (name: string, content: string) =>
      fx.createSchema('app', name, 'JSONSchemaDraft4', content);
    const shared = await memoSchema('MemoShared', '{"type":"object","properties":{"id":{"type":"string"}}}');
    const own = await memoSchema('MemoOwn', '{"type":"array","items":{"type":"integer"}}');
    await create('memo-a', { [SCHEMA_TAG]: shared });
    await create('memo-b', { [SCHEMA_TAG]: shared });
    await create('memo-c', { [SCHEMA_TAG]: own });
    const converted: string[] = [];
    const live = new LiveCatalog(fx.clients, selection({ prefix: 'memo-', schemaArnTagKey: SCHEMA_TAG }), {
      log,
      recheckEvery: 1,
      onSchemaConversion: (s) => converted.push(s.schemaName ?? ''),
    });
    const schemaOf = (r: RefreshResult, name: string) =>
      r.catalog.tools.find((t) => t.name === name)!.inputSchema;
    const first = await live.refresh();
    expect(first.catalog.tools.map((t) => [t.name, t.hasSchema])).toEqual([
      ['a', true],
      ['b', true],
      ['c', true],
    ]);

    // Every description and schema is read again (recheckEvery 1, then a full refresh as on SIGHUP).
    fx.engine.calls.reset();
    const second = await live.refresh();
    const third = await live.refresh({ full: true });
    expect(fx.engine.calls.counts().DescribeSchema).toBe(4);
    for (const r of [second, third]) {
      expect(r.changed).toBe(false);
      for (const name of ['a', 'b', 'c']) expect(schemaOf(r, name)).toBe(schemaOf(first, name));
    }
    // Two documents, each converted and compiled once over the three runs.
    expect(converted.sort()).toEqual(['MemoOwn', 'MemoShared']);

    // A changed document is converted again; the unchanged one is still reused.
    await fx.clients.schemas.send(
      new UpdateSchemaCommand({ RegistryName: 'app', SchemaName: 'MemoOwn', Content: '{"type":"array"}' }),
    );
    const fourth = await live.refresh();
    expect(converted.slice(2)).toEqual(['MemoOwn']);
    expect(fourth.diff.changed).toEqual(['c']);
    expect(schemaOf(fourth, 'a')).toBe(schemaOf(first, 'a'));
    expect(schemaOf(fourth, 'c')).toEqual({
      type: 'object',
      properties: { input: { type: 'array' } },
      required: ['input'],
    });
  });

  it('keeps the old catalogue current until the new one is ready, and shares concurrent refreshes', async () => {
    await create('live-d');
    const live = new LiveCatalog(fx.clients, sel, { log });
    const before = await live.ready();
    fx.engine.calls.reset();
    fx.engine.faults.set({ latencyMs: 20 });
    const one = live.refresh();
    const two = live.refresh();
    expect(two).toBe(one);
    expect(live.current()).toBe(before);
    const result = await one;
    expect(live.current()).toBe(result.catalog);
    // One run: the two pages of ListStateMachines (over 1,000 machines), not four.
    expect(fx.engine.calls.counts().ListStateMachines).toBe(2);
  });

  it('falls back to tags per machine, once, when GetResources is denied', async () => {
    fx.engine.faults.set({ failures: [{ operation: 'GetResources', errorType: 'AccessDeniedException' }] });
    const live = new LiveCatalog(
      fx.clients,
      selection({ prefix: 'live-', tagKey: 'mcp:title', tagValue: 'x' }),
      {
        log,
        tagsInBulk: true,
      },
    );
    const first = await live.refresh();
    expect(first.catalog.warnings.filter((w) => w.includes('cannot be read in bulk'))).toHaveLength(1);
    expect(first.catalog.warnings[0]).toContain('AccessDeniedException');
    await live.refresh();
    expect(fx.engine.calls.counts().GetResources).toBe(1);
    expect(fx.engine.calls.counts().ListTagsForResource).toBeGreaterThan(0);
  });

  it('keeps the last catalogue when a refresh cannot list', async () => {
    const live = new LiveCatalog(fx.clients, sel, { log });
    const before = await live.ready();
    fx.engine.faults.set({
      failures: [{ operation: 'ListStateMachines', errorType: 'AccessDeniedException' }],
    });
    await expect(live.refresh()).rejects.toThrow(/AccessDenied|not authorized/);
    expect(live.current()).toBe(before);
  });

  it('refreshes on its timer and stops', async () => {
    const live = new LiveCatalog(fx.clients, sel, { log });
    await live.ready();
    live.start(0.05);
    try {
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (live.refreshCount() >= 3) {
            clearInterval(check);
            resolve();
          }
        }, 10);
      });
    } finally {
      live.stop();
    }
    expect(live.refreshCount()).toBeGreaterThanOrEqual(3);
  });

  it('logs a failed timed refresh with the AWS error itself, and keeps the last catalogue', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'warn', base: undefined },
      { write: (line: string) => void lines.push(line) },
    );
    const live = new LiveCatalog(fx.clients, sel, { log: logger });
    const before = await live.ready();
    fx.engine.faults.set({
      failures: [{ operation: 'ListStateMachines', errorType: 'AccessDeniedException' }],
    });
    live.start(0.05);
    try {
      await vi.waitFor(() => expect(lines.some((l) => l.includes('catalogue refresh failed'))).toBe(true), {
        timeout: 10_000,
        interval: 10,
      });
    } finally {
      live.stop();
    }
    const failed = lines
      .map((l) => JSON.parse(l) as { msg: string; err?: Record<string, unknown> })
      .find((l) => l.msg === 'catalogue refresh failed; keeping the last one')!;
    // pino's error serializer: the SDK's error with its name and message, not a bare string.
    expect(failed.err).toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('ListStateMachines'),
    });
    expect(live.current()).toBe(before);
  });
});
