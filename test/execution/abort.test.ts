import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_TIMER_MS,
  anySignal,
  setLongTimeout,
  timeoutSignal,
  unlessAborted,
} from '../../src/execution/abort.js';

const DAY = 24 * 3600 * 1000;

describe('timers longer than setTimeout can hold (2^31-1 ms, ~24.8 days)', () => {
  // The fake timers overflow a delay over 2^31-1 ms to 1 ms, as Node does.
  afterEach(() => void vi.useRealTimers());

  it('setLongTimeout fires after the whole delay, never early, and can be cancelled', () => {
    vi.useFakeTimers();
    let fired = 0;
    setLongTimeout(() => fired++, 30 * DAY);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(MAX_TIMER_MS);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(30 * DAY - MAX_TIMER_MS - 2);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
    vi.advanceTimersByTime(100 * DAY);
    expect(fired).toBe(1);

    const cancel = setLongTimeout(() => fired++, 60 * DAY);
    vi.advanceTimersByTime(40 * DAY);
    cancel();
    vi.advanceTimersByTime(40 * DAY);
    expect(fired).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('setLongTimeout: 0, negative and NaN fire at once; Infinity never arms a timer', () => {
    vi.useFakeTimers();
    let fired = 0;
    for (const ms of [0, -5, Number.NaN]) setLongTimeout(() => fired++, ms);
    vi.advanceTimersByTime(0);
    expect(fired).toBe(3);
    setLongTimeout(() => fired++, Infinity);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('timeoutSignal with a 30-day delay does not end after 1 ms', async () => {
    vi.useFakeTimers();
    const budget = timeoutSignal(30 * DAY);
    await vi.advanceTimersByTimeAsync(10);
    expect(budget.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(30 * DAY);
    expect(budget.signal.aborted).toBe(true);

    const disposed = timeoutSignal(30 * DAY);
    disposed.dispose();
    await vi.advanceTimersByTimeAsync(31 * DAY);
    expect(disposed.signal.aborted).toBe(false);
  });
});

describe('unlessAborted', () => {
  it('passes the value through', async () => {
    expect(await unlessAborted(Promise.resolve(3), new AbortController().signal)).toBe(3);
    await expect(unlessAborted(Promise.reject(new Error('x')), new AbortController().signal)).rejects.toThrow(
      'x',
    );
  });

  it('gives up waiting on abort', async () => {
    const c = new AbortController();
    const never = new Promise<number>(() => undefined);
    const p = unlessAborted(never, c.signal);
    c.abort();
    expect(await p).toBeUndefined();
  });
});

describe('anySignal', () => {
  it('aborts with the first source, with its reason', () => {
    const a = new AbortController();
    const b = new AbortController();
    const any = anySignal([a.signal, undefined, b.signal]);
    expect(any.signal.aborted).toBe(false);
    b.abort('budget');
    expect(any.signal.aborted).toBe(true);
    expect(any.signal.reason).toBe('budget');
    a.abort('later');
    expect(any.signal.reason).toBe('budget');
  });

  it('is aborted at once when a source already is', () => {
    expect(anySignal([AbortSignal.abort('done')]).signal.reason).toBe('done');
    expect(anySignal([]).signal.aborted).toBe(false);
  });

  it('leaves no listener on its sources once disposed', () => {
    const source = new AbortController();
    let added = 0;
    let removed = 0;
    const add = source.signal.addEventListener.bind(source.signal);
    const remove = source.signal.removeEventListener.bind(source.signal);
    source.signal.addEventListener = ((...a: Parameters<typeof add>) => {
      added++;
      return add(...a);
    }) as typeof add;
    source.signal.removeEventListener = ((...a: Parameters<typeof remove>) => {
      removed++;
      return remove(...a);
    }) as typeof remove;
    const any = anySignal([source.signal]);
    any.dispose();
    expect([added, removed]).toEqual([1, 1]);
    source.abort();
    expect(any.signal.aborted).toBe(false);
  });
});
