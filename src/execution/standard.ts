/** Standard machines: StartExecution with a per-call name, then wait for the end (or budget, or cancel). */
import type { DescribeExecutionOutput } from '@aws-sdk/client-sfn';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorInfo } from '../aws/errors.js';
import type { MachineTool } from '../catalog/types.js';
import { anySignal } from './abort.js';
import { awsErrorResult, logAwsError } from './aws-failure.js';
import { finishedResult } from './outcome.js';
import {
  cancelledResult,
  progressMessage,
  startedProgressMessage,
  stillRunningOnReadResult,
  stillRunningResult,
  waitingResult,
} from './results.js';
import { startStandard } from './start.js';
import { stateReader } from './state-read.js';
import { stopExecution } from './stop.js';
import type { RunOptions, ToolCallResult } from './types.js';
import { waitForExecution, type WaitOutcome } from './wait.js';

export async function runStandard(
  clients: AwsClients,
  tool: MachineTool,
  inputJson: string | undefined,
  opts: RunOptions,
  startedAt: number,
): Promise<ToolCallResult> {
  const started = await startStandard(clients, tool, inputJson, opts, startedAt);
  if (!started.ok) return started.error;
  await reportStarted(started.value.executionArn, opts, startedAt);
  return awaitExecution(clients, started.value.executionArn, opts, startedAt, false);
}

/**
 * The first progress report, before the first poll: it carries the execution ARN in its message (the
 * only text a progress notification has), so a client whose server dies mid-call knows which run to
 * read, by get_execution_result or as an MCP task. The result's `_meta.executionArn` carries it too.
 */
async function reportStarted(executionArn: string, opts: RunOptions, startedAt: number): Promise<void> {
  if (!opts.onProgress || opts.signal?.aborted) return;
  // At least 1 ms: progress must grow from 0, and a report of 0 would be dropped as no progress.
  const elapsedMs = Math.max(1, Math.round(performance.now() - startedAt));
  try {
    await opts.onProgress({
      elapsedMs,
      status: 'RUNNING',
      executionArn,
      message: startedProgressMessage(executionArn, elapsedMs),
    });
  } catch (err) {
    // A failed progress notification must not fail the call.
    opts.log.debug({ err, executionArn }, 'progress report failed');
  }
}

/**
 * Waits for an execution and maps its end to a result. Shared by calls that just started one and by
 * reading a result later (`pollImmediately`). `opts.waitBudgetMs` counts from `startedAt`.
 */
export async function awaitExecution(
  clients: AwsClients,
  executionArn: string,
  opts: RunOptions,
  startedAt: number,
  pollImmediately: boolean,
): Promise<ToolCallResult> {
  const { log, signal } = opts;
  const budget = opts.waitBudgetMs;
  if (!pollImmediately && ((budget !== undefined && budget <= 0) || opts.release?.aborted))
    return stillRunningResult(executionArn, 'RUNNING', performance.now() - startedAt);

  // The failure details of an ended run are read whatever the budget, but not past a cancel or a drain.
  const details = anySignal([signal, opts.release]);
  try {
    const outcome = await waitForExecution(clients.sfn, executionArn, {
      ...(signal ? { signal } : {}),
      ...(opts.release ? { release: opts.release } : {}),
      ...(budget !== undefined ? { deadline: startedAt + Math.max(0, budget) } : {}),
      pollImmediately,
      ...(opts.onProgress ? { onPoll: progressReporter(clients, executionArn, opts, startedAt) } : {}),
      ...(opts.interrupt ? { interrupt: opts.interrupt(executionArn) } : {}),
    });
    return await waitResult(clients, executionArn, outcome, opts, {
      startedAt,
      pollImmediately,
      signal: details.signal,
    });
  } catch (err) {
    logAwsError(log, err, { executionArn, operation: 'DescribeExecution' });
    // An unknown execution was never started by us: no "may still be running" hint then.
    return awsErrorResult(err, {
      operation: 'DescribeExecution',
      ...(awsErrorInfo(err).name === 'ExecutionDoesNotExist' ? {} : { executionArn }),
    });
  } finally {
    details.dispose();
  }
}

/** After each poll that finds the run going: the state it is in (when allowed), then onProgress. */
function progressReporter(
  clients: AwsClients,
  executionArn: string,
  opts: RunOptions,
  startedAt: number,
): (execution: DescribeExecutionOutput, pollSignal: AbortSignal) => Promise<void> {
  const { onProgress, log } = opts;
  const reader = stateReader(clients.sfn, executionArn, opts);
  return async (execution, pollSignal) => {
    if (!onProgress) return;
    const elapsedMs = Math.round(performance.now() - startedAt);
    const status = execution.status ?? 'RUNNING';
    try {
      const state = await reader.read(pollSignal);
      // The wait ended during the read (its result may be out already): no report after it.
      if (pollSignal.aborted) return;
      await onProgress({
        elapsedMs,
        status,
        executionArn,
        ...(state !== undefined ? { state } : {}),
        message: progressMessage(status, elapsedMs, state),
      });
    } catch (err) {
      // A failed progress notification must not fail the call.
      log.debug({ err, executionArn }, 'progress report failed');
    }
  };
}

/** The result for how the wait ended: the run's outcome, "still running", or cancelled (and maybe stopped). */
async function waitResult(
  clients: AwsClients,
  executionArn: string,
  outcome: WaitOutcome,
  opts: RunOptions,
  ctx: { startedAt: number; pollImmediately: boolean; signal: AbortSignal },
): Promise<ToolCallResult> {
  const { log } = opts;
  const elapsed = (): number => performance.now() - ctx.startedAt;
  switch (outcome.kind) {
    case 'terminal': {
      const result = await finishedResult(clients.sfn, outcome.execution, log, ctx.signal);
      log.info(
        { executionArn, status: outcome.execution.status, durationMs: Math.round(elapsed()) },
        'execution finished',
      );
      return result;
    }
    case 'budget':
      log.info(
        { executionArn, status: outcome.status, waitedMs: Math.round(elapsed()) },
        'wait budget spent; execution still running',
      );
      return ctx.pollImmediately
        ? stillRunningOnReadResult(executionArn, outcome.status, elapsed())
        : stillRunningResult(executionArn, outcome.status, elapsed());
    case 'interrupted':
      log.info({ executionArn, status: outcome.status }, 'wait interrupted; execution still running');
      return waitingResult(executionArn, outcome.status, outcome.reason);
    case 'aborted': {
      const stop = opts.stopOnCancel ? await stopExecution(clients, executionArn, { log }) : 'no';
      // An execution we started and saw cannot be missing; treat the odd answer as a failed stop.
      const stopped = stop === 'not-found' ? 'failed' : stop;
      log.info({ executionArn, stopped }, 'wait cancelled by the client');
      return cancelledResult({ executionArn, elapsedMs: elapsed(), stopped });
    }
  }
}
