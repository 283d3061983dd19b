/**
 * Long runs under load, through the real MCP client over stdio: every call ends with exactly one execution
 * when AWS throttles 30% of calls or loses StartExecution responses, and 100 concurrent waits share one
 * DescribeExecution rate (the engine's call log is the proof).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBurst } from '../../src/aws/token-bucket.js';
import { createMachines, useEngine } from '../helpers/engine.js';
import { connectStdio, engineEnv, type Connected } from '../helpers/server.js';
import { HOLD, QUICK, executionsOf } from '../helpers/long-runs-machines.js';

const local = useEngine();
const arns: Record<string, string> = {};
const conns: Connected[] = [];

beforeAll(async () => {
  const specs = [
    { name: 'ld-throttled', definition: QUICK },
    { name: 'ld-lossy', definition: QUICK },
    { name: 'ld-hold', definition: HOLD },
  ];
  const created = await createMachines(local.engine, specs);
  specs.forEach((s, i) => (arns[s.name] = created[i]!));
});

afterAll(async () => {
  await Promise.allSettled(conns.map((c) => c.close()));
});

async function connect(extra: Record<string, string> = {}): Promise<Client> {
  const conn = await connectStdio(
    engineEnv(local.engine.endpoint, { STATE_MACHINE_PREFIX: 'ld-', ...extra }),
  );
  conns.push(conn);
  await conn.client.listTools(); // the catalogue is loaded before faults are injected
  return conn.client;
}

/**
 * Runs `n` concurrent calls, sent `spacingMs` apart; returns the execution ARN of each (all must succeed
 * with their own output).
 */
async function callMany(
  client: Client,
  tool: string,
  n: number,
  args: (i: number) => object,
  spacingMs = 0,
): Promise<string[]> {
  const results = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      if (spacingMs > 0) await sleep(i * spacingMs);
      return client.callTool(
        { name: tool, arguments: { ...args(i), id: `${tool}-${i}` } },
        { timeout: 120_000 },
      );
    }),
  );
  return results.map((r, i) => {
    expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
    expect((r.structuredContent as { id: string }).id).toBe(`${tool}-${i}`);
    return String(r._meta?.executionArn);
  });
}

describe('one call, one execution', () => {
  let client: Client;
  beforeAll(async () => {
    client = await connect();
  });

  it('with 30% of AWS calls throttled, every call ends with exactly one execution', async () => {
    local.engine.calls.reset();
    local.engine.faults.set({ throttleRate: 0.3 });
    const returned = await callMany(client, 'throttled', 20, () => ({})).finally(() =>
      local.engine.faults.reset(),
    );

    const log = local.engine.calls.entries().filter((e) => e.operation === 'StartExecution');
    expect(log.filter((e) => e.status !== 200).length).toBeGreaterThan(0); // retries did happen
    expect(log.filter((e) => e.status === 200)).toHaveLength(20);
    const executions = await executionsOf(local.engine, arns['ld-throttled']!);
    expect(executions).toHaveLength(20);
    expect(new Set(returned)).toEqual(new Set(executions.map((e) => e.executionArn)));
    expect(executions.every((e) => e.status === 'SUCCEEDED')).toBe(true);
  });

  it('with StartExecution responses lost (the run started, the answer did not arrive), still one each', async () => {
    local.engine.calls.reset();
    local.engine.faults.set({ responseLossRate: 0.3, responseLossOperations: ['StartExecution'] });
    const returned = await callMany(client, 'lossy', 20, () => ({})).finally(() =>
      local.engine.faults.reset(),
    );

    const log = local.engine.calls.entries().filter((e) => e.operation === 'StartExecution');
    expect(log.length).toBeGreaterThan(20); // lost answers were retried with the same name
    const executions = await executionsOf(local.engine, arns['ld-lossy']!);
    expect(executions).toHaveLength(20);
    expect(new Set(returned)).toEqual(new Set(executions.map((e) => e.executionArn)));
  });
});

describe('a shared DescribeExecution rate', () => {
  const RATE = 20;
  let client: Client;
  beforeAll(async () => {
    client = await connect({ SFN_MCP_DESCRIBE_RATE: String(RATE) });
  });

  it('100 concurrent waits stay within the configured rate (burst + rate x time over the whole wait)', async () => {
    local.engine.calls.reset();
    // The calls go out 5 ms apart (all 100 still wait at the same time, for 2 s each): 100 StartExecution
    // sent in the same millisecond would fill the SDK's socket pool, and polls queued behind them would
    // reach the engine bunched, which says nothing about the pacer (its own bound is unit-tested).
    const returned = await callMany(client, 'hold', 100, () => ({ seconds: 2 }), 5);
    expect(new Set(returned).size).toBe(100);

    const times = local.engine.calls
      .entries()
      .filter((e) => e.operation === 'DescribeExecution')
      .map((e) => e.at)
      .sort((x, y) => x - y);
    expect(times.length).toBeGreaterThanOrEqual(100);
    // The pacer's bound, as a token bucket states it: over any span of T seconds at most burst + rate x T
    // calls. It is checked over the whole wait rather than per 1-second window: arrivals at the engine can
    // bunch behind a busy CPU even when the server sent them evenly, which can shorten the span seen here
    // by a fraction of a second at each end: one second of slack covers that, while an unpaced server
    // (every wait polling on its own schedule) would send several times the bound.
    const spanSeconds = (times.at(-1)! - times[0]!) / 1000;
    expect(times.length).toBeLessThanOrEqual(defaultBurst(RATE) + RATE * (Math.ceil(spanSeconds) + 1));
    // Shared, not starved: every one of the 100 waits got its polls through the shared rate.
    const polled = new Set(
      local.engine.calls
        .entries()
        .filter((e) => e.operation === 'DescribeExecution')
        .map((e) => e.arn),
    );
    for (const executionArn of returned) expect(polled.has(executionArn), executionArn).toBe(true);
  });
});
