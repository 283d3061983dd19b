/** Pure mapping from execution outcomes to tool results. */
import { isObject } from '../result.js';
import type { ToolCallResult } from './types.js';

export const RESULT_TOOL = 'get_execution_result';

/** What a terminal (or last known) execution looks like, from DescribeExecution or StartSyncExecution. */
export interface ExecutionOutcome {
  executionArn: string;
  status: string;
  output?: string;
  error?: string;
  cause?: string;
  failedState?: string;
}

const SUMMARY_CAUSE_MAX = 300;

function text(t: string): ToolCallResult['content'] {
  return [{ type: 'text', text: t }];
}

/** SUCCEEDED: the output as compact JSON text, and as structuredContent when it is an object. */
export function successResult(o: ExecutionOutcome): ToolCallResult {
  const raw = o.output ?? 'null';
  let parsed: unknown;
  let body = raw;
  try {
    parsed = JSON.parse(raw);
    body = JSON.stringify(parsed);
  } catch {
    // Not JSON (should not happen with Step Functions): hand it over untouched.
    parsed = undefined;
  }
  return {
    content: text(body),
    ...(isObject(parsed) ? { structuredContent: parsed } : {}),
    _meta: { executionArn: o.executionArn, status: o.status },
  };
}

/**
 * A Lambda cause is often JSON with `errorMessage`; that message is what a model can act on.
 * Anything else is used as it is.
 */
function readableCause(cause: string): string {
  try {
    const c: unknown = JSON.parse(cause);
    if (isObject(c) && typeof c.errorMessage === 'string') return c.errorMessage;
  } catch {
    // plain text cause
  }
  return cause;
}

