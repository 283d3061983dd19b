import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, pollDelay, pollSchedule } from '../../src/execution/backoff.js';

describe('poll backoff', () => {
  it('starts at 50 ms, grows x1.5 and caps at 1 s', () => {
    expect(pollSchedule(12)).toEqual([50, 75, 113, 169, 253, 380, 570, 854, 1000, 1000, 1000, 1000]);
  });

  it('keeps the possible lag near half the time already waited, and under 1 s', () => {
    let waited = 0;
    for (let i = 0; i < 30; i++) {
      const d = pollDelay(i);
      if (i >= 5) expect(d).toBeLessThanOrEqual(waited * 0.6);
      expect(d).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxMs);
      waited += d;
    }
  });

  it('makes few calls for short runs and one a second for long ones', () => {
    const pollsWithin = (ms: number): number => {
      let t = 0;
      let n = 0;
      while ((t += pollDelay(n)) <= ms) n++;
      return n;
    };
    expect(pollsWithin(1_000)).toBe(5);
    expect(pollsWithin(10_000)).toBe(15);
    expect(pollsWithin(60_000)).toBe(65);
  });

  it('accepts another policy and treats negative attempts as the first', () => {
    expect(pollSchedule(4, { initialMs: 100, factor: 2, maxMs: 500 })).toEqual([100, 200, 400, 500]);
    expect(pollDelay(-1)).toBe(50);
  });
});
