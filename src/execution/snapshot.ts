/** One look at an execution (for MCP tasks): its status, dates, the state it is in, or its result. */
import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { Logger } from '../log.js';
import { fail, ok, type Result } from '../result.js';
import { awsErrorInfo } from '../aws/errors.js';
import { finishedResult } from './outcome.js';
import { isTerminal } from './results.js';
import { readCurrentState } from './state-read.js';
import type { Pacer, ToolCallResult } from './types.js';
import { waitForExecution, type WaitOptions } from './wait.js';

export interface ExecutionSnapshot {
  executionArn: string;
  /** RUNNING, PENDING_REDRIVE, SUCCEEDED, FAILED, TIMED_OUT, ABORTED. */
  status: string;
  startDate?: Date;
  stopDate?: Date;
  /** The state a running execution is in, when a history read was allowed and found one. */
  state?: string;
  /** The tool result of a finished execution (output, or failure with error, cause and failed state). */
  result?: ToolCallResult;
}

/** Why there is no snapshot. */
export interface SnapshotFailure {
  /**
   * `not-found`: the execution does not exist (or is past AWS's retention); `aws`: another AWS error;
   * `released`/`aborted`: a wait ended by the release signal or by the client; `interrupted`: by the
   * wait's `interrupt` (the message is its reason).
   */
  reason: 'not-found' | 'aws' | 'released' | 'aborted' | 'interrupted';
  /** The AWS error name (`Released`, `Cancelled` for the ends of a wait). */
  name: string;
  message: string;
}

export type SnapshotOutcome = Result<ExecutionSnapshot, SnapshotFailure>;

export interface SnapshotOptions {
  log: Logger;
  signal?: AbortSignal;
  /** Read the history of a running execution for its state, only when this pacer has a token at once. */
  statePacer?: Pacer;
  readState?: boolean;
}

export async function executionSnapshot(
  sfn: SFNClient,
  executionArn: string,
  opts: SnapshotOptions,
): Promise<SnapshotOutcome> {
  const { log, signal } = opts;
  try {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }), { abortSignal: signal });
    const status = execution.status ?? 'RUNNING';
    const snapshot: ExecutionSnapshot = {
      executionArn,
      status,
      ...(execution.startDate ? { startDate: execution.startDate } : {}),
      ...(execution.stopDate ? { stopDate: execution.stopDate } : {}),
    };
    if (isTerminal(status)) {
      snapshot.result = await finishedResult(sfn, execution, log, signal);
    } else if (opts.readState) {
      const read = await readCurrentState(sfn, executionArn, {
        log,
        ...(opts.statePacer ? { pacer: opts.statePacer } : {}),
        ...(signal ? { signal } : {}),
      });
      if (read.read && read.state !== undefined) snapshot.state = read.state;
    }
    return ok(snapshot);
  } catch (err) {
    return awsFailure(err);
  }
}

function awsFailure(err: unknown): SnapshotOutcome {
  const { name, message } = awsErrorInfo(err);
  return fail({ reason: name === 'ExecutionDoesNotExist' ? 'not-found' : 'aws', name, message });
}

/**
 * Waits until the execution ends (no time limit), polling on the usual backoff (each DescribeExecution
 * paced by the AWS clients);
 * `release` or `signal` end the wait early.
 */
export async function awaitSnapshot(
  sfn: SFNClient,
  executionArn: string,
  opts: {
    log: Logger;
    signal?: AbortSignal;
    release?: AbortSignal;
    interrupt?: WaitOptions['interrupt'];
  },
): Promise<SnapshotOutcome> {
  try {
    const outcome = await waitForExecution(sfn, executionArn, {
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.release ? { release: opts.release } : {}),
      ...(opts.interrupt ? { interrupt: opts.interrupt } : {}),
      pollImmediately: true,
    });
    if (outcome.kind === 'interrupted')
      return fail({ reason: 'interrupted', name: 'Interrupted', message: outcome.reason });
    if (outcome.kind === 'aborted')
      return fail({ reason: 'aborted', name: 'Cancelled', message: 'the client cancelled the request' });
    if (outcome.kind === 'budget')
      return fail({ reason: 'released', name: 'Released', message: 'the wait was released' });
    const execution = outcome.execution;
    return ok({
      executionArn,
      status: execution.status ?? 'UNKNOWN',
      ...(execution.startDate ? { startDate: execution.startDate } : {}),
      ...(execution.stopDate ? { stopDate: execution.stopDate } : {}),
      result: await finishedResult(sfn, execution, opts.log, opts.signal),
    });
  } catch (err) {
    return awsFailure(err);
  }
}
