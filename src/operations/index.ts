/**
 * Operations tools (SFN_MCP_OPERATIONS): list, describe, stop and redrive the executions of the workflows
 * the server serves. The bridge lists their definitions and dispatches their calls here.
 */
import type { OperationsLevel } from '../config/index.js';
import type { OperationsCall, OperationsResult } from './call.js';
import { redriveExecution, stopExecution } from './control.js';
import {
  DESCRIBE_EXECUTION,
  LIST_EXECUTIONS,
  operationsToolNames,
  REDRIVE_EXECUTION,
  STOP_EXECUTION,
} from './definitions.js';
import { describeExecution } from './describe.js';
import { listExecutions } from './list.js';

export type { OperationsCall, OperationsResult } from './call.js';
export { executionTarget } from './targets.js';
export {
  DESCRIBE_EXECUTION,
  LIST_EXECUTIONS,
  REDRIVE_EXECUTION,
  STOP_EXECUTION,
  operationsToolDefinitions,
  operationsToolNames,
  type OperationsToolDefinition,
} from './definitions.js';

const HANDLERS: Record<string, (call: OperationsCall, args: unknown) => Promise<OperationsResult>> = {
  [LIST_EXECUTIONS]: listExecutions,
  [DESCRIBE_EXECUTION]: describeExecution,
  [STOP_EXECUTION]: stopExecution,
  [REDRIVE_EXECUTION]: redriveExecution,
};

/** Runs the named operations tool if `level` serves it; undefined otherwise. Never throws on input. */
export function callOperationsTool(
  level: OperationsLevel,
  name: string,
  call: OperationsCall,
  args: unknown,
): Promise<OperationsResult> | undefined {
  if (!operationsToolNames(level).includes(name)) return undefined;
  return HANDLERS[name]!(call, args);
}
