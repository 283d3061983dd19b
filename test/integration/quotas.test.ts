/**
 * The built server under AWS's API quotas, emulated by the engine: discovery of 200, 1,000 and 5,000
 * machines with a tag filter and a schema tag serves every selected machine, refreshes follow, and
 * twenty Standard calls wait side by side, all without one request throttled. The engine
 * runs the documented table of the smaller regions at a scale (every bucket and refill multiplied), and
 * the server paces itself at the same scale (SFN_MCP_API_QUOTAS), with its own margin, so that the
 * buckets run dry within a few seconds: what is tested is that requests wait for their tokens, not how
 * long they wait. A client waiting on tools/list hears the discovery's progress, naming the quota it
 * waits for, and so does `list` on a terminal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULT_TOOL } from '../../src/execution/results.js';
import { createMachines, startTestEngine, type Engine } from '../helpers/engine.js';
import { createFleetSchemas, fleetEnv, fleetGroup, fleetPlan, writeFleet } from '../helpers/quota-fleet.js';
import { CLI, connectStdio, engineEnv, type Connected } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Machines, the scale at which the selected machines' descriptions outnumber the bucket enough that the
 * server waits for tokens longer than it works (so that, unpaced, it would be throttled), and the share
 * of that scale the server paces at. At 1,000 and 5,000 machines, the whole scale: the server's own
 * margin (its refill a second behind the engine's) against the engine's buckets. At 200, the scale that
 * makes the descriptions wait leaves DescribeSchema a bucket of 4 at 4 a second, whose refill a second
 * behind covers requests bunching on their way by a second; a loaded test machine bunches them more,
 * so the server is paced a quarter below the engine there.
 */
const SIZES: Array<[number, number, number]> = [
  [200, 0.4, 0.75],
  [1_000, 1.5, 1],
  [5_000, 4, 1],
];
const GROUPS = SIZES.map(([machines], i) => fleetGroup(`${'abc'[i]}-`, machines));
// A loaded test machine (load average 25 on 2 cores) took over three minutes for the 5,000.
const LIST_TIMEOUT = { timeout: 270_000 };

let engine: Engine;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'quota-fleet-'));
  await writeFleet(folder, GROUPS, { region: 'us-east-1', accountId: '123456789012' });
  engine = await startTestEngine(folder);
  await createFleetSchemas(engine);
}, 300_000);

afterAll(async () => {
  await engine?.close();
  await rm(folder, { recursive: true, force: true });
});

describe.each(SIZES.map(([machines, scale, pace], i) => [machines, scale, pace, GROUPS[i]!] as const))(
  '%i machines under the quotas (scale %d, the server at %d of it)',
  (machines, scale, pace, group) => {
    let server: Connected | undefined;
    const selected = fleetPlan(group)
      .filter((m) => m.selected)
      .map((m) => m.tool);
    const listings = Math.ceil(GROUPS.reduce((n, g) => n + g.machines, 0) / 1000);

    beforeAll(() => {
      engine.quotas.set({ table: 'other', scale });
      engine.calls.reset();
    });
    afterAll(() => server?.close());

    it('discovery serves every selected machine when tools/list first answers, with no request throttled', async () => {
      server = await connectStdio(
        engineEnv(engine.endpoint, {
          ...fleetEnv(group),
          SFN_MCP_API_QUOTAS: `other,scale=${scale * pace}`,
          SFN_MCP_REFRESH_SECONDS: '1',
        }),
      );
      const progress: string[] = [];
      const { tools } = await server.client.listTools(
        {},
        { ...LIST_TIMEOUT, onprogress: (p) => progress.push(p.message ?? '') },
      );
      // tools/list is sorted by name; a found schema is the tool's inputSchema.
      expect(tools.map((t) => t.name)).toEqual([...selected, RESULT_TOOL].sort());
      expect(tools.filter((t) => t.inputSchema.properties?.orderId !== undefined)).toHaveLength(
        machines / 10,
      );
      expect(engine.quotas.throttled()).toEqual({ total: 0, byOperation: {} });
      // The fewest calls: a description per selected machine, tags in bulk, each schema once.
      const counts = engine.calls.counts();
      expect(counts.DescribeStateMachine).toBe(selected.length);
      expect(counts.ListTagsForResource).toBeUndefined();
      // A refresh (every second here) may have begun and read the tags again; the first run read them
      // before its last description (each page's machines are described once the page is in).
      const entries = engine.calls.entries();
      const firstRun = entries.slice(
        0,
        entries.findLastIndex((e) => e.operation === 'DescribeStateMachine'),
      );
      expect(firstRun.filter((e) => e.operation === 'GetResources')).toHaveLength(
        Math.ceil(selected.length / 100),
      );
      expect(counts.DescribeSchema).toBe(10);
      // At 200 machines the descriptions outnumber the bucket by far more than the server's own work
      // takes: it waits for the quota, and says so. With more machines, on a loaded machine, its own
      // work may take as long as the pacing, so whether it waits is not asserted there.
      // The client waiting on tools/list hears the same: how far the reading is, and the quota.
      if (machines === 200) {
        expect(server.stderr()).toContain('discovery waits for the AWS quota of DescribeStateMachine');
        expect(progress).toContainEqual(
          expect.stringMatching(
            /^Reading state machines\.\.\. \d+\/\d+ \(within the AWS quota of DescribeStateMachine\)$/,
          ),
        );
      }
    }, 300_000);

    it('refreshes on its timer within the quotas: no request throttled', async () => {
      // A third listing has begun once the first refresh has ended.
      await waitFor(
        () => ((engine.calls.counts().ListStateMachines ?? 0) >= 3 * listings ? true : undefined),
        'a refresh',
        120_000,
      );
      expect(engine.calls.counts().DescribeStateMachine).toBeGreaterThan(selected.length);
      const { tools } = await server!.client.listTools({}, LIST_TIMEOUT);
      expect(tools).toHaveLength(selected.length + 1);
      expect(engine.quotas.throttled().total).toBe(0);
    }, 300_000);
  },
);

