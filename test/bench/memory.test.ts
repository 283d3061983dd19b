/**
 * The memory benchmark's machinery (bench/memory.ts, bench/fleet.ts, bench/engine-process.ts): the
 * synthetic account, the mix of calls, reading a process's memory, and one small run end to end (an
 * engine process, the built server over stdio). Memory figures are the benchmark's to judge; a test
 * asserts none.
 */
import { describe, expect, it } from 'vitest';
import { startEngineProcess } from '../../bench/engine-process.js';
import { createFleet, fleetPlan } from '../../bench/fleet.js';
import { bareNode, callPlan, floorDiscovery, measureServer, memoryOf } from '../../bench/memory.js';

describe('the synthetic account', () => {
  it('mixes Express and Standard, schemas and none, and leaves some machines to the tag filter', () => {
    const plan = fleetPlan(200);
    expect(new Set(plan.map((m) => m.name)).size).toBe(200);
    expect(plan.filter((m) => !m.selected)).toHaveLength(10);
    expect(plan.filter((m) => m.schema?.type === 'OpenApi3')).toHaveLength(10);
    expect(plan.filter((m) => m.schema?.type === 'JSONSchemaDraft4')).toHaveLength(10);
    expect(plan.filter((m) => m.type === 'EXPRESS')).toHaveLength(67);
    for (const m of plan) expect(m.tool).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  it('calls selected machines only, Express and Standard, with and without a schema, in turn', () => {
    const calls = callPlan(fleetPlan(200), 200);
    expect(calls).toHaveLength(200);
    expect(calls.every((m) => m.selected)).toBe(true);
    const kinds = new Map<string, number>();
    for (const m of calls) {
      const kind = `${m.type} ${m.schema ? 'schema' : 'none'}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    expect(Object.fromEntries(kinds)).toEqual({
      'EXPRESS none': 50,
      'STANDARD none': 50,
      'EXPRESS schema': 50,
      'STANDARD schema': 50,
    });
  });
});

describe('reading memory', () => {
  it('reads the peak and current resident set and the CPU time of a process', async () => {
    const own = await memoryOf(process.pid);
    expect(own.rssMb).toBeGreaterThan(0);
    expect(own.peakMb).toBeGreaterThanOrEqual(own.rssMb);
    expect(own.cpuMs).toBeGreaterThan(0);
    const bare = await bareNode();
    expect(bare.peakMb).toBeGreaterThan(0);
  });
});

describe('one small run', () => {
  it('serves the fleet over stdio from an engine process, makes the calls and reads the server', async () => {
    const engine = await startEngineProcess();
    try {
      const plan = fleetPlan(24);
      await createFleet(engine, plan);
      const sample = await measureServer(engine, plan, 8);
      // 23 machines pass the tag filter (not the 20th), and the companion tool.
      expect(sample.tools).toBe(24);
      expect(sample.peakMb).toBeGreaterThanOrEqual(sample.rssMb);
      expect(sample.catalogueMs).toBeGreaterThanOrEqual(sample.startMs);
      expect(sample.cpuMs).toBeGreaterThanOrEqual(sample.catalogueCpuMs);
      expect(await floorDiscovery(engine, plan)).toBeGreaterThan(0);
    } finally {
      await engine.close();
    }
  });
});
