/**
 * When to poll DescribeExecution. The lag between an execution's end and the client seeing it is at most
 * the current delay, so the delays start small and grow with the time already waited:
 * 50 ms, then x1.5 each poll, capped at 1 s.
 * - Start at 50 ms: a Standard run of a few states ends within a few hundred ms; its result should not
 *   wait a second for the next poll.
 * - x1.5: the possible lag stays near half the time already waited (a 1 s run is seen within ~0.4 s),
 *   at 5 polls in the first second and 15 in the first ten.
 * - Cap 1 s: never slower than the reference server's fixed 1 s polling. Account-wide rate protection is
 *   the AWS clients' job (DescribeExecution's token bucket, src/aws/pacing.ts), not each wait's.
 */
export interface BackoffPolicy {
  initialMs: number;
  factor: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 50, factor: 1.5, maxMs: 1_000 };

/** The delay before poll number `attempt` (0-based): initial * factor^attempt, capped, whole ms. */
export function pollDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const raw = policy.initialMs * policy.factor ** Math.max(0, attempt);
  return Math.round(Math.min(policy.maxMs, raw));
}

/** The first `n` delays, for tests and for estimating calls per run. */
export function pollSchedule(n: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number[] {
  return Array.from({ length: n }, (_, i) => pollDelay(i, policy));
}
