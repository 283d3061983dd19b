/** The wait for a Standard execution: DescribeExecution polls on the backoff schedule, until it ends. */
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeExecutionCommand, type DescribeExecutionOutput, type SFNClient } from '@aws-sdk/client-sfn';
import { isTransient } from '../aws/errors.js';
import { MAX_TIMER_MS, anySignal, timeoutSignal, unlessAborted } from './abort.js';
import { DEFAULT_BACKOFF, pollDelay, type BackoffPolicy } from './backoff.js';
import { isTerminal } from './results.js';

/**
 * How many polls in a row may fail for a passing reason (throttling, network, 5xx: isTransient) before
 * the wait gives up: the 8th failed poll in a row ends the wait with its error. Each poll is one
 * DescribeExecution, which the SDK sends up to MAX_ATTEMPTS times (src/aws/clients.ts), so at most
 * 8 x 5 = 40 sends fail in a row before a call reports the error. Any other error ends the wait at once.
 */
export const MAX_POLL_FAILURES = 8;
/**
 * The bound of the one last poll after a sleep that the deadline ended (its DescribeExecution, with its
 * turn for the AWS clients' token): short, so the budget is overrun by at most this.
 */
export const LAST_LOOK_MS = 500;

export type WaitOutcome =
  | { kind: 'terminal'; execution: DescribeExecutionOutput }
  /** The deadline passed, or the release signal aborted; `status` is the last one seen. */
  | { kind: 'budget'; status: string }
  | { kind: 'aborted'; status: string }
  /** `interrupt` asked to stop: `reason` says why (the execution goes on). */
  | { kind: 'interrupted'; status: string; reason: string };

export interface WaitOptions {
  /** Client cancellation: ends the wait at once. */
  signal?: AbortSignal;
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
  /**
   * After `onPoll`: a reason to stop waiting although the execution still runs (it waits for something
   * the caller must see to, such as a person's decision), or undefined to go on. Bounded like `onPoll`.
   */
  interrupt?: (execution: DescribeExecutionOutput, signal: AbortSignal) => Promise<string | undefined>;
}

/**
 * Polls until the execution ends, the deadline passes, the release signal aborts or the client cancels.
 * One signal combines the three ends and bounds everything the wait waits for: the sleeps, every
 * DescribeExecution (with its turn for a token of the AWS clients' pacing and the SDK's retries inside
 * it) and `onPoll`; so the wait ends on time even while AWS is slow or throttling, or the quota is spent. An end by the deadline or the release is 'budget', by the client
 * 'aborted'. The first look at an execution started earlier (`pollImmediately`) is not cut by the
 * deadline, only by the client or the release: a budget of 0 still means one look. When the deadline
 * ends a sleep, one last poll follows, bounded by LAST_LOOK_MS (and the client and the release), so a
 * run that ended in the last poll interval is reported with its result rather than as still running.
 * AWS errors (after the SDK's own retries, and MAX_POLL_FAILURES polls for passing ones) are thrown.
 */
export async function waitForExecution(
  sfn: SFNClient,
  executionArn: string,
  opts: WaitOptions = {},
): Promise<WaitOutcome> {
  if (opts.signal?.aborted) return { kind: 'aborted', status: 'RUNNING' };
  const wait = new ExecutionWait(sfn, executionArn, opts);
  try {
    return await wait.run();
  } finally {
    wait.dispose();
  }
}

/** One wait: its signals, the last status seen and the failed polls in a row. */
class ExecutionWait {
  private status = 'RUNNING';
  private failures = 0;
  /** Aborts at the deadline (chunked: a deadline weeks away must not overflow setTimeout). */
  private readonly budget: { signal: AbortSignal; dispose(): void };
  /** Every end: the client, the release, the deadline. */
  private readonly stop: { signal: AbortSignal; dispose(): void };
  /** The ends of the first look at an execution started earlier: the client and the release only. */
  private readonly firstLookStop: { signal: AbortSignal; dispose(): void };

  constructor(
    private readonly sfn: SFNClient,
    private readonly executionArn: string,
    private readonly opts: WaitOptions,
  ) {
    const { signal, release, deadline } = opts;
    this.budget = timeoutSignal(deadline !== undefined ? deadline - performance.now() : Infinity);
    this.stop = anySignal([signal, release, this.budget.signal]);
    this.firstLookStop = anySignal([signal, release]);
  }

  dispose(): void {
    this.budget.dispose();
    this.stop.dispose();
    this.firstLookStop.dispose();
  }

