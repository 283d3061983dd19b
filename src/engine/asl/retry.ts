import { matchesError, type StateFailure } from './failure.js';
import type { Retrier } from './model.js';

/**
 * Retry arithmetic (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html):
 * the first retrier whose ErrorEquals names the error decides; once its MaxAttempts are used the state
 * goes to Catch. The n-th retry waits IntervalSeconds × BackoffRate^(n-1), at most MaxDelaySeconds, and
 * with JitterStrategy FULL a random share of that.
 */

export interface RetryPlan {
  /** Which retrier matched, to count its attempts. */
  retrier: number;
  delaySeconds: number;
}

export function planRetry(
  retriers: readonly Retrier[],
  attempts: readonly number[],
  failure: StateFailure,
  random: () => number = Math.random,
): RetryPlan | undefined {
  const index = retriers.findIndex((r) => matchesError(r.errorEquals, failure));
  if (index < 0) return undefined;
  const retrier = retriers[index]!;
  const used = attempts[index] ?? 0;
  if (used >= retrier.maxAttempts) return undefined;
  let delay = retrier.intervalSeconds * retrier.backoffRate ** used;
  if (retrier.maxDelaySeconds !== undefined) delay = Math.min(delay, retrier.maxDelaySeconds);
  if (retrier.jitter === 'FULL') delay *= random();
  return { retrier: index, delaySeconds: delay };
}
