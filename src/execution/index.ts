/**
 * Running a tool (DESIGN §4): validate, start the machine (Express: StartSyncExecution; Standard:
 * StartExecution and a wait), and map every outcome to a plain CallToolResult-shaped object.
 * Knows nothing of MCP transports.
 */
import type { AwsClients } from '../aws/clients.js';
import type { MachineTool } from '../catalog/types.js';
import { awsErrorInfo } from './awsErrors.js';
import { runExpress } from './express.js';
import { executionInputOf, serialiseInput } from './input.js';
import { refusalResult } from './results.js';
import { awaitExecution, runStandard, startStandard, stopExecution as stop } from './standard.js';
import type { RunOptions, ToolCallResult } from './types.js';
import { checkArguments } from './validate.js';

export type { Pacer, ProgressReport, RunOptions, ToolCallResult } from './types.js';
export { TokenBucket, defaultBurst, systemClock, type Clock } from './pacer.js';
export { parseExecutionArn, type ParsedExecutionArn } from './arn.js';
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
export { RESULT_TOOL } from './results.js';

type Prepared =
  { ok: true; input: unknown; json: string | undefined } | { ok: false; result: ToolCallResult };

function prepare(tool: MachineTool, args: unknown): Prepared {
  const checked = checkArguments(tool, args);
  if (!checked.ok) return { ok: false, result: refusalResult(checked.message) };
  const input = executionInputOf(tool, checked.args);
  const serialised = serialiseInput(input);
  if (!serialised.ok) return { ok: false, result: refusalResult(serialised.message) };
  return { ok: true, input, json: serialised.json };
}

/**
 * Everything refused before any AWS call: schema validation (absent arguments = `{}`) and the 256 KiB
 * input limit. `input` is the execution input (unwrapped when the tool wraps a non-object schema).
 */
export function validateArguments(
  tool: MachineTool,
  args: unknown,
): { ok: true; input: unknown } | { ok: false; result: ToolCallResult } {
  const p = prepare(tool, args);
  return p.ok ? { ok: true, input: p.input } : p;
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
      return p.result;
    }
    return tool.machine.type === 'EXPRESS'
      ? await runExpress(clients, tool, p.json, opts, startedAt)
      : await runStandard(clients, tool, p.json, opts, startedAt);
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
): Promise<{ ok: true; executionArn: string; startDate?: Date } | { ok: false; result: ToolCallResult }> {
  try {
    const p = prepare(tool, args);
    if (!p.ok) return p;
    return await startStandard(clients, tool, p.json, opts, performance.now());
  } catch (err) {
    return { ok: false, result: internalError(err, opts, { machineArn: tool.machine.arn }) };
  }
}

/**
 * The result of an execution started earlier (for `get_execution_result`): polls at once, then waits
 * up to `opts.waitBudgetMs` (0 = one look; undefined = to the end). The caller checks that the
 * execution belongs to a selected machine. Never throws.
 */
export async function executionResult(
  clients: AwsClients,
  executionArn: string,
  opts: RunOptions,
): Promise<ToolCallResult> {
  const startedAt = performance.now();
  try {
    return await awaitExecution(clients, executionArn, opts, startedAt, true);
  } catch (err) {
    return internalError(err, opts, { executionArn });
  }
}

/**
 * Stops an execution on an explicit request (for example `tasks/cancel`), with `cause` recorded on it.
 * Resolves 'failed' (logged) rather than throwing.
 */
export function stopExecution(
  clients: AwsClients,
  executionArn: string,
  opts: { log: RunOptions['log']; cause?: string },
): Promise<'requested' | 'failed'> {
  return stop(clients.sfn, executionArn, opts.log, opts.cause);
}

function internalError(err: unknown, opts: RunOptions, fields: Record<string, unknown>): ToolCallResult {
  const info = awsErrorInfo(err);
  opts.log.error({ ...fields, error: info.name }, 'unexpected error while running a tool');
  return refusalResult(
    `Internal error while running the tool: ${info.name}: ${info.message}. The operator should check the server logs.`,
  );
}
