/**
 * Soak: 20,000 tool calls through one server process (the real MCP client over stdio) against the local
 * engine running in a process of its own, measuring the server's heap after a forced full garbage
 * collection at intervals, and its peak RSS.
 *
 * How the heap is measured: the server is started with `--inspect=127.0.0.1:0` (loopback only, for this
 * run), and the bench asks it over the Chrome DevTools Protocol for `HeapProfiler.collectGarbage` (a full
 * GC) and then `process.memoryUsage()` and `process.resourceUsage().maxRSS`. No code of the server is
 * changed or added for the measurement, and nothing runs in it between the calls but the GC and the read.
 *
 * The heap is flat when no sample after the warm-up exceeds the first one by more than 10%; otherwise the
 * bench exits non-zero. `node --import tsx bench/soak.ts [calls]` runs it alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { machineFolder } from '../test/helpers/engine.js';
import { CLI, engineEnv, newClient, stdioTransport } from '../test/helpers/server.js';
import { waitFor } from '../test/helpers/wait-for.js';

const CALLS = 20_000;
const WARM_UP = 1_000;
const SAMPLES = 10;
const CONCURRENCY = 8;
const FLAT_WITHIN = 0.1;

const PASS = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
const SCHEMA = {
  type: 'object',
  properties: { orderId: { type: 'string' }, qty: { type: 'integer', minimum: 1 } },
  required: ['orderId'],
};

export interface SoakFigures {
  calls: number;
  errors: number;
  heapAfterGcBytes: number[];
  heapGrowth: number;
  flat: boolean;
  peakRssBytes: number;
  seconds: number;
}

/** The engine command in a process of its own, and the endpoint it prints. */
async function startEngineProcess(dir: string): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'engine', '--dir', dir, '--port', '0'], {
    env: { ...process.env, SFN_MCP_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  const endpoint = await waitFor(() => /listening on (http:\/\/\S+)/.exec(stdout)?.[1], 'the engine', 20_000);
  return { endpoint, child };
}

/** A minimal Chrome DevTools Protocol client over the inspector's WebSocket. */
class Inspector {
  private next = 0;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
    });
  }

  static async open(url: string): Promise<Inspector> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, { once: true });
      socket.addEventListener('error', reject, { once: true });
    });
    return new Inspector(socket);
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = ++this.next;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** A full GC, then the heap in use and the peak RSS so far. */
  async measure(): Promise<{ heapUsed: number; maxRss: number }> {
    await this.send('HeapProfiler.collectGarbage');
    const out = (await this.send('Runtime.evaluate', {
      expression:
        'JSON.stringify({ heapUsed: process.memoryUsage().heapUsed, maxRss: process.resourceUsage().maxRSS * 1024 })',
      returnByValue: true,
    })) as { result: { value: string } };
    return JSON.parse(out.result.value) as { heapUsed: number; maxRss: number };
  }

  close(): void {
    this.socket.close();
  }
}

/** The server over stdio with its inspector on a loopback ephemeral port; the client and the inspector. */
async function startServer(endpoint: string): Promise<{ client: Client; inspector: Inspector }> {
  const transport = stdioTransport(
    {
      command: process.execPath,
      args: ['--inspect=127.0.0.1:0', CLI],
      env: engineEnv(endpoint, {
        SFN_MCP_LOG_LEVEL: 'warn',
        STATE_MACHINE_PREFIX: 'soak-',
        STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: 'InputSchemaArn',
      }),
    },
    'soak-server',
  );
  let stderr = '';
  transport.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const client = newClient();
  await client.connect(transport);
  const url = await waitFor(
    () => /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1],
    'the inspector URL',
  );
  return { client, inspector: await Inspector.open(url) };
}

