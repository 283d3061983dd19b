/**
 * The server under AWS's real (unscaled) API quotas, emulated by the engine in a process of its own
 * (`engine --quotas`, the table of us-east-1): for 200, 1,000 and 5,000 machines (every other one
 * carrying the tag the filter selects, every tenth a schema tag), the time from spawning the server to
 * its first complete tools/list (every selected machine a tool), against the quota floor, and the
 * requests throttled. Then, at 1,000 machines, a restart with the catalogue cache: the time to its first
 * tools/list.
 *
 * The floor is the fewest calls that can answer (every ListStateMachines page, the GetResources pages
 * of the tagged machines, one DescribeStateMachine per selected machine, one DescribeSchema per schema):
 * the longer of their pacing by the documented buckets, starting full (computed: the quota floor; each
 * operation has a bucket of its own, so the slowest one bounds it), and the time the least MCP server
 * takes to make them and answer tools/list (bench/floor-server.ts: the raw SDK clients, each call as
 * soon as it can be made, and the MCP SDK's own server over stdio, bundled as the bin is, with the
 * engine's quotas off), timed as the server is: from spawn to the answer of its first tools/list, through
 * the same client. The ratio divides the server's time by it. For reference, a process of the raw SDK
 * making the same calls and answering nothing (bench/floor-client.ts) is timed from spawn to its `done`
 * line, and the server's ratio to it printed beside. Every AWS call takes LATENCY_MS more, as a round trip
 * to AWS's regional endpoint does. Where the quotas do not bind, the three are timed RUNS times,
 * alternately, and their medians compared. Each figure is printed with the goal it is held to, and MISSED
 * when it misses it; the load average of the machine is printed with it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../scripts/bundle-options.mjs';
import { QUOTA_TABLES, pacedSeconds, tableNameFor } from '../src/aws/quotas.js';
import {
  connectStdio,
  engineEnv,
  newClient,
  stdioTransport,
  type Connected,
} from '../test/helpers/server.js';
import {
  FLEET_SCHEMA_TAG,
  createFleetSchemas,
  fleetEnv,
  fleetGroup,
  fleetPlan,
  writeFleet,
  type FleetGroup,
} from '../test/helpers/quota-fleet.js';
import { waitFor } from '../test/helpers/wait-for.js';
import { startEngineProcess, type EngineProcess } from './engine-process.js';
import type { FloorRequest } from './floor-client.js';
import { fmt, median } from './stats.js';

const SIZES = [200, 1_000, 5_000];
const RESTART_AT = 1_000;
/** Added to every AWS call, as a round trip to AWS's regional endpoint takes. */
const LATENCY_MS = 20;
/** Runs of the floor client at every size, and of the server where the quotas do not bind. */
const RUNS = 5;
/** The goals: the ratio to the floor, and the restart with the cache at 1,000 machines. */
export const QUOTA_GOALS = { ratio: 1.2, restartMs: 2_000 };
const LIST_TIMEOUT = { timeout: 900_000 };

export interface QuotaRun {
  machines: number;
  tools: number;
  /** From spawning the server to the answer of the first tools/list: what the goal is held to. */
  firstListMs: number;
  /** The server's own discovery time (its "catalogue loaded" line): the first tools/list less start-up. */
  discoveryMs: number;
  floorMs: number;
  /** The documented buckets' pacing of the fewest calls, computed. */
  quotaFloorMs: number;
  /** The least MCP server making the fewest calls, no quota, from spawn to its tools/list, measured. */
  mcpFloorMs: number;
  /** The fewest calls made by a process of the raw SDK with no quota, from spawn, measured (a reference). */
  rawMs: number;
  /** firstListMs / floorMs. */
  ratio: number;
  /** firstListMs / the longer of quotaFloorMs and rawMs (a reference). */
  rawRatio: number;
  throttled: number;
  /** The machine's one-minute load average when the size ended (the bench shares the machine). */
  load: number;
}

/** What every size shares: the floor programs' bundles, and a folder for the catalogue caches. */
interface BenchContext {
  floorClient: string;
  floorServer: string;
  scratch: string;
}