  async run(): Promise<WaitOutcome> {
    const immediately = this.opts.pollImmediately === true;
    for (let attempt = 0; ; attempt++) {
      const firstLook = attempt === 0 && immediately;
      if (!firstLook) {
        const over = await this.pause(immediately ? attempt - 1 : attempt);
        if (over) return over;
      }
      const over = await this.poll(firstLook);
      if (over) return over;
    }
  }

  /** Why the wait is over, if it is: the client's cancel wins over the budget and the release. */
  private ended(firstLook: boolean): 'aborted' | 'budget' | undefined {
    if (this.opts.signal?.aborted) return 'aborted';
    if (this.opts.release?.aborted || (!firstLook && this.budget.signal.aborted)) return 'budget';
    return undefined;
  }

  private endedAs(firstLook: boolean): WaitOutcome | undefined {
    const why = this.ended(firstLook);
    return why ? { kind: why, status: this.status } : undefined;
  }

  /** The sleep before poll number `step`; the end of the wait if it came meanwhile. */
  private async pause(step: number): Promise<WaitOutcome | undefined> {
    const { deadline } = this.opts;
    const remaining = deadline === undefined ? Infinity : deadline - performance.now();
    if (remaining <= 0) return { kind: 'budget', status: this.status };
    const ms = Math.min(pollDelay(step, this.opts.backoff ?? DEFAULT_BACKOFF), remaining, MAX_TIMER_MS);
    await sleep(ms, undefined, { signal: this.stop.signal }).catch(ignoreAbort);
    if (this.opts.signal?.aborted) return { kind: 'aborted', status: this.status };
    if (this.opts.release?.aborted) return { kind: 'budget', status: this.status };
    // The deadline ended the sleep (by the budget timer, or the sleep ran to it first): one last,
    // short look, so a run that ended during this last interval is reported with its result.
    if (this.budget.signal.aborted || (deadline !== undefined && deadline - performance.now() <= 0))
      return this.lastLook();
    return undefined;
  }

  /** One poll: DescribeExecution (paced by the AWS clients); the end of the wait, or undefined to go on. */
  private async poll(firstLook: boolean): Promise<WaitOutcome | undefined> {
    const bound = firstLook ? this.firstLookStop.signal : this.stop.signal;
    let execution: DescribeExecutionOutput;
    try {
      execution = await this.describe(bound);
      this.failures = 0;
    } catch (err) {
      const over = this.endedAs(firstLook);
      if (over) return over;
      // A poll that failed for a passing reason (after the SDK's retries) is not the execution's
      // failure: try again at the next poll, up to MAX_POLL_FAILURES in a row.
      if (isTransient(err) && ++this.failures < MAX_POLL_FAILURES) return undefined;
      throw err;
    }
    if (isTerminal(execution.status)) return { kind: 'terminal', execution };
    this.status = execution.status ?? this.status;
    const { onPoll } = this.opts;
    const stop = this.stop.signal;
    if (onPoll && !stop.aborted) await unlessAborted(Promise.resolve(onPoll(execution, stop)), stop);
    const { interrupt } = this.opts;
    const reason =
      interrupt && !stop.aborted ? await unlessAborted(interrupt(execution, stop), stop) : undefined;
    return (
      this.endedAs(false) ??
      (reason !== undefined ? { kind: 'interrupted', status: this.status, reason } : undefined)
    );
  }

  /** One DescribeExecution after the deadline, within LAST_LOOK_MS; its failure changes nothing. */
  private async lastLook(): Promise<WaitOutcome> {
    const { signal, release } = this.opts;
    const timer = timeoutSignal(LAST_LOOK_MS);
    const bound = anySignal([signal, release, timer.signal]);
    try {
      if (!bound.signal.aborted) {
        const execution = await this.describe(bound.signal);
        if (isTerminal(execution.status) && !signal?.aborted) return { kind: 'terminal', execution };
        this.status = execution.status ?? this.status;
      }
    } catch {
      // Cut by its bound, a cancel or a drain, or a failed read: the wait ends as it would have.
    } finally {
      timer.dispose();
      bound.dispose();
    }
    return { kind: signal?.aborted ? 'aborted' : 'budget', status: this.status };
  }

  private describe(signal: AbortSignal): Promise<DescribeExecutionOutput> {
    return this.sfn.send(new DescribeExecutionCommand({ executionArn: this.executionArn }), {
      abortSignal: signal,
    });
  }
}

/** A sleep cut short by its signal simply ends. */
function ignoreAbort(err: unknown): void {
  if (!(err instanceof Error && err.name === 'AbortError')) throw err;
}
