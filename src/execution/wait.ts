/** The wait for a Standard execution: DescribeExecution polls on the backoff schedule, until it ends. */
import { DescribeExecutionCommand, type DescribeExecutionOutput, type SFNClient } from '@aws-sdk/client-sfn';
import { sleep, unlessAborted } from './abort.js';
import { DEFAULT_BACKOFF, pollDelay, type BackoffPolicy } from './backoff.js';
import { isTerminal } from './results.js';
import type { Pacer } from './types.js';

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

  // The pacer may hold a poll for long: it must give way to the deadline as well as to the client.
  const gate = new AbortController();
  const release = (): void => gate.abort();
  signal?.addEventListener('abort', release, { once: true });
  const budgetTimer =
    deadline !== undefined ? setTimeout(release, Math.max(0, deadline - performance.now())) : undefined;

  try {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0 || !opts.pollImmediately) {
        const remaining = deadline === undefined ? Infinity : deadline - performance.now();
        if (remaining <= 0) return { kind: 'budget', status };
        const step = opts.pollImmediately ? attempt - 1 : attempt;
        if (!(await sleep(Math.min(pollDelay(step, policy), remaining), signal)))
          return { kind: 'aborted', status };
      }
      if (pacer) {
        try {
          // A first look (budget 0 included) waits for its turn; later polls give way to the deadline.
          await pacer.acquire(attempt === 0 && opts.pollImmediately ? signal : gate.signal);
        } catch (err) {
          if (!gate.signal.aborted) throw err;
        }
        if (signal?.aborted) return { kind: 'aborted', status };
        if (gate.signal.aborted && !(attempt === 0 && opts.pollImmediately))
          return { kind: 'budget', status };
      }
      let execution: DescribeExecutionOutput;
      try {
        execution = await sfn.send(new DescribeExecutionCommand({ executionArn }), { abortSignal: signal });
      } catch (err) {
        if (signal?.aborted) return { kind: 'aborted', status };
        throw err;
      }
      if (isTerminal(execution.status)) return { kind: 'terminal', execution };
      status = execution.status ?? status;
      if (onPoll) await unlessAborted(Promise.resolve(onPoll(execution)), signal);
      if (signal?.aborted) return { kind: 'aborted', status };
    }
  } finally {
    clearTimeout(budgetTimer);
    signal?.removeEventListener('abort', release);
  }
}
