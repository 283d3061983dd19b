/** Waiting on a condition instead of sleeping a fixed time: the one polling helper of the test suite. */
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` until it returns a value other than undefined, and returns that value; fails after
 * `timeoutMs` with an error naming `what` was awaited. The first polls come quickly (5 ms, doubling to
 * 100 ms), so a condition that is met at once costs almost nothing.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(delay);
  }
}
