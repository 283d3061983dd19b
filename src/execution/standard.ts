/** Standard machines: StartExecution with a per-call name, then wait for the end (or budget, or cancel). */
import { StartExecutionCommand, StopExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { AwsClients } from '../aws/clients.js';
import type { MachineTool } from '../catalog/types.js';
import type { Logger } from '../log.js';
import { fail, ok, type Result } from '../result.js';
import { anySignal, sleep } from './abort.js';
import { awsErrorInfo, isTransient, mayHaveTakenEffect } from '../aws/errors.js';
import { awsErrorResult, logAwsError } from './aws-failure.js';
import { retryDelay } from './backoff.js';
import { startParameters } from './input.js';
import { executionArnOf } from '../aws/arn.js';
import { newExecutionName } from './names.js';
import { finishedResult } from './outcome.js';
import {
  cancelledResult,
  cancelledStartResult,
  formatDuration,
  stillRunningOnReadResult,
  stillRunningResult,
} from './results.js';
import { stateReader } from './state-read.js';
import type { RunOptions, ToolCallResult } from './types.js';
import { waitForExecution } from './wait.js';

export const STOP_ERROR = 'McpClientCancelled';

/**
 * StartExecution tries, each with the SDK's own retries inside: under sustained throttling the SDK's
 * per-client retry quota runs dry and it gives up early, so we try again with the same name.
 */
export const START_ATTEMPTS = 4;
export const STOP_CAUSE =
  'The MCP client cancelled the tool call, and the server is set to stop executions on cancel.';

/**
 * Best effort: the result says whether the stop was requested. `not-found`: there is no such execution
 * now (a start that never reached AWS, or one that AWS has not finished yet).
 */
export async function stopExecution(
  sfn: SFNClient,
  executionArn: string,
  log: Logger,
  cause: string = STOP_CAUSE,
): Promise<'requested' | 'failed' | 'not-found'> {
  try {
    await sfn.send(new StopExecutionCommand({ executionArn, error: STOP_ERROR, cause }));
    log.info({ executionArn }, 'execution stopped on client request');
    return 'requested';
  } catch (err) {
    logAwsError(log, err, { executionArn, operation: 'StopExecution' });
    return awsErrorInfo(err).name === 'ExecutionDoesNotExist' ? 'not-found' : 'failed';
  }
}

export interface StartedExecution {
  executionArn: string;
  startDate?: Date;
}

/** The execution a start began, or the result to return instead (a refusal, an AWS error, a cancel). */
export type Started = Result<StartedExecution, ToolCallResult>;

/**
 * StartExecution with a fresh name per call. The SDK re-sends the same command on retry, so a throttled or
 * lost attempt never starts a second execution; ExecutionAlreadyExists on a retry means our own earlier
 * attempt got through.
 */
export async function startStandard(
  clients: AwsClients,
  tool: MachineTool,
  inputJson: string | undefined,
  opts: RunOptions,
  startedAt: number,
): Promise<Started> {
  const { log, signal } = opts;
  const machineArn = tool.machine.arn;
  const elapsed = (): number => performance.now() - startedAt;
  if (signal?.aborted) return fail(cancelledResult({ elapsedMs: elapsed(), stopped: 'no' }));

  const name = newExecutionName();
  const derived = executionArnOf(machineArn, name);
  /** Whether an attempt so far may have reached AWS (and started the execution). */
  let maybeStarted = false;
  /**
   * Cancelled while starting. An attempt that may have reached AWS (one in flight when the cancel came,
   * or one whose answer was lost) may have started the execution, or may still start it. With
   * stopOnCancel that execution is stopped. Unless the stop went through, the result gives the ARN and
   * says the execution may have started: a StopExecution that finds nothing does not prove that nothing
   * started, as it can come before Step Functions has finished the start.
   */
  const cancelled = async (): Promise<Started> => {
    if (!maybeStarted || !derived) {
      // Nothing reached AWS (or, for a machine ARN of an unexpected shape, no execution ARN to give).
      log.info({ machineArn }, 'start cancelled by the client');
      return fail(cancelledResult({ elapsedMs: elapsed(), stopped: 'no' }));
    }
    const stopped = opts.stopOnCancel ? await stopExecution(clients.sfn, derived, log) : ('no' as const);
    log.info({ machineArn, executionArn: derived, stopped }, 'start cancelled by the client');
    const elapsedMs = elapsed();
    return fail(
      stopped === 'requested' || stopped === 'failed'
        ? cancelledResult({ executionArn: derived, elapsedMs, stopped })
        : cancelledStartResult({ executionArn: derived, elapsedMs, stopped }),
    );
  };
  let executionArn: string | undefined;
  let startDate: Date | undefined;
  const command = new StartExecutionCommand(startParameters(tool, name, inputJson));
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await clients.sfn.send(command, { abortSignal: signal });
      executionArn = out.executionArn;
      startDate = out.startDate;
      break;
    } catch (err) {
      // An attempt cut by the cancel counts as one that may have got through.
      if (mayHaveTakenEffect(err) || signal?.aborted) maybeStarted = true;
      if (signal?.aborted) return cancelled();
      if (awsErrorInfo(err).name === 'ExecutionAlreadyExists' && derived) {
        // The name is a fresh UUID, so only an earlier attempt of this very request can have used it
        // (a retry after the first attempt's response was lost and the run already ended): it is ours.
        log.info(
          { machineArn, executionArn: derived },
          'execution started by an earlier attempt of this request',
        );
        executionArn = derived;
        break;
      }
      if (attempt < START_ATTEMPTS && isTransient(err)) {
        // Same command, same name: a retry can never start a second execution.
        logAwsError(log, err, { machineArn, operation: 'StartExecution', attempt, retrying: true });
        if (!(await sleep(retryDelay(attempt), signal))) return cancelled();
        continue;
      }
      logAwsError(log, err, { machineArn, operation: 'StartExecution' });
      return fail(awsErrorResult(err, { operation: 'StartExecution' }));
    }
  }
  if (!executionArn)
    return fail(
      awsErrorResult(new Error('StartExecution returned no executionArn'), { operation: 'StartExecution' }),
    );
  log.info({ machineArn, executionArn }, 'execution started');
  return ok({ executionArn, ...(startDate ? { startDate } : {}) });
}