function oneLine(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `Execution FAILED in state "ChargeCard": PaymentDeclined: card expired` */
export function failureSummary(o: ExecutionOutcome): string {
  let line = `Execution ${o.status}`;
  if (o.failedState) line += ` in state ${JSON.stringify(o.failedState)}`;
  const reason = [o.error, o.cause ? oneLine(readableCause(o.cause), SUMMARY_CAUSE_MAX) : undefined].filter(
    (s): s is string => !!s,
  );
  if (reason.length > 0) line += `: ${reason.join(': ')}`;
  return line;
}

/** FAILED, TIMED_OUT, ABORTED: isError, a summary line, then the details as JSON. */
export function failureResult(o: ExecutionOutcome): ToolCallResult {
  const details = {
    status: o.status,
    ...(o.error !== undefined ? { error: o.error } : {}),
    ...(o.cause !== undefined ? { cause: o.cause } : {}),
    ...(o.failedState !== undefined ? { failedState: o.failedState } : {}),
    executionArn: o.executionArn,
  };
  return {
    content: text(`${failureSummary(o)}\n${JSON.stringify(details, null, 2)}`),
    isError: true,
    _meta: { executionArn: o.executionArn, status: o.status },
  };
}

export function isSuccess(status: string): boolean {
  return status === 'SUCCEEDED';
}

/** RUNNING and PENDING_REDRIVE go on; every other status is final. */
export function isTerminal(status: string | undefined): boolean {
  return status !== undefined && status !== 'RUNNING' && status !== 'PENDING_REDRIVE';
}

export function outcomeResult(o: ExecutionOutcome): ToolCallResult {
  return isSuccess(o.status) ? successResult(o) : failureResult(o);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 1000)} s`;
}

/** `Execution RUNNING for 12.3 s, in state "ChargeCard"` */
export function progressMessage(status: string, elapsedMs: number, state?: string): string {
  return `Execution ${status} for ${formatDuration(elapsedMs)}${state !== undefined ? `, in state ${JSON.stringify(state)}` : ''}`;
}

/**
 * The first progress message of a Standard call, sent as soon as the execution started: it names the
 * execution, so a client whose call is cut off (the server dies, the connection drops) can still find it.
 * `Execution RUNNING for 8 ms, executionArn "arn:...". If this call is cut off, ...`
 */
export function startedProgressMessage(executionArn: string, elapsedMs: number): string {
  return (
    `${progressMessage('RUNNING', elapsedMs)}, executionArn "${executionArn}". If this call is cut off, ` +
    `call ${RESULT_TOOL} with that executionArn for the result; do not call the tool again.`
  );
}

function laterHint(executionArn: string): string {
  return `To get its result later, call ${RESULT_TOOL} with executionArn "${executionArn}".`;
}

/** The wait budget ran out: not an error, the execution goes on and can be read later. */
export function stillRunningResult(executionArn: string, status: string, elapsedMs: number): ToolCallResult {
  return {
    content: text(
      `Execution is still ${status} after ${formatDuration(elapsedMs)}, the longest this server waits in one call. ` +
        `It continues in the background. ${laterHint(executionArn)}`,
    ),
    _meta: { executionArn, status },
  };
}

/** The wait stopped early, the execution going on: `reason` says for what it waits. Not an error. */
export function waitingResult(executionArn: string, status: string, reason: string): ToolCallResult {
  return {
    content: text(
      `Execution "${executionArn}" is ${status}, ${reason}. It continues in the background. ${laterHint(executionArn)}`,
    ),
    _meta: { executionArn, status, waitingFor: reason },
  };
}

/** get_execution_result found the execution still running when its wait ended: not an error either. */
export function stillRunningOnReadResult(
  executionArn: string,
  status: string,
  waitedMs: number,
): ToolCallResult {
  return {
    content: text(
      `Execution is still ${status}` +
        (waitedMs >= 1000 ? ` after waiting ${formatDuration(waitedMs)}` : '') +
        `. It continues in the background. Call ${RESULT_TOOL} again with executionArn "${executionArn}" ` +
        '(and waitSeconds to wait for the end) to get its result.',
    ),
    _meta: { executionArn, status },
  };
}

/** The client cancelled: the execution keeps running unless the server was told to stop it. */
export function cancelledResult(opts: {
  executionArn?: string;
  elapsedMs: number;
  stopped: 'no' | 'requested' | 'failed';
}): ToolCallResult {
  const { executionArn, elapsedMs, stopped } = opts;
  let t = `Call cancelled by the client after ${formatDuration(elapsedMs)}.`;
  if (!executionArn) {
    t += ' No execution result is available.';
  } else if (stopped === 'requested') {
    t += ` StopExecution was requested for execution "${executionArn}".`;
  } else {
    t += ` Execution "${executionArn}" was not stopped and may still be running${stopped === 'failed' ? ' (the StopExecution request failed)' : ''}. ${laterHint(executionArn)}`;
  }
  return {
    content: text(t),
    isError: true,
    _meta: {
      ...(executionArn ? { executionArn, status: stopped === 'requested' ? 'ABORTED' : 'RUNNING' } : {}),
      cancelled: true,
    },
  };
}

/**
 * The client cancelled while StartExecution was on its way: the request may have reached Step Functions,
 * so the execution (whose ARN follows from its name) may have started, and nothing here can tell yet.
 * `stopped`: 'no' (not asked to stop), or 'not-found' (StopExecution found no execution: it may have
 * come before Step Functions finished the start, which would then go on unstopped).
 */
export function cancelledStartResult(opts: {
  executionArn: string;
  elapsedMs: number;
  stopped: 'no' | 'not-found';
}): ToolCallResult {
  const { executionArn, elapsedMs, stopped } = opts;
  const t =
    `Call cancelled by the client after ${formatDuration(elapsedMs)}, while the execution was being started. ` +
    (stopped === 'not-found'
      ? `StopExecution found no execution "${executionArn}", but the start request may have reached Step ` +
        'Functions after the stop, so the execution may have started and be running, not stopped. '
      : `The start request may have reached Step Functions, so execution "${executionArn}" may have started; ` +
        'it was not stopped. ') +
    `To check, call ${RESULT_TOOL} with executionArn "${executionArn}": it returns the execution's status or ` +
    'result, or says that the execution does not exist if nothing was started.';
  return {
    content: text(t),
    isError: true,
    _meta: { executionArn, cancelled: true, started: 'unknown' },
  };
}

/** An error result with no execution behind it (validation, size, compile). */
export function refusalResult(message: string): ToolCallResult {
  return { content: text(message), isError: true };
}
