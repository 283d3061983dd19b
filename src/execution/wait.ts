/** The wait for a Standard execution: DescribeExecution polls on the backoff schedule, until it ends. */
import { DescribeExecutionCommand, type DescribeExecutionOutput, type SFNClient } from '@aws-sdk/client-sfn';
import { anySignal, sleep, timeoutSignal, unlessAborted } from './abort.js';
import { DEFAULT_BACKOFF, pollDelay, type BackoffPolicy } from './backoff.js';
import { isTransient } from '../aws/errors.js';
import { isTerminal } from './results.js';
import type { Pacer } from './types.js';

/** Consecutive polls that may fail for a passing reason before the wait reports the error. */
export const MAX_POLL_FAILURES = 8;
/**
 * The bound of the one last poll after a sleep that the deadline ended (its pacer turn and its
 * DescribeExecution together): short, so the budget is overrun by at most this.
 */
export const LAST_LOOK_MS = 500;

export type WaitOutcome =
  | { kind: 'terminal'; execution: DescribeExecutionOutput }
  /** The deadline passed, or the release signal aborted; `status` is the last one seen. */
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
  /**
   * After each poll that finds the execution still running. `signal` aborts when the wait ends (client,
   * deadline or release): give it to any AWS call made here; the wait does not wait for this past it.
   */
  onPoll?: (execution: DescribeExecutionOutput, signal: AbortSignal) => void | Promise<void>;
}

/**
 * Polls until the execution ends, the deadline passes, the release signal aborts or the client cancels.
 * One signal combines the three ends and bounds everything the wait waits for: the sleeps, the pacer,
 * every DescribeExecution (with the SDK's retries inside it) and `onPoll`; so the wait ends on time even
 * while AWS is slow or throttling. An end by the deadline or the release is 'budget', by the client
 * 'aborted'. The first look at an execution started earlier (`pollImmediately`) is not cut by the
 * deadline, only by the client or the release: a budget of 0 still means one look. When the deadline
 * ends a sleep, one last poll follows, bounded by LAST_LOOK_MS (and the client and the release), so a
 * run that ended in the last poll interval is reported with its result rather than as still running.
 * AWS errors (after the SDK's own retries and MAX_POLL_FAILURES polls) are thrown to the caller.
 */
export async function waitForExecution(
  sfn: SFNClient,
  executionArn: string,
  opts: WaitOptions = {},
): Promise<WaitOutcome> {
  const { signal, release, pacer, deadline, onPoll } = opts;
  const policy = opts.backoff ?? DEFAULT_BACKOFF;
  let status = 'RUNNING';
  if (signal?.aborted) return { kind: 'aborted', status };
  let failures = 0;

  // Chunked: a deadline weeks away must not overflow setTimeout and end the wait at once.
  const budget = timeoutSignal(deadline !== undefined ? deadline - performance.now() : Infinity);
  const stop = anySignal([signal, release, budget.signal]);
  const firstLookStop = anySignal([signal, release]);
  /** Why the wait is over, if it is: the client's cancel wins over the budget and the release. */
  const ended = (firstLook: boolean): 'aborted' | 'budget' | undefined => {
    if (signal?.aborted) return 'aborted';
    if (release?.aborted || (!firstLook && budget.signal.aborted)) return 'budget';
    return undefined;
  };

  /** One DescribeExecution after the deadline, within LAST_LOOK_MS; its failure changes nothing. */
  const lastLook = async (): Promise<WaitOutcome> => {
    const timer = timeoutSignal(LAST_LOOK_MS);
    const bound = anySignal([signal, release, timer.signal]);
    try {
      if (pacer) await pacer.acquire(bound.signal);
      if (!bound.signal.aborted) {
        const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }), {
          abortSignal: bound.signal,
        });
        if (isTerminal(execution.status) && !signal?.aborted) return { kind: 'terminal', execution };
        status = execution.status ?? status;
      }
    } catch {
      // Cut by its bound, a cancel or a drain, or a failed read: the wait ends as it would have.
    } finally {
      timer.dispose();
      bound.dispose();
    }
    return { kind: signal?.aborted ? 'aborted' : 'budget', status };
  };

  try {
    for (let attempt = 0; ; attempt++) {
      const firstLook = attempt === 0 && opts.pollImmediately === true;
      const bound = firstLook ? firstLookStop.signal : stop.signal;
      if (!firstLook) {
        const step = opts.pollImmediately ? attempt - 1 : attempt;
        const remaining = deadline === undefined ? Infinity : deadline - performance.now();
        if (remaining <= 0) return { kind: 'budget', status };
        await sleep(Math.min(pollDelay(step, policy), remaining), bound);
        if (signal?.aborted) return { kind: 'aborted', status };
        if (release?.aborted) return { kind: 'budget', status };
        // The deadline ended the sleep (by the budget timer, or the sleep ran to it first): one last,
        // short look, so a run that ended during this last interval is reported with its result.
        if (budget.signal.aborted || (deadline !== undefined && deadline - performance.now() <= 0))
          return await lastLook();
      }
      if (pacer) {
        try {
          await pacer.acquire(bound);
        } catch (err) {
          if (!bound.aborted) throw err;
        }
        const why = ended(firstLook);
        if (why) return { kind: why, status };
      }
      let execution: DescribeExecutionOutput;
      try {
        execution = await sfn.send(new DescribeExecutionCommand({ executionArn }), { abortSignal: bound });
        failures = 0;
      } catch (err) {
        const why = ended(firstLook);
        if (why) return { kind: why, status };
        // A poll that failed for a passing reason (throttling, network, 5xx after the SDK's retries) is
        // not the execution's failure: try again at the next poll.
        if (isTransient(err) && ++failures < MAX_POLL_FAILURES) continue;
        throw err;
      }
      if (isTerminal(execution.status)) return { kind: 'terminal', execution };
      status = execution.status ?? status;
      if (onPoll && !stop.signal.aborted)
        await unlessAborted(Promise.resolve(onPoll(execution, stop.signal)), stop.signal);
      const why = ended(false);
      if (why) return { kind: why, status };
    }
  } finally {
    budget.dispose();
    stop.dispose();
    firstLookStop.dispose();
  }
}
