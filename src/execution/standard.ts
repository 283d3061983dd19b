/** Standard machines: StartExecution with a per-call name, then wait for the end (or budget, or cancel). */
import { StartExecutionCommand, StopExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { AwsClients } from '../aws/clients.js';
import type { MachineTool } from '../catalog/types.js';
import type { Logger } from '../log.js';
import { awsErrorInfo, awsErrorResult, messageIsLoggable } from './awsErrors.js';
import { executionArnFor, newExecutionName } from './names.js';
import { finishedResult } from './outcome.js';
import { cancelledResult, formatDuration, stillRunningResult } from './results.js';
import type { RunOptions, ToolCallResult } from './types.js';
import { waitForExecution } from './wait.js';

export const STOP_ERROR = 'McpClientCancelled';
export const STOP_CAUSE =
  'The MCP client cancelled the tool call, and the server is set to stop executions on cancel.';

function logAwsError(log: Logger, err: unknown, fields: Record<string, unknown>): void {
  const info = awsErrorInfo(err);
  log.warn(
    {
      ...fields,
      error: info.name,
      ...(messageIsLoggable(info.name) ? { message: info.message } : {}),
      httpStatus: info.httpStatus,
      requestId: info.requestId,
    },
    'AWS call failed',
  );
}

/** Best effort: the result says whether the stop was requested. */
export async function stopExecution(
  sfn: SFNClient,
  executionArn: string,
  log: Logger,
  cause: string = STOP_CAUSE,
): Promise<'requested' | 'failed'> {
  try {
    await sfn.send(new StopExecutionCommand({ executionArn, error: STOP_ERROR, cause }));
    log.info({ executionArn }, 'execution stopped on client request');
    return 'requested';
  } catch (err) {
    logAwsError(log, err, { executionArn, operation: 'StopExecution' });
    return 'failed';
  }
}

export async function runStandard(
  clients: AwsClients,
  tool: MachineTool,
  inputJson: string | undefined,
  opts: RunOptions,
  startedAt: number,
): Promise<ToolCallResult> {
  const { log, signal } = opts;
  const machineArn = tool.machine.arn;
  const elapsed = (): number => performance.now() - startedAt;
  if (signal?.aborted) return cancelledResult({ elapsedMs: elapsed(), stopped: 'no' });

  const name = newExecutionName();
  let executionArn: string | undefined;
  try {
    const out = await clients.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: tool.machine.invokeArn,
        name,
        ...(inputJson !== undefined ? { input: inputJson } : {}),
      }),
      { abortSignal: signal },
    );
    executionArn = out.executionArn;
  } catch (err) {
    const derived = executionArnFor(machineArn, name);
    if (signal?.aborted) {
      // The request may have reached AWS before the abort: stop what it may have started, if asked to.
      if (opts.stopOnCancel && derived) await stopExecution(clients.sfn, derived, log);
      return cancelledResult({ elapsedMs: elapsed(), stopped: 'no' });
    }
    if (awsErrorInfo(err).name === 'ExecutionAlreadyExists' && derived) {
      // The name is a fresh UUID, so only an earlier attempt of this very request can have used it
      // (a retry after the first attempt's response was lost and the run already ended): it is ours.
      log.info(
        { machineArn, executionArn: derived },
        'execution started by an earlier attempt of this request',
      );
      executionArn = derived;
    } else {
      logAwsError(log, err, { machineArn, operation: 'StartExecution' });
      return awsErrorResult(err, { operation: 'StartExecution' });
    }
  }
  if (!executionArn)
    return awsErrorResult(new Error('StartExecution returned no executionArn'), {
      operation: 'StartExecution',
    });
  log.info({ machineArn, executionArn }, 'execution started');
  return awaitExecution(clients, executionArn, opts, startedAt, false);
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
  if (budget !== undefined && budget <= 0 && !pollImmediately)
    return stillRunningResult(executionArn, 'RUNNING', elapsed());

  try {
    const outcome = await waitForExecution(clients.sfn, executionArn, {
      ...(signal ? { signal } : {}),
      ...(opts.pacer ? { pacer: opts.pacer } : {}),
      ...(budget !== undefined ? { deadline: startedAt + Math.max(0, budget) } : {}),
      pollImmediately,
      onPoll: async (execution) => {
        if (!onProgress) return;
        const elapsedMs = Math.round(elapsed());
        const status = execution.status ?? 'RUNNING';
        try {
          await onProgress({
            elapsedMs,
            status,
            executionArn,
            message: `Execution ${status}, ${formatDuration(elapsedMs)} elapsed`,
          });
        } catch (err) {
          // A failed progress notification must not fail the call.
          log.debug({ executionArn, error: awsErrorInfo(err).name }, 'progress report failed');
        }
      },
    });
    switch (outcome.kind) {
      case 'terminal': {
        const result = await finishedResult(clients.sfn, outcome.execution, log, signal);
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
        return stillRunningResult(executionArn, outcome.status, elapsed());
      case 'aborted': {
        const stopped = opts.stopOnCancel ? await stopExecution(clients.sfn, executionArn, log) : 'no';
        log.info({ executionArn, stopped }, 'wait cancelled by the client');
        return cancelledResult({ executionArn, elapsedMs: elapsed(), stopped });
      }
    }
  } catch (err) {
    logAwsError(log, err, { executionArn, operation: 'DescribeExecution' });
    return awsErrorResult(err, { operation: 'DescribeExecution', executionArn });
  }
}
