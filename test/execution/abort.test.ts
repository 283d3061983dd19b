import { describe, expect, it } from 'vitest';
import { sleep, unlessAborted } from '../../src/execution/abort.js';

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