/** Call `i` of the mix: mostly Express calls, Standard runs, refused arguments, and result reads. */
async function oneCall(client: Client, i: number, lastArn: { value?: string }): Promise<boolean> {
  const kind = i % 20;
  if (kind < 12) {
    const r = await client.callTool({ name: 'express', arguments: { orderId: `o-${i}`, qty: 1 + (i % 5) } });
    return !r.isError;
  }
  if (kind < 16) {
    const r = await client.callTool({ name: 'standard', arguments: { orderId: `s-${i}` } });
    if (typeof r._meta?.executionArn === 'string') lastArn.value = r._meta.executionArn;
    return !r.isError;
  }
  if (kind < 19) {
    // Refused before any AWS call: the schema wants orderId, and qty at least 1.
    const r = await client.callTool({ name: 'express', arguments: { qty: 0, extra: 'x'.repeat(i % 500) } });
    return r.isError === true;
  }
  if (!lastArn.value) return true;
  const r = await client.callTool({
    name: 'get_execution_result',
    arguments: { executionArn: lastArn.value, waitSeconds: 0 },
  });
  return !r.isError;
}

/** `count` calls, CONCURRENCY at a time; how many did not answer as expected. */
async function callBatch(
  client: Client,
  from: number,
  count: number,
  lastArn: { value?: string },
): Promise<number> {
  let errors = 0;
  let next = from;
  const end = from + count;
  const worker = async (): Promise<void> => {
    while (next < end) {
      const i = next++;
      if (!(await oneCall(client, i, lastArn))) errors++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return errors;
}

/** Runs the soak and prints its figures. */
export async function benchSoak(calls = CALLS): Promise<SoakFigures> {
  const folder = await machineFolder({
    'soak-express': {
      'definition.asl.json': PASS,
      'machine.json': { type: 'EXPRESS' },
      'input-schema.json': SCHEMA,
    },
    'soak-standard': { 'definition.asl.json': PASS, 'input-schema.json': SCHEMA },
  });
  const engine = await startEngineProcess(folder.dir);
  const server = await startServer(engine.endpoint);
  const started = performance.now();
  try {
    const lastArn: { value?: string } = {};
    let errors = await callBatch(server.client, 0, WARM_UP, lastArn);
    const heap = [(await server.inspector.measure()).heapUsed];
    const step = Math.ceil((calls - WARM_UP) / SAMPLES);
    for (let done = WARM_UP; done < calls; done += step) {
      errors += await callBatch(server.client, done, Math.min(step, calls - done), lastArn);
      heap.push((await server.inspector.measure()).heapUsed);
    }
    const { maxRss } = await server.inspector.measure();
    const growth = Math.max(...heap) / heap[0]! - 1;
    const figures: SoakFigures = {
      calls,
      errors,
      heapAfterGcBytes: heap,
      heapGrowth: growth,
      flat: growth <= FLAT_WITHIN,
      peakRssBytes: maxRss,
      seconds: (performance.now() - started) / 1000,
    };
    printFigures(figures);
    return figures;
  } finally {
    server.inspector.close();
    await server.client.close();
    engine.child.kill('SIGTERM');
    if (engine.child.exitCode === null && engine.child.signalCode === null) await once(engine.child, 'exit');
    await folder.cleanup();
  }
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function printFigures(f: SoakFigures): void {
  console.log(
    `\nSoak: ${f.calls.toLocaleString('en-US')} calls over stdio, ${CONCURRENCY} at a time (${f.seconds.toFixed(0)} s)`,
  );
  console.log(`  calls that did not answer as expected: ${f.errors}`);
  console.log(
    `  heap after forced GC, every ${Math.ceil((f.calls - WARM_UP) / SAMPLES)} calls after ${WARM_UP} warm-up calls:`,
  );
  console.log(`    ${f.heapAfterGcBytes.map(mib).join(', ')}`);
  console.log(
    `  largest sample vs the first: ${(f.heapGrowth * 100).toFixed(1)}% (${f.flat ? 'flat' : 'NOT flat'}: limit ${FLAT_WITHIN * 100}%)`,
  );
  console.log(`  peak RSS of the server: ${mib(f.peakRssBytes)}`);
  if (!f.flat || f.errors > 0) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await benchSoak(process.argv[2] ? Number(process.argv[2]) : CALLS);
}
