/** The token bucket, on an injected clock: no real time passes. */
import { describe, expect, it } from 'vitest';
import { TokenBucket, defaultBurst } from '../../src/aws/token-bucket.js';
import { fakeClock } from '../helpers/fake-clock.js';

describe('TokenBucket', () => {
  it('hands out the burst at once, then one token every 1/rate seconds', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ rate: 10, burst: 3, clock });
    const got: number[] = [];
    for (let i = 0; i < 8; i++) void bucket.acquire().then(() => got.push(clock.now()));
    await clock.advance(0);
    expect(got).toEqual([0, 0, 0]);
    await clock.advance(1000);
    expect(got).toEqual([0, 0, 0, 100, 200, 300, 400, 500]);
  });

  it('never hands out more than burst + rate * T in any window of T', async () => {
    const clock = fakeClock();
    const rate = 20;
    const burst = defaultBurst(rate);
    const bucket = new TokenBucket({ rate, burst, clock });
    const times: number[] = [];
    // 100 waiters arriving in waves, as 100 concurrent waits would.
    for (let wave = 0; wave < 10; wave++) {
      for (let i = 0; i < 30; i++) void bucket.acquire().then(() => times.push(clock.now()));
      await clock.advance(700);
    }
    await clock.advance(20_000);
    expect(times).toHaveLength(300);
    for (const start of times) {
      const inWindow = times.filter((t) => t >= start && t < start + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(rate + burst);
    }
  });

  it('serves waiters first come, first served', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ rate: 1, burst: 1, clock });
    const order: string[] = [];
    await bucket.acquire();
    void bucket.acquire().then(() => order.push('a'));
    void bucket.acquire().then(() => order.push('b'));
    void bucket.acquire().then(() => order.push('c'));
    await clock.advance(3000);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('an aborted waiter leaves the queue at once and keeps no timer', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ rate: 1, burst: 1, clock });
    await bucket.acquire();
    const controller = new AbortController();
    const waiting = bucket.acquire(controller.signal);
    expect(bucket.waiting).toBe(1);
    expect(clock.pending()).toBe(1);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    expect(bucket.waiting).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('refuses an already aborted signal without taking a token', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ rate: 1, burst: 1, clock });
    const controller = new AbortController();
    controller.abort();
    await expect(bucket.acquire(controller.signal)).rejects.toBeDefined();
    expect(bucket.tryAcquire()).toBe(true);
  });

  it('tryAcquire takes a free token, never waits and never jumps the queue', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ rate: 2, burst: 2, clock });
    expect(bucket.tryAcquire()).toBe(true);
    expect(bucket.tryAcquire()).toBe(true);
    expect(bucket.tryAcquire()).toBe(false);
    await clock.advance(500);
    // A token is back, but a queued waiter comes first.
    const queued = bucket.acquire();
    expect(bucket.tryAcquire()).toBe(false);
    await queued;
    await clock.advance(500);
    expect(bucket.tryAcquire()).toBe(true);
  });

  it('saves up no more than the burst while idle', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ rate: 100, burst: 4, clock });
    await clock.advance(60_000);
    let free = 0;
    while (bucket.tryAcquire()) free++;
    expect(free).toBe(4);
  });

  it('drain empties the saved tokens: the next ones wait for the refill, waiters keep their order', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ rate: 10, burst: 5, clock });
    expect(bucket.tryAcquire()).toBe(true);
    bucket.drain();
    expect(bucket.available).toBe(0);
    expect(bucket.tryAcquire()).toBe(false);
    const order: number[] = [];
    const first = bucket.acquire().then(() => order.push(1));
    const second = bucket.acquire().then(() => order.push(2));
    await clock.advance(100);
    expect(order).toEqual([1]);
    await clock.advance(100);
    await Promise.all([first, second]);
    expect(order).toEqual([1, 2]);
  });

  it('spentAgo: a bucket emptied some time ago holds what refilled since, never more than it had', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ rate: 10, burst: 100, clock });
    bucket.spentAgo(2_500);
    expect(bucket.available).toBe(25);
    bucket.spentAgo(60_000);
    expect(bucket.available).toBe(25);
    await clock.advance(100);
    expect(bucket.available).toBe(26);
  });

  it('with a refill lag: the whole burst at once, then the refill that much later', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ rate: 10, burst: 3, refillLagMs: 1000, clock });
    const got: number[] = [];
    for (let i = 0; i < 6; i++) void bucket.acquire().then(() => got.push(clock.now()));
    await clock.advance(0);
    expect(got).toEqual([0, 0, 0]);
    await clock.advance(3000);
    expect(got).toEqual([0, 0, 0, 1100, 1200, 1300]);
  });

  it('with a refill lag: never more than burst + rate * (T - lag) from a full start, and the lag again once full', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ rate: 20, burst: 50, refillLagMs: 1000, clock });
    const times: number[] = [];
    for (let i = 0; i < 200; i++) void bucket.acquire().then(() => times.push(clock.now()));
    await clock.advance(20_000);
    expect(times).toHaveLength(200);
    for (const t of times) {
      const before = times.filter((u) => u <= t).length;
      expect(before).toBeLessThanOrEqual(50 + Math.max(0, (20 * (t - 1000)) / 1000) + 1e-9);
    }
    // Idle until full again: the next burst is whole, and its refill lags as the first did.
    await clock.advance(10_000);
    const later = clock.now();
    const again: number[] = [];
    for (let i = 0; i < 51; i++) void bucket.acquire().then(() => again.push(clock.now() - later));
    await clock.advance(0);
    await clock.advance(5_000);
    expect(again.filter((t) => t === 0)).toHaveLength(50);
    expect(again.at(-1)).toBe(1050);
  });

  it('with a refill lag: a bucket not full when a token is taken refills at once', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ rate: 10, burst: 5, refillLagMs: 1000, clock });
    bucket.drain();
    await clock.advance(200);
    expect(bucket.tryAcquire()).toBe(true);
    await clock.advance(100);
    expect(bucket.available).toBeCloseTo(2, 9);
  });

  it('rejects nonsense settings', () => {
    expect(() => new TokenBucket({ rate: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new TokenBucket({ rate: 5, burst: 0 })).toThrow(RangeError);
    expect(() => new TokenBucket({ rate: 5, burst: 1, refillLagMs: -1 })).toThrow(RangeError);
    expect(defaultBurst(1)).toBe(1);
    expect(defaultBurst(20)).toBe(5);
  });
});
