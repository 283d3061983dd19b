/** The MCP handshake never waits for discovery: only tools/list waits for the catalogue. */
import { beforeAll, expect, it } from 'vitest';
import { connectStdio, engineEnv, startHttpServer } from '../helpers/server.js';
import { createMachines, useEngine } from '../helpers/engine.js';

const MACHINES = 30;
const local = useEngine();

beforeAll(async () => {
  await createMachines(
    local.engine,
    Array.from({ length: MACHINES }, (_, i) => ({ name: `slow-${i}` })),
  );
});

/** Discovery made slow on purpose: every AWS call takes 100 ms, two at a time. */
function slowDiscovery() {
  local.engine.calls.reset();
  local.engine.faults.set({ latencyMs: 100 });
  return engineEnv(local.engine.endpoint, {
    STATE_MACHINE_PREFIX: 'slow-',
    SFN_MCP_DISCOVERY_CONCURRENCY: '2',
  });
}

it('answers initialize over stdio while discovery is still running', async () => {
  const conn = await connectStdio(slowDiscovery());
  try {
    // Connected: the handshake is done, and most machines have not been described yet.
    expect(local.engine.calls.counts().DescribeStateMachine ?? 0).toBeLessThan(MACHINES);
    const { tools } = await conn.client.listTools();
    expect(tools.filter((t) => t.name !== 'get_execution_result')).toHaveLength(MACHINES);
    expect(local.engine.calls.counts().DescribeStateMachine).toBe(MACHINES);
  } finally {
    local.engine.faults.reset();
    await conn.close();
  }
});

it('answers initialize over HTTP while discovery is still running', async () => {
  const server = await startHttpServer(slowDiscovery());
  try {
    const client = await server.connect('2025-11-25');
    expect(local.engine.calls.counts().DescribeStateMachine ?? 0).toBeLessThan(MACHINES);
    const { tools } = await client.listTools();
    expect(tools.filter((t) => t.name !== 'get_execution_result')).toHaveLength(MACHINES);
  } finally {
    local.engine.faults.reset();
    await server.close();
  }
});
