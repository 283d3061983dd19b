/**
 * The server's memory as a desktop client sees it: the built server spawned over stdio with the real MCP
 * client, pointed through AWS_ENDPOINT_URL at the local engine running in a process of its own (as it
 * would point at AWS, whose memory is not the server's). After the catalogue (tools/list) and 200 tool
 * calls, Express and Standard, with and without an input schema, the server's peak resident set (VmHWM)
 * and current one (VmRSS) are read from /proc. The floor is a bare Node process of the same binary.
 *
 * At 5,000 machines, discovery is also timed against the floor client: the fewest calls that read the
 * same account (every ListStateMachines page, one ListTagsForResource per machine, DescribeStateMachine
 * per selected machine, DescribeSchema per schema), all fired at once with the raw SDK.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import {
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  type StateMachineListItem,
} from '@aws-sdk/client-sfn';
import { DescribeSchemaCommand } from '@aws-sdk/client-schemas';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import pLimit from 'p-limit';
import { CLI, engineEnv, newClient } from '../test/helpers/server.js';
import { startEngineProcess, type EngineProcess } from './engine-process.js';
import { createFleet, FLEET_ENV, fleetClients, fleetPlan, type FleetMachine } from './fleet.js';
import { median, timed } from './stats.js';

/** The goals: peak RSS after the catalogue and the calls, in MB, by number of machines. */
export const PEAK_LIMITS_MB: Record<number, number> = { 200: 80, 5_000: 150 };
const CALLS = 200;
/** Calls in flight at once, as an agent running a few tools side by side. */
const CALLS_AT_ONCE = 4;
const RUNS = 3;
/** tools/list waits for the whole catalogue: thousands of machines take longer than the client's 60 s default. */
const CATALOGUE_TIMEOUT_MS = 600_000;

export interface MemorySample {
  /** Peak resident set (VmHWM), MB. */
  peakMb: number;
  /** Resident set when read (VmRSS), MB. */
  rssMb: number;
  /** CPU time used so far (user and system), ms. */
  cpuMs: number;
}

export interface ServerSample extends MemorySample {
  tools: number;
  /** From spawn to the answer of initialize (the server is up; discovery has started). */
  startMs: number;
  /** From spawn to the answer of tools/list (the catalogue is ready). */
  catalogueMs: number;
  /** CPU time the server used up to then. */
  catalogueCpuMs: number;
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** VmHWM and VmRSS (MB) and the CPU time (ms) of a running process. */
export async function memoryOf(pid: number): Promise<MemorySample> {
  const [status, stat] = await Promise.all([
    readFile(`/proc/${pid}/status`, 'utf8'),
    readFile(`/proc/${pid}/stat`, 'utf8'),
  ]);
  const mb = (field: string): number => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!m) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(m[1]) / 1024;
  };
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  return { peakMb: mb('VmHWM'), rssMb: mb('VmRSS'), cpuMs };
}

/** A Node process of the same binary that does nothing: what any Node program holds at least. */
export async function bareNode(): Promise<MemorySample> {
  const child = spawn(process.execPath, ['-e', "console.log('ready'); setInterval(() => {}, 1 << 30)"], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await once(child.stdout, 'data');
    return await memoryOf(child.pid!);
  } finally {
    child.kill();
  }
}

/** The machines to call: selected ones, Express and Standard, with and without a schema, in turn. */
export function callPlan(plan: readonly FleetMachine[], calls = CALLS): FleetMachine[] {
  const selected = plan.filter((m) => m.selected);
  const groups = [
    selected.filter((m) => m.type === 'EXPRESS' && !m.schema),
    selected.filter((m) => m.type === 'STANDARD' && !m.schema),
    selected.filter((m) => m.type === 'EXPRESS' && m.schema),
    selected.filter((m) => m.type === 'STANDARD' && m.schema),
  ].filter((g) => g.length > 0);
  return Array.from({ length: calls }, (_, i) => {
    const group = groups[i % groups.length]!;
    return group[Math.floor(i / groups.length) % group.length]!;
  });
}

/** One server over stdio: the catalogue, the calls, then its memory. The server is closed in every case. */
export async function measureServer(
  engine: EngineProcess,
  plan: readonly FleetMachine[],
  calls = CALLS,
): Promise<ServerSample> {
  const started = performance.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI],
    // The engine process emulates no quotas: the server is not paced here (bench/quotas.ts measures that).
    // Tags per machine, as the floor client reads them.
    env: engineEnv(engine.endpoint, {
      ...FLEET_ENV,
      SFN_MCP_API_QUOTAS: 'off',
      SFN_MCP_TAGS_IN_BULK: 'false',
    }),
    stderr: 'inherit',
  });
  const client = newClient();
  try {
    await client.connect(transport);
    const startMs = performance.now() - started;
    const { tools } = await client.listTools(undefined, { timeout: CATALOGUE_TIMEOUT_MS });
    const catalogueMs = performance.now() - started;
    const catalogueCpuMs = (await memoryOf(transport.pid!)).cpuMs;
    const expected = plan.filter((m) => m.selected).length + 1; // and get_execution_result
    if (tools.length !== expected) throw new Error(`expected ${expected} tools, got ${tools.length}`);
    const limit = pLimit(CALLS_AT_ONCE);
    await Promise.all(
      callPlan(plan, calls).map((m) =>
        limit(async () => {
          const result = await client.callTool({ name: m.tool, arguments: m.input });
          if (result.isError) throw new Error(`${m.tool} failed: ${JSON.stringify(result.content)}`);
        }),
      ),
    );
    return { ...(await memoryOf(transport.pid!)), tools: tools.length, startMs, catalogueMs, catalogueCpuMs };
  } finally {
    await client.close();
  }
}

