/**
 * A local engine with one Express machine that answers with its input, and tools over it: for tests of
 * what callMachineTool refuses before any AWS call and what it hands to Step Functions as the input.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { destroyAwsClients, type AwsClients } from '../../src/aws/clients.js';
import type { MachineTool } from '../../src/catalog/types.js';
import { callMachineTool, type ToolCallResult } from '../../src/execution/index.js';
import { silentLogger } from '../../src/log.js';
import {
  PASS_DEFINITION,
  createMachines,
  startTestEngine,
  type Engine,
  engineClients,
} from '../helpers/engine.js';
import { toolWith } from './fixtures.js';

export interface EchoEngine {
  engine: Engine;
  /** Calls a tool with this inputSchema (and `extra`) that runs the echo machine. */
  call(schema: Record<string, unknown>, args: unknown, extra?: Partial<MachineTool>): Promise<ToolCallResult>;
}

/** Registers the engine's start and stop with the surrounding test file; the call log is reset before each test. */
export function useEchoEngine(): EchoEngine {
  let engine: Engine;
  let clients: AwsClients;
  let arn: string;
  beforeAll(async () => {
    engine = await startTestEngine();
    [arn] = (await createMachines(engine, [
      { name: 'Orders', type: 'EXPRESS', definition: PASS_DEFINITION },
    ])) as [string];
    clients = engineClients(engine);
  });
  afterAll(async () => {
    if (clients) destroyAwsClients(clients);
    await engine?.close();
  });
  beforeEach(() => engine.calls.reset());
  return {
    get engine() {
      return engine;
    },
    call: (schema, args, extra = {}) =>
      callMachineTool(
        clients,
        toolWith(schema, { machine: { arn, name: 'Orders', type: 'EXPRESS', invokeArn: arn }, ...extra }),
        args,
        { log: silentLogger() },
      ),
  };
}
