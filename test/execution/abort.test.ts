import { describe, expect, it } from 'vitest';
import { anySignal, sleep, unlessAborted } from '../../src/execution/abort.js';

describe('sleep', () => {
  it('resolves true after the delay', async () => {
    expect(await sleep(1)).toBe(true);
  });

  it('resolves false at once on abort and leaves no listener', async () => {
    const c = new AbortController();
    let removed = 0;
    const remove = c.signal.removeEventListener.bind(c.signal);
    c.signal.removeEventListener = ((...a: Parameters<typeof remove>) => {
      removed++;
      return remove(...a);
    }) as typeof remove;
    const p = sleep(60_000, c.signal);
    c.abort();
    expect(await p).toBe(false);
    expect(removed).toBe(1);
    expect(await sleep(60_000, c.signal)).toBe(false);
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
