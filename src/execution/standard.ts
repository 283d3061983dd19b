/** Standard machines: StartExecution with a per-call name, then wait for the end (or budget, or cancel). */
import { StartExecutionCommand, StopExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { AwsClients } from '../aws/clients.js';
import type { MachineTool } from '../catalog/types.js';
import type { Logger } from '../log.js';
import { awsErrorInfo, awsErrorResult, isTransient, messageIsLoggable } from './awsErrors.js';
import { sleep } from './abort.js';
import { executionArnFor, newExecutionName } from './names.js';
import { finishedResult } from './outcome.js';
import { currentStateName } from './history.js';
import { readRecentHistory } from './outcome.js';
import { cancelledResult, formatDuration, stillRunningOnReadResult, stillRunningResult } from './results.js';
import type { RunOptions, ToolCallResult } from './types.js';
import { waitForExecution } from './wait.js';

export const STOP_ERROR = 'McpClientCancelled';

/**
 * StartExecution tries, each with the SDK's own retries inside: under sustained throttling the SDK's
 * per-client retry quota runs dry and it gives up early, so we try again with the same name.
 */
export const START_ATTEMPTS = 4;
/** 300 ms, 600 ms, 1.2 s, with up to 50% jitter added. */
export function startRetryDelay(attempt: number, random: () => number = Math.random): number {
  const base = 300 * 2 ** (attempt - 1);
  return Math.round(base * (1 + random() / 2));
}
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

export type Started =
  { ok: true; executionArn: string; startDate?: Date } | { ok: false; result: ToolCallResult };

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
  if (signal?.aborted) return { ok: false, result: cancelledResult({ elapsedMs: elapsed(), stopped: 'no' }) };

  const name = newExecutionName();
  let executionArn: string | undefined;
  let startDate: Date | undefined;
  const command = new StartExecutionCommand({
    stateMachineArn: tool.machine.invokeArn,
    name,
    ...(inputJson !== undefined ? { input: inputJson } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await clients.sfn.send(command, { abortSignal: signal });
      executionArn = out.executionArn;
      startDate = out.startDate;
      break;
    } catch (err) {
      const derived = executionArnFor(machineArn, name);
      if (signal?.aborted) {
        // The request may have reached AWS before the abort: stop what it may have started, if asked to.
        if (opts.stopOnCancel && derived) await stopExecution(clients.sfn, derived, log);
        return { ok: false, result: cancelledResult({ elapsedMs: elapsed(), stopped: 'no' }) };
      }
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
        if (!(await sleep(startRetryDelay(attempt), signal)))
          return { ok: false, result: cancelledResult({ elapsedMs: elapsed(), stopped: 'no' }) };
        continue;
      }
      logAwsError(log, err, { machineArn, operation: 'StartExecution' });
      return { ok: false, result: awsErrorResult(err, { operation: 'StartExecution' }) };
    }
  }
  if (!executionArn)
    return {
      ok: false,
      result: awsErrorResult(new Error('StartExecution returned no executionArn'), {
        operation: 'StartExecution',
      }),
    };
  log.info({ machineArn, executionArn }, 'execution started');
  return { ok: true, executionArn, ...(startDate ? { startDate } : {}) };
}

export async function runStandard(
  clients: AwsClients,
  tool: MachineTool,
  inputJson: string | undefined,
  opts: RunOptions,
  startedAt: number,
): Promise<ToolCallResult> {
  const started = await startStandard(clients, tool, inputJson, opts, startedAt);
  if (!started.ok) return started.result;
  return awaitExecution(clients, started.executionArn, opts, startedAt, false);
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
  try {
    const outcome = await waitForExecution(clients.sfn, executionArn, {
      ...(signal ? { signal } : {}),
      ...(opts.release ? { release: opts.release } : {}),
      ...(opts.pacer ? { pacer: opts.pacer } : {}),
      ...(budget !== undefined ? { deadline: startedAt + Math.max(0, budget) } : {}),
      pollImmediately,
      onPoll: async (execution) => {
        if (!onProgress || !reader) return;
        const elapsedMs = Math.round(elapsed());
        const status = execution.status ?? 'RUNNING';
        try {
          const state = await reader.read();
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
        return pollImmediately
          ? stillRunningOnReadResult(executionArn, outcome.status, elapsed())
          : stillRunningResult(executionArn, outcome.status, elapsed());
      case 'aborted': {
        const stopped = opts.stopOnCancel ? await stopExecution(clients.sfn, executionArn, log) : 'no';
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
  }
}

/** `Execution RUNNING for 12.3 s, in state "ChargeCard"` */
export function progressMessage(status: string, elapsedMs: number, state?: string): string {
  return `Execution ${status} for ${formatDuration(elapsedMs)}${state !== undefined ? `, in state ${JSON.stringify(state)}` : ''}`;
}

/** How many of the newest history events a state read asks for. */
const STATE_READ_EVENTS = 25;
export const DEFAULT_STATE_READ_INTERVAL_MS = 2_000;

/**
 * The state a running execution is in, from its newest history events, read at most once every
 * `minIntervalMs` and only when the shared pacer has a token at once; between reads the last one is reused.
 */
export function stateReader(
  sfn: SFNClient,
  executionArn: string,
  opts: Pick<RunOptions, 'stateReads' | 'signal' | 'log'>,
): { read(): Promise<string | undefined> } {
  const interval = opts.stateReads?.minIntervalMs ?? DEFAULT_STATE_READ_INTERVAL_MS;
  const pacer = opts.stateReads?.pacer;
  let lastRead = -Infinity;
  let state: string | undefined;
  return {
    async read() {
      if (!opts.stateReads) return undefined;
      const now = performance.now();
      if (now - lastRead < interval) return state;
      if (pacer && !(pacer.tryAcquire?.() ?? true)) return state;
      lastRead = now;
      try {
        const events = await readRecentHistory(sfn, executionArn, opts.signal, STATE_READ_EVENTS);
        state = currentStateName(events) ?? state;
      } catch (err) {
        opts.log.debug({ executionArn, error: awsErrorInfo(err).name }, 'could not read the current state');
      }
      return state;
    },
  };
}