export async function runStandard(
  clients: AwsClients,
  tool: MachineTool,
  inputJson: string | undefined,
  opts: RunOptions,
  startedAt: number,
): Promise<ToolCallResult> {
  const started = await startStandard(clients, tool, inputJson, opts, startedAt);
  if (!started.ok) return started.error;
  return awaitExecution(clients, started.value.executionArn, opts, startedAt, false);
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
  const { log, signal, onProgress } = opts;
  const elapsed = (): number => performance.now() - startedAt;
  const budget = opts.waitBudgetMs;
  if (
    (budget !== undefined && budget <= 0 && !pollImmediately) ||
    (opts.release?.aborted && !pollImmediately)
  )
    return stillRunningResult(executionArn, 'RUNNING', elapsed());

  const reader = onProgress ? stateReader(clients.sfn, executionArn, opts) : undefined;
  // The failure details of an ended run are read whatever the budget, but not past a cancel or a drain.
  const details = anySignal([signal, opts.release]);
  try {
    const outcome = await waitForExecution(clients.sfn, executionArn, {
      ...(signal ? { signal } : {}),
      ...(opts.release ? { release: opts.release } : {}),
      ...(opts.pacer ? { pacer: opts.pacer } : {}),
      ...(budget !== undefined ? { deadline: startedAt + Math.max(0, budget) } : {}),
      pollImmediately,
      onPoll: async (execution, pollSignal) => {
        if (!onProgress || !reader) return;
        const elapsedMs = Math.round(elapsed());
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
          log.debug({ executionArn, error: awsErrorInfo(err).name }, 'progress report failed');
        }
      },
    });
    switch (outcome.kind) {
      case 'terminal': {
        const result = await finishedResult(clients.sfn, outcome.execution, log, details.signal);
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
        return pollImmediately
          ? stillRunningOnReadResult(executionArn, outcome.status, elapsed())
          : stillRunningResult(executionArn, outcome.status, elapsed());
      case 'aborted': {
        const stop = opts.stopOnCancel ? await stopExecution(clients.sfn, executionArn, log) : 'no';
        // An execution we started and saw cannot be missing; treat the odd answer as a failed stop.
        const stopped = stop === 'not-found' ? 'failed' : stop;
        log.info({ executionArn, stopped }, 'wait cancelled by the client');
        return cancelledResult({ executionArn, elapsedMs: elapsed(), stopped });
      }
    }
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

/** `Execution RUNNING for 12.3 s, in state "ChargeCard"` */
export function progressMessage(status: string, elapsedMs: number, state?: string): string {
  return `Execution ${status} for ${formatDuration(elapsedMs)}${state !== undefined ? `, in state ${JSON.stringify(state)}` : ''}`;
}