/** The floor: the calls that read the fleet, every one in flight at once (pagination is sequential). */
export async function floorDiscovery(engine: EngineProcess, plan: readonly FleetMachine[]): Promise<number> {
  // Thousands of requests wait for one of the SDK's 50 sockets on purpose: no warning about it.
  const { sfn, schemas } = fleetClients(engine, { socketAcquisitionWarningTimeout: CATALOGUE_TIMEOUT_MS });
  const byName = new Map(plan.map((m) => [m.name, m]));
  try {
    return (
      await timed(async () => {
        const items: StateMachineListItem[] = [];
        let nextToken: string | undefined;
        do {
          const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }));
          items.push(...(page.stateMachines ?? []));
          nextToken = page.nextToken;
        } while (nextToken);
        const selected = items.filter((m) => byName.get(m.name!)?.selected);
        await Promise.all([
          ...items.map((m) => sfn.send(new ListTagsForResourceCommand({ resourceArn: m.stateMachineArn }))),
          ...selected.map((m) =>
            sfn.send(new DescribeStateMachineCommand({ stateMachineArn: m.stateMachineArn })),
          ),
          ...selected
            .filter((m) => byName.get(m.name!)?.schema)
            .map((m) =>
              schemas.send(new DescribeSchemaCommand({ RegistryName: 'bench', SchemaName: m.name })),
            ),
        ]);
      })
    ).ms;
  } finally {
    sfn.destroy();
    schemas.destroy();
  }
}

/** Median of each field over the runs. */
function medians<T extends object>(samples: T[]): { [K in keyof T]: number } {
  const keys = Object.keys(samples[0]!) as Array<keyof T>;
  return Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => Number(s[k])))])) as {
    [K in keyof T]: number;
  };
}

/** A fleet of `machines` on its own engine process: the server's memory, and at 5,000 the discovery ratio. */
async function benchFleet(machines: number): Promise<Record<string, number>> {
  const engine = await startEngineProcess();
  try {
    const plan = fleetPlan(machines);
    await createFleet(engine, plan);
    const samples: ServerSample[] = [];
    for (let run = 0; run < RUNS; run++) samples.push(await measureServer(engine, plan));
    const server = medians(samples);
    const out: Record<string, number> = {
      [`peakMb${machines}`]: server.peakMb,
      [`rssMb${machines}`]: server.rssMb,
      [`tools${machines}`]: server.tools,
      [`startMs${machines}`]: server.startMs,
      [`catalogueMs${machines}`]: server.catalogueMs,
      [`catalogueCpuMs${machines}`]: server.catalogueCpuMs,
      [`cpuMs${machines}`]: server.cpuMs,
    };
    if (machines >= 5_000) {
      const floors: number[] = [];
      for (let run = 0; run < RUNS; run++) floors.push(await floorDiscovery(engine, plan));
      out[`floorMs${machines}`] = median(floors);
      out[`catalogueOverFloor${machines}`] = server.catalogueMs / median(floors);
    }
    return out;
  } finally {
    await engine.close();
  }
}

const mb = (n: number): string => `${n.toFixed(1)} MB`;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export async function benchMemory(): Promise<Record<string, number>> {
  const bare: MemorySample[] = [];
  for (let run = 0; run < RUNS; run++) bare.push(await bareNode());
  const out: Record<string, number> = { bareNodeMb: medians(bare).peakMb };
  console.log(
    `\nMemory over stdio against an engine in another process, ${CALLS} calls, median of ${RUNS} runs`,
  );
  console.log(`  bare Node ${process.versions.node} process           peak ${mb(out.bareNodeMb!)}`);
  let over = false;
  for (const machines of Object.keys(PEAK_LIMITS_MB).map(Number)) {
    Object.assign(out, await benchFleet(machines));
    const peak = out[`peakMb${machines}`]!;
    const limit = PEAK_LIMITS_MB[machines]!;
    over ||= peak > limit;
    console.log(
      `  ${String(machines).padStart(5)} machines (${out[`tools${machines}`]} tools)     peak ${mb(peak)} ` +
        `(limit ${limit} MB: ${peak <= limit ? 'ok' : 'OVER'}), now ${mb(out[`rssMb${machines}`]!)}; ` +
        `up in ${s(out[`startMs${machines}`]!)}, catalogue in ${s(out[`catalogueMs${machines}`]!)}, ` +
        `CPU ${s(out[`catalogueCpuMs${machines}`]!)} to the catalogue, ${s(out[`cpuMs${machines}`]!)} in all`,
    );
  }
  console.log(
    `  discovery of 5,000 (spawn to tools/list) ${s(out.catalogueMs5000!)} against the floor client ` +
      `${s(out.floorMs5000!)}: ratio ${out.catalogueOverFloor5000!.toFixed(2)}`,
  );
  if (over) process.exitCode = 1;
  return out;
}
