/**
 * A task-augmented tools/call is decided by the task provider alone (TaskStart `not-task-capable`): the
 * MCP layer does not build the tool list to read one tool's taskSupport. The real client over an
 * in-memory transport, the real Bridge over the local engine.
 */
import { InMemoryTransport } from '@modelcontextprotocol/client';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Bridge } from '../../src/bridge/index.js';
import { resolveConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log.js';
import type { ToolProvider } from '../../src/mcp/provider.js';
import { createServer } from '../../src/mcp/server.js';
import { createMachines, useEngine } from '../helpers/engine.js';
import { HOLD, QUICK } from '../helpers/long-runs-machines.js';
import { Loose } from '../helpers/raw-requests.js';
import { newClient } from '../helpers/server.js';

const local = useEngine();
let client: Client;
let listed = 0;

beforeAll(async () => {
  await createMachines(local.engine, [
    { name: 'tc-hold', definition: HOLD },
    { name: 'tc-express', type: 'EXPRESS', definition: QUICK },
  ]);
  const bridge = new Bridge(
    local.clients,
    resolveConfig({}, { STATE_MACHINE_PREFIX: 'tc-' }),
    silentLogger(),
  );
  await bridge.listTools(); // the catalogue is loaded
  const provider: ToolProvider = {
    listTools: () => {
      listed++;
      return bridge.listTools();
    },
    callTool: (name, args, ctx) => bridge.callTool(name, args, ctx),
    tasks: bridge,
  };
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createServer(provider, '0.0.0-test').connect(serverSide);
  client = newClient('2025-11-25');
  await client.connect(clientSide);
});

afterAll(async () => {
  await client?.close();
});

beforeEach(() => {
  listed = 0;
});

const taskCall = (name: string, args: Record<string, unknown>) =>
  client.request(
    { method: 'tools/call', params: { name, arguments: args, task: { ttl: 60_000 } } },
    Loose,
  ) as Promise<Record<string, unknown>>;

describe('task-augmented tools/call (2025-11-25)', () => {
  it('a Standard tool starts a task without listing the tools', async () => {
    const created = await taskCall('hold', { seconds: 0, id: 'tc' });
    expect(created.task).toMatchObject({ status: 'working' });
    expect(listed).toBe(0);
  });

  it('an Express tool and get_execution_result answer -32601 without listing the tools', async () => {
    for (const name of ['express', 'get_execution_result']) {
      const call = taskCall(name, { id: 'x' });
      await expect(call, name).rejects.toMatchObject({ code: -32601 });
      await expect(call).rejects.toThrow(/does not support task-augmented calls/);
    }
    expect(listed).toBe(0);
    expect(local.engine.calls.counts().StartSyncExecution ?? 0).toBe(0);
  });

  it('an unknown tool is still "Unknown tool"', async () => {
    await expect(taskCall('nope', {})).rejects.toThrow(/Unknown tool: 'nope'/);
  });
});
