/** A manual clock for the token bucket's tests: no real time passes. */
import type { Clock } from '../../src/aws/token-bucket.js';

/** A manual clock: timers fire only when the test advances time. */
export function fakeClock(): Clock & { advance(ms: number): Promise<void>; pending(): number } {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
    pending: () => timers.length,
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        now = next.at;
        next.fn();
        await Promise.resolve();
      }
      now = end;
      // Let resolved acquisitions run their continuations.
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
  };
}
