/**
 * The execution layer's API: run a tool's state machine (callMachineTool), start one as a task and
 * follow it (startExecution, executionSnapshot, awaitSnapshot, stopExecution, taskStateOf), and the
 * get_execution_result companion tool. Everything else is internal to src/execution.
 */
export { callMachineTool, startExecution } from './call.js';
export type { StartedExecution, Started } from './start.js';
export { stopExecution, type StopOutcome } from './stop.js';
export {
  awaitSnapshot,
  executionSnapshot,
  type ExecutionSnapshot,
  type SnapshotFailure,
  type SnapshotOutcome,
} from './snapshot.js';
export { taskStateOf, type NeutralTaskState, type NeutralTaskStatus } from './task-state.js';
export {
  checkExecutionArn,
  getExecutionResult,
  resultToolDefinition,
  type ExecutionCheck,
  type ResultToolDefinition,
} from './result-tool.js';
export { RESULT_TOOL, formatDuration, refusalResult } from './results.js';
export { awsErrorResult, logAwsError } from './aws-failure.js';
export { checkArguments } from './validate.js';
export { formatValidationErrors } from './validate.js';
export { traceHeaderFor } from './trace-header.js';
export { typedResult } from './typed-output.js';
export type { Pacer, ProgressReport, RunOptions, ToolCallResult } from './types.js';