export async function benchQuotas(sizes: readonly number[] = SIZES): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  console.log(
    `\nUnder AWS API quotas (us-east-1 table, unscaled), ${LATENCY_MS} ms a call, tag filter + schema tag, ` +
      'half selected',
  );
  console.log(
    `  goal: first complete tools/list from spawn within ${QUOTA_GOALS.ratio}x the floor, 0 throttled`,
  );
  const scratch = await mkdtemp(join(tmpdir(), 'quota-bench-'));
  try {
    const ctx = await benchContext(scratch);
    for (const machines of sizes) {
      const run = await sizeRun(machines, ctx, machines === RESTART_AT ? out : undefined);
      for (const [k, v] of Object.entries(run)) if (k !== 'machines') out[`${machines}_${k}`] = v;
      console.log(sizeLine(run));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  printGoals(sizes, out);
  return out;
}

function printGoals(sizes: readonly number[], out: Record<string, number>): void {
  const worst = Math.max(...sizes.map((n) => out[`${n}_ratio`]!));
  const throttled = sizes.reduce((n, s) => n + out[`${s}_throttled`]!, 0) + (out.restart_throttled ?? 0);
  console.log(
    `  goals: ratio <= ${QUOTA_GOALS.ratio} (worst ${worst.toFixed(2)}${verdict(worst <= QUOTA_GOALS.ratio)}), ` +
      `0 throttled (${throttled}${verdict(throttled === 0)})`,
  );
  if (out.restart_firstListMs !== undefined) {
    const met = out.restart_firstListMs < QUOTA_GOALS.restartMs;
    console.log(
      `  restart at ${RESTART_AT}: first tools/list ${fmt(out.restart_firstListMs)} from spawn ` +
        `(goal < ${QUOTA_GOALS.restartMs} ms${verdict(met)}), served ${fmt(out.restart_processMs!)} ` +
        `into the server process, load average ${out.restart_load!.toFixed(1)}`,
    );
  }
}

/** The floor programs bundled as the bin is (scripts/bundle-options.mjs). */
async function benchContext(scratch: string): Promise<BenchContext> {
  const bundle = async (name: string) => {
    const outfile = join(scratch, `${name}.js`);
    await build({
      ...BUNDLE_OPTIONS,
      entryPoints: [fileURLToPath(new URL(`./${name}.ts`, import.meta.url))],
      outfile,
      logLevel: 'warning',
    });
    return outfile;
  };
  return { floorClient: await bundle('floor-client'), floorServer: await bundle('floor-server'), scratch };
}

/** One size's figures, each with its goal, and MISSED where it misses it. */
function sizeLine(run: QuotaRun): string {
  const binds =
    run.quotaFloorMs >= run.mcpFloorMs ? 'the quotas bind' : 'within the buckets: the least server';
  return (
    `  ${String(run.machines).padStart(5)} machines: first tools/list ${fmt(run.firstListMs)} from spawn ` +
    `(${run.tools} tools), floor ${fmt(run.floorMs)} (${binds}; quota ${fmt(run.quotaFloorMs)}, ` +
    `least MCP server ${fmt(run.mcpFloorMs)} from spawn), ratio ${run.ratio.toFixed(2)} ` +
    `(goal <= ${QUOTA_GOALS.ratio}${verdict(run.ratio <= QUOTA_GOALS.ratio)}), ` +
    `raw calls ${fmt(run.rawMs)} from spawn (ratio ${run.rawRatio.toFixed(2)}, a reference), ` +
    `discovery ${fmt(run.discoveryMs)} after start-up, throttled ${run.throttled}${verdict(run.throttled === 0)}, ` +
    `load average ${run.load.toFixed(1)}`
  );
}

const verdict = (met: boolean): string => (met ? ': met' : ': MISSED');

/** One size: its own engine process and folder; at RESTART_AT, the restart too (into `restart`). */
async function sizeRun(
  machines: number,
  ctx: BenchContext,
  restart?: Record<string, number>,
): Promise<QuotaRun> {
  const group = fleetGroup('q-', machines);
  const folder = await mkdtemp(join(tmpdir(), 'quota-fleet-'));
  await writeFleet(folder, [group], { region: 'us-east-1', accountId: '123456789012' });
  const engine = await startEngineProcess(['--dir', folder, '--quotas', '--control']);
  try {
    await createFleetSchemas(engine);
    await control(engine, 'PUT', '/_local/faults', { latencyMs: LATENCY_MS });
    const quotaFloorMs = quotaFloorOf(group) * 1000;
    const { raw, mcp, first, env } = await alternateRuns(engine, group, ctx, quotaFloorMs === 0 ? RUNS : 1);
    if (restart) Object.assign(restart, await restartRun(engine, env, group));
    const rawMs = median(raw);
    const mcpFloorMs = median(mcp);
    const floorMs = Math.max(quotaFloorMs, mcpFloorMs);
    return {
      machines,
      ...first,
      floorMs,
      quotaFloorMs,
      mcpFloorMs,
      rawMs,
      ratio: first.firstListMs / floorMs,
      rawRatio: first.firstListMs / Math.max(quotaFloorMs, rawMs),
      load: loadavg()[0]!,
    };
  } finally {
    await engine.close();
    await rm(folder, { recursive: true, force: true });
  }
}

type ServerFigures = Pick<QuotaRun, 'tools' | 'firstListMs' | 'discoveryMs' | 'throttled'>;

/**
 * RUNS of each floor program and `serverRuns` of the server (each discovering afresh, with a catalogue
 * cache of its own), alternately, so that a change in the machine's load falls on all; one of each
 * first, not counted, where the server runs more than once (the system's file cache then holds them).
 * The server's figures are its median run's, its throttled requests all its runs' (the first's too); `env` is the last
 * run's, whose cache holds its catalogue.
 */
async function alternateRuns(
  engine: EngineProcess,
  group: FleetGroup,
  ctx: BenchContext,
  serverRuns: number,
) {
  const serverEnv = async () =>
    engineEnv(engine.endpoint, {
      ...fleetEnv(group),
      SFN_MCP_CATALOG_CACHE: await mkdtemp(join(ctx.scratch, 'catalog-cache-')),
      // Every tool in tools/list, however many (the default budget serves thousands as a search).
      SFN_MCP_TOOL_BUDGET: '0',
    });
  const raw: number[] = [];
  const mcp: number[] = [];
  const runs: ServerFigures[] = [];
  let warmUpThrottled = 0;
  if (serverRuns > 1) {
    await floorRun(engine, group, ctx);
    await floorServerRun(engine, group, ctx);
    warmUpThrottled = (await serverRun(engine, await serverEnv(), group)).throttled;
  }
  let env: Record<string, string> = {};
  for (let i = 0; i < Math.max(RUNS, serverRuns); i++) {
    raw.push(await floorRun(engine, group, ctx));
    mcp.push(await floorServerRun(engine, group, ctx));
    if (i >= serverRuns) continue;
    env = await serverEnv();
    runs.push(await serverRun(engine, env, group));
  }
  const ordered = [...runs].sort((a, b) => a.firstListMs - b.firstListMs);
  const middle = ordered[ordered.length >> 1]!;
  const first = { ...middle, throttled: runs.reduce((n, r) => n + r.throttled, warmUpThrottled) };
  return { raw, mcp, first, env };
}

/**
 * The documented buckets' time for the fewest calls. Each operation has its own bucket, and the
 * descriptions of one GetResources page's machines can be read while the next page is fetched, so the
 * slowest operation bounds it.
 */
export function quotaFloorOf(group: FleetGroup, table = QUOTA_TABLES[tableNameFor('us-east-1')]): number {
  const selected = fleetPlan(group).filter((m) => m.selected).length;
  const q = (operation: string) => table[operation]!;
  return Math.max(
    pacedSeconds(Math.ceil(group.machines / 1000), q('ListStateMachines')),
    pacedSeconds(Math.ceil(selected / 100), q('GetResources')),
    pacedSeconds(selected, q('DescribeStateMachine')),
    pacedSeconds(10, q('DescribeSchema')),
  );
}

/** The floor client (bench/floor-client.ts), the engine's quotas off: from spawn to its `done` line. */
async function floorRun(engine: EngineProcess, group: FleetGroup, ctx: BenchContext): Promise<number> {
  await control(engine, 'PUT', '/_local/quotas', null);
  const request: FloorRequest = {
    endpoint: engine.endpoint,
    region: engine.region,
    tagKey: group.tagKey,
    schemaTagKey: FLEET_SCHEMA_TAG,
  };
  const started = performance.now();
  const child = spawn(process.execPath, [ctx.floorClient, JSON.stringify(request)], {
    env: engineEnv(engine.endpoint),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let doneMs: number | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (doneMs === undefined && /^done \d+$/m.test(stdout)) doneMs = performance.now() - started;
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  const selected = fleetPlan(group).filter((m) => m.selected).length;
  if (code !== 0 || doneMs === undefined || !stdout.includes(`done ${selected}`))
    throw new Error(`the floor client exited with ${code}, saying ${JSON.stringify(stdout)}:\n${stderr}`);
  return doneMs;
}

/**
 * The least MCP server (bench/floor-server.ts), the engine's quotas off, from spawn to the answer of its
 * first tools/list, through the client the server is timed with; then closed.
 */
async function floorServerRun(engine: EngineProcess, group: FleetGroup, ctx: BenchContext): Promise<number> {
  await control(engine, 'PUT', '/_local/quotas', null);
  const started = performance.now();
  const transport = stdioTransport(
    { command: process.execPath, args: [ctx.floorServer], env: engineEnv(engine.endpoint, fleetEnv(group)) },
    'floor-server',
  );
  const client = newClient();
  try {
    await client.connect(transport);
    const { tools } = await client.listTools({}, LIST_TIMEOUT);
    const ms = performance.now() - started;
    const selected = fleetPlan(group).filter((m) => m.selected).length;
    if (tools.length !== selected)
      throw new Error(`the least MCP server listed ${tools.length} of ${selected}`);
    return ms;
  } finally {
    await client.close();
  }
}

/** A server from spawn to its first complete tools/list, then closed. */
async function serverRun(
  engine: EngineProcess,
  env: Record<string, string>,
  group: FleetGroup,
): Promise<ServerFigures> {
  await control(engine, 'PUT', '/_local/quotas', {});
  const before = await throttled(engine);
  const started = performance.now();
  let server: Connected | undefined;
  try {
    server = await connectStdio(env);
    const { tools } = await server.client.listTools({}, LIST_TIMEOUT);
    const firstListMs = performance.now() - started;
    expectTools(tools.length, group);
    const loaded = /"ms":(\d+)[^\n]*"msg":"catalogue loaded"/.exec(server.stderr());
    return {
      tools: tools.length,
      firstListMs,
      discoveryMs: Number(loaded?.[1]),
      throttled: (await throttled(engine)) - before,
    };
  } finally {
    await server?.close();
  }
}

const RESTARTS = 3;

/**
 * The restarts: servers over the same cache, each to its first tools/list (the median of RESTARTS, and
 * how long the server process had run when it served the kept catalogue); the last one's revalidation
 * runs to the end, and the requests throttled meanwhile are counted.
 */
async function restartRun(engine: EngineProcess, env: Record<string, string>, group: FleetGroup) {
  // The floor client's runs turned the quotas off.
  await control(engine, 'PUT', '/_local/quotas', {});
  const before = await throttled(engine);
  const times: number[] = [];
  const processTimes: number[] = [];
  for (let i = 0; i < RESTARTS; i++) {
    const started = performance.now();
    const server = await connectStdio(env);
    try {
      const { tools } = await server.client.listTools({}, LIST_TIMEOUT);
      times.push(performance.now() - started);
      expectTools(tools.length, group);
      const served = /"processMs":(\d+)[^\n]*"msg":"catalogue served from the cache/.exec(server.stderr());
      if (!served) throw new Error('the restart did not serve the catalogue from the cache');
      processTimes.push(Number(served[1]));
      if (i === RESTARTS - 1) {
        const revalidated = () => (server.stderr().includes('catalogue revalidated') ? true : undefined);
        await waitFor(revalidated, 'the revalidation', 600_000);
      }
    } finally {
      await server.close();
    }
  }
  return {
    restart_firstListMs: median(times),
    restart_processMs: median(processTimes),
    restart_throttled: (await throttled(engine)) - before,
    restart_load: loadavg()[0]!,
  };
}

function expectTools(count: number, group: FleetGroup): void {
  const selected = fleetPlan(group).filter((m) => m.selected).length;
  if (count !== selected + 1) throw new Error(`expected ${selected + 1} tools, got ${count}`);
}

async function throttled(engine: EngineProcess): Promise<number> {
  const body = (await control(engine, 'GET', '/_local/quotas')) as { throttled: { total: number } };
  return body.throttled.total;
}

async function control(
  engine: EngineProcess,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${engine.endpoint}${path}`, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
