/** The wait for a Standard execution: DescribeExecution polls on the backoff schedule, until it ends. */
import { DescribeExecutionCommand, type DescribeExecutionOutput, type SFNClient } from '@aws-sdk/client-sfn';
import { sleep, unlessAborted } from './abort.js';
import { DEFAULT_BACKOFF, pollDelay, type BackoffPolicy } from './backoff.js';
import { isTransient } from './awsErrors.js';
import { isTerminal } from './results.js';
import type { Pacer } from './types.js';

/** Consecutive polls that may fail for a passing reason before the wait reports the error. */
export const MAX_POLL_FAILURES = 8;

export type WaitOutcome =
  | { kind: 'terminal'; execution: DescribeExecutionOutput }
  /** The deadline passed; `status` is the last one seen. */
  | { kind: 'budget'; status: string }
  | { kind: 'aborted'; status: string };

export interface WaitOptions {
  /** Client cancellation: ends the wait at once. */
  signal?: AbortSignal;
  /** Taken before every DescribeExecution. */
  pacer?: Pacer;
  /** performance.now() time after which the wait gives up; undefined = no limit. */
  deadline?: number;
  /** Ends the wait the way the deadline does (outcome 'budget'), e.g. when the server drains. */
  release?: AbortSignal;
  /** Poll at once (an execution started earlier) instead of after the first delay (one just started). */
  pollImmediately?: boolean;
  backoff?: BackoffPolicy;
  /** After each poll that finds the execution still running. */
  onPoll?: (execution: DescribeExecutionOutput) => void | Promise<void>;
}

/**
 * Polls until the execution ends, the deadline passes or the signal aborts. The last sleep is cut to end
 * at the deadline and followed by one last poll, so a run that ends just in time is still reported.
 * AWS errors (after the SDK's own retries) are thrown to the caller.
 */
export async function waitForExecution(
  sfn: SFNClient,
  executionArn: string,
  opts: WaitOptions = {},
): Promise<WaitOutcome> {
  const { signal, pacer, deadline, onPoll } = opts;
  const policy = opts.backoff ?? DEFAULT_BACKOFF;
  let status = 'RUNNING';
  if (signal?.aborted) return { kind: 'aborted', status };
  const released = (): boolean => opts.release?.aborted === true;
  let failures = 0;

  // Sleeps and the pacer must give way to the client, the deadline and a release alike.
  const gate = new AbortController();
  const open = (): void => gate.abort();
  signal?.addEventListener('abort', open, { once: true });
  opts.release?.addEventListener('abort', open, { once: true });
  const budgetTimer =
    deadline !== undefined ? setTimeout(open, Math.max(0, deadline - performance.now())) : undefined;

  try {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0 || !opts.pollImmediately) {
        const remaining = deadline === undefined ? Infinity : deadline - performance.now();
        if (remaining <= 0 || released()) return { kind: 'budget', status };
        const step = opts.pollImmediately ? attempt - 1 : attempt;
        // A sleep cut short by the deadline is followed by one last poll, so a run that ends just in
        // time is still reported.
        await sleep(Math.min(pollDelay(step, policy), remaining), gate.signal);
        if (signal?.aborted) return { kind: 'aborted', status };
        if (released()) return { kind: 'budget', status };
      }
      if (pacer) {
        const turn = await takeTurn(pacer, attempt === 0 && opts.pollImmediately === true, gate.signal, opts);
        if (turn !== 'go') return { kind: turn, status };
      }
      let execution: DescribeExecutionOutput;
      try {
        execution = await sfn.send(new DescribeExecutionCommand({ executionArn }), { abortSignal: signal });
        failures = 0;
      } catch (err) {
        if (signal?.aborted) return { kind: 'aborted', status };
        // A poll that failed for a passing reason (throttling, network, 5xx after the SDK's retries) is
        // not the execution's failure: try again at the next poll.
        if (isTransient(err) && ++failures < MAX_POLL_FAILURES) continue;
        throw err;
      }
      if (isTerminal(execution.status)) return { kind: 'terminal', execution };
      status = execution.status ?? status;
      if (onPoll) await unlessAborted(Promise.resolve(onPoll(execution)), signal);
      if (signal?.aborted) return { kind: 'aborted', status };
    }
  } finally {
    clearTimeout(budgetTimer);
    signal?.removeEventListener('abort', open);
    opts.release?.removeEventListener('abort', open);
  }
}

/**
 * Waits for the pacer's token. A first look at an execution started earlier waits its turn whatever the
 * deadline (budget 0 still means one look); later polls give way to the deadline, then take one last
 * poll only if a token is free at once.
 */
async function takeTurn(
  pacer: Pacer,
  firstLook: boolean,
  gate: AbortSignal,
  opts: WaitOptions,
): Promise<'go' | 'budget' | 'aborted'> {
  const { signal, release } = opts;
  const stop = firstLook
    ? AbortSignal.any([signal, release].filter((s): s is AbortSignal => s !== undefined))
    : gate;
  try {
    await pacer.acquire(stop);
  } catch (err) {
    if (!stop.aborted) throw err;
    if (signal?.aborted) return 'aborted';
    if (release?.aborted) return 'budget';
    // The deadline passed while waiting for a token.
    return pacer.tryAcquire?.() ? 'go' : 'budget';
  }
  if (signal?.aborted) return 'aborted';
  if (release?.aborted) return 'budget';
  return 'go';
}
