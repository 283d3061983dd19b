/**
 * A local engine with one Express machine that answers with its input, and tools over it: for tests of
 * what callMachineTool refuses before any AWS call and what it hands to Step Functions as the input.
 */
import { beforeAll, beforeEach } from 'vitest';
import type { MachineTool } from '../../src/catalog/types.js';
import { callMachineTool, type ToolCallResult } from '../../src/execution/index.js';
import { silentLogger } from '../../src/log.js';
import { PASS_DEFINITION, createMachines, useEngine, type Engine } from '../helpers/engine.js';
import { toolWith } from './fixtures.js';

export interface EchoEngine {
  readonly engine: Engine;
  /** Calls a tool with this inputSchema (and `extra`) that runs the echo machine. */
  call(schema: Record<string, unknown>, args: unknown, extra?: Partial<MachineTool>): Promise<ToolCallResult>;
}

/** The shared engine fixture (useEngine) with the echo machine; the call log is reset before each test. */
export function useEchoEngine(): EchoEngine {
  const local = useEngine();
  let arn: string;
  beforeAll(async () => {
    [arn] = (await createMachines(local.engine, [
      { name: 'Orders', type: 'EXPRESS', definition: PASS_DEFINITION },
    ])) as [string];
  });
  beforeEach(() => local.engine.calls.reset());
  return {
    get engine() {
      return local.engine;
    },
    call: (schema, args, extra = {}) =>
      callMachineTool(
        local.clients,
        toolWith(schema, { machine: { arn, name: 'Orders', type: 'EXPRESS', invokeArn: arn }, ...extra }),
        args,
        { log: silentLogger() },
      ),
  };
}
