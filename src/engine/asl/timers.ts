import { setTimeout as sleep } from 'node:timers/promises';

// Node's timers fire at once past 2^31-1 ms (about 24.8 days); longer waits (a Wait of weeks, the
// default Task timeout of 99999999 s) sleep in slices.
const MAX_SLICE_MS = 2_147_483_647;

/** Sleeps `ms`, however long; rejects with the signal's reason when it aborts. */
export async function delay(ms: number, signal: AbortSignal): Promise<void> {
  let left = Math.max(0, ms);
  do {
    const slice = Math.min(left, MAX_SLICE_MS);
    await sleep(slice, undefined, { signal });
    left -= slice;
  } while (left > 0);
}
