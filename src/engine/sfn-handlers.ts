import type { EngineContext } from './context.js';
import { redriveOperations } from './redrive.js';
import { callbackOperations } from './sfn-callback-handlers.js';
import { executionOperations } from './sfn-execution-handlers.js';
import { machineOperations } from './sfn-machine-handlers.js';
import { versionOperations } from './sfn-version-handlers.js';
import type { Body } from './validate.js';

/** AWS Step Functions operations (JSON 1.0), one function per X-Amz-Target operation. */

export type SfnOperation = (body: Body, ctx: EngineContext, signal: AbortSignal) => unknown;

export const sfnOperations: Record<string, SfnOperation> = {
  ...machineOperations,
  ...versionOperations,
  ...executionOperations,
  ...redriveOperations,
  ...callbackOperations,
};