describe('twenty Standard calls waiting side by side under the quotas', () => {
  let server: Connected | undefined;
  // DescribeExecution at half the smaller regions' quota: a bucket of 125, 5 a second. Unpaced, twenty
  // waits of ten seconds poll about fifteen times each (50 ms, then x1.5, capped at 1 s): 300 requests
  // against the 175 the bucket and its refill hold. Paced, the server keeps to its describe rate (10 a
  // second at scale 1) times the same scale.
  const SCALE = 0.5;

  beforeAll(async () => {
    await createMachines(engine, [
      {
        name: 'waits-a-while',
        definition: { StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 20, End: true } } },
      },
    ]);
    // Each run lasts about ten seconds.
    engine.faults.set({ waitScale: 0.5 });
    engine.quotas.set({ table: 'other', scale: SCALE });
    engine.calls.reset();
  });

  afterAll(async () => {
    await server?.close();
    engine.faults.reset();
  });

  it('every call gets its result, polled within the quota: no request throttled', async () => {
    server = await connectStdio(
      engineEnv(engine.endpoint, {
        STATE_MACHINE_PREFIX: 'waits-',
        SFN_MCP_API_QUOTAS: `other,scale=${SCALE}`,
      }),
    );
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server!.client.callTool({ name: 'a_while', arguments: { call: i } }, { timeout: 120_000 }),
      ),
    );
    expect(results.map((r) => (r._meta as { status?: string } | undefined)?.status)).toEqual(
      Array(20).fill('SUCCEEDED'),
    );
    const counts = engine.calls.counts();
    expect(counts.StartExecution).toBe(20);
    // Twenty waits polled: more than one poll each, and all within the pace.
    expect(counts.DescribeExecution).toBeGreaterThan(20);
    expect(engine.quotas.throttled()).toEqual({ total: 0, byOperation: {} });
  }, 180_000);
});

/** util-linux `script` gives a command a terminal: `list` draws its progress only on one. */
const hasScript = (() => {
  try {
    return spawnSync('script', ['--version']).status === 0;
  } catch {
    return false;
  }
})();

const shellQuoted = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

describe('list on a terminal under the quotas', () => {
  const [, scale, pace] = SIZES[0]!;
  const group = GROUPS[0]!;

  beforeAll(() => {
    engine.quotas.set({ table: 'other', scale });
  });

  it.skipIf(!hasScript)(
    'shows how far the reading is and the AWS quota it waits for',
    async () => {
      const command = [process.execPath, CLI, 'list'].map(shellQuoted).join(' ');
      const child = spawn('script', ['-qefc', command, '/dev/null'], {
        env: engineEnv(engine.endpoint, {
          ...fleetEnv(group),
          SFN_MCP_API_QUOTAS: `other,scale=${scale * pace}`,
          SHELL: '/bin/sh',
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let terminal = '';
      child.stdout.on('data', (c: Buffer) => (terminal += c.toString()));
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code, terminal).toBe(0);
      // Each line rewrites the last one: carriage return, then ESC [2K (erase the line).
      const lines = terminal.split('\r\u001b[2K');
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^Reading state machines\.\.\. \d+\/200 \(within the AWS quota of DescribeStateMachine\)$/,
        ),
      );
      // The table follows on the same terminal, every selected machine a tool.
      expect(terminal).toMatch(
        new RegExp(`\\n${group.machines / 2} tool\\(s\\), \\d+ machine\\(s\\) left out\\.`),
      );
      expect(engine.quotas.throttled().total).toBe(0);
    },
    180_000,
  );
});
