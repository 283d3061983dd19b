/** The MCP handshake never waits for discovery: only tools/list waits for the catalogue. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectStdio, engineEnv, startHttpServer } from '../helpers/server.js';
import { createMachines, startTestEngine, type Engine } from '../helpers/engine.js';

const MACHINES = 30;
let engine: Engine;

beforeAll(async () => {
  engine = await startTestEngine();
  await createMachines(
    engine,
    Array.from({ length: MACHINES }, (_, i) => ({ name: `slow-${i}` })),
  );
});

afterAll(async () => {
  await engine?.close();
});

/** Discovery made slow on purpose: every AWS call takes 100 ms, two at a time. */
function slowDiscovery() {
  engine.calls.reset();
  engine.faults.set({ latencyMs: 100 });
  return engineEnv(engine.endpoint, { STATE_MACHINE_PREFIX: 'slow-', SFN_MCP_DISCOVERY_CONCURRENCY: '2' });
}

it('answers initialize over stdio while discovery is still running', async () => {
  const conn = await connectStdio(slowDiscovery());
  try {
    // Connected: the handshake is done, and most machines have not been described yet.
    expect(engine.calls.counts().DescribeStateMachine ?? 0).toBeLessThan(MACHINES);
    const { tools } = await conn.client.listTools();
    expect(tools.filter((t) => t.name !== 'get_execution_result')).toHaveLength(MACHINES);
    expect(engine.calls.counts().DescribeStateMachine).toBe(MACHINES);
  } finally {
    engine.faults.reset();
    await conn.close();
  }
});

it('answers initialize over HTTP while discovery is still running', async () => {
  const server = await startHttpServer(slowDiscovery());
  try {
    const client = await server.connect('2025-11-25');
    expect(engine.calls.counts().DescribeStateMachine ?? 0).toBeLessThan(MACHINES);
    const { tools } = await client.listTools();
    expect(tools.filter((t) => t.name !== 'get_execution_result')).toHaveLength(MACHINES);
  } finally {
    engine.faults.reset();
    await server.close();
  }
});
