/**
 * Running a tool (DESIGN §4): validate, start the machine (Express: StartSyncExecution; Standard:
 * StartExecution and a wait), and map every outcome to a plain CallToolResult-shaped object.
 * Knows nothing of MCP transports.
 */
import type { AwsClients } from '../aws/clients.js';
import type { MachineTool } from '../catalog/types.js';
import { awsErrorInfo } from '../aws/errors.js';
import { runExpress } from './express.js';
import { executionInputOf, serialiseInput } from './input.js';
import { refusalResult } from './results.js';
import { fail, ok, type Result } from '../result.js';
import { runStandard, startStandard, stopExecution as stop, type Started } from './standard.js';
import type { RunOptions, ToolCallResult } from './types.js';
import { checkArguments } from './validate.js';

export type { Pacer, ProgressReport, RunOptions, ToolCallResult } from './types.js';
export { TokenBucket, defaultBurst, systemClock, type Clock } from './pacer.js';
export {
  awaitSnapshot,
  executionSnapshot,
  type ExecutionSnapshot,
  type SnapshotOutcome,
} from './snapshot.js';
export {
  taskStateOf,
  taskStatusOf,
  pollIntervalFor,
  type NeutralTaskState,
  type NeutralTaskStatus,
} from './task-state.js';
export {
  checkExecutionArn,
  getExecutionResult,
  resultToolDefinition,
  type ResultToolDefinition,
} from './result-tool.js';
export { progressMessage } from './standard.js';
export { currentStateName, failedStateName } from './history.js';
export { readRecentHistory } from './outcome.js';
export { DEFAULT_BACKOFF, pollDelay, pollSchedule, type BackoffPolicy } from './backoff.js';
export { MAX_INPUT_BYTES } from './input.js';
export { RESULT_TOOL, refusalResult } from './results.js';

/** The execution input as JSON (undefined: none), or the refusal to return. */
type Prepared = Result<string | undefined, ToolCallResult>;

/**
 * Everything refused before any AWS call: schema validation (absent arguments = `{}`) and the 256 KiB
 * limit on the execution input (unwrapped when the tool wraps a non-object schema).
 */
function prepare(tool: MachineTool, args: unknown): Prepared {
  const checked = checkArguments(tool, args);
  if (!checked.ok) return fail(refusalResult(checked.error));
  const serialised = serialiseInput(executionInputOf(tool, checked.value));
  if (!serialised.ok) return fail(refusalResult(serialised.error));
  return ok(serialised.value.json);
}

/** Runs the tool's machine with the call's arguments. Never throws: every outcome is a result. */
export async function callMachineTool(
  clients: AwsClients,
  tool: MachineTool,
  args: unknown,
  opts: RunOptions,
): Promise<ToolCallResult> {
  const startedAt = performance.now();
  try {
    const p = prepare(tool, args);
    if (!p.ok) {
      opts.log.info({ tool: tool.name, machineArn: tool.machine.arn }, 'call refused before start');
      return p.error;
    }
    return tool.machine.type === 'EXPRESS'
      ? await runExpress(clients, tool, p.value, opts, startedAt)
      : await runStandard(clients, tool, p.value, opts, startedAt);
  } catch (err) {
    return internalError(err, opts, { machineArn: tool.machine.arn });
  }
}

/**
 * Starts a Standard execution and returns at once (for MCP tasks): validation and the 256 KiB limit first,
 * then StartExecution with a per-call name. Never throws.
 */
export async function startExecution(
  clients: AwsClients,
  tool: MachineTool,
  args: unknown,
  opts: RunOptions,
): Promise<Started> {
  try {
    const p = prepare(tool, args);
    if (!p.ok) return p;
    return await startStandard(clients, tool, p.value, opts, performance.now());
  } catch (err) {
    return fail(internalError(err, opts, { machineArn: tool.machine.arn }));
  }
}

/**
 * Stops an execution on an explicit request (for example `tasks/cancel`), with `cause` recorded on it.
 * Resolves 'failed' or 'not-found' (logged) rather than throwing.
 */
export function stopExecution(
  clients: AwsClients,
  executionArn: string,
  opts: { log: RunOptions['log']; cause?: string },
): Promise<'requested' | 'failed' | 'not-found'> {
  return stop(clients.sfn, executionArn, opts.log, opts.cause);
}

function internalError(err: unknown, opts: RunOptions, fields: Record<string, unknown>): ToolCallResult {
  const info = awsErrorInfo(err);
  opts.log.error({ ...fields, error: info.name }, 'unexpected error while running a tool');
  return refusalResult(
    `Internal error while running the tool: ${info.name}: ${info.message}. The operator should check the server logs.`,
  );
}
