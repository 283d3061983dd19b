/** The in-flight counter (src/mcp/in-flight.ts) shared by the bridge's drain and the HTTP server's. */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { InFlight } from '../../src/mcp/in-flight.js';

/** A promise and the functions that settle it, for work that ends when the test says so. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Whether `promise` has settled after the pending callbacks and one event-loop turn have run. */
async function settledSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await nextTurn();
  await nextTurn();
  return settled;
}

describe('InFlight', () => {
  it('counts begun work, and an end counts once however often it is called', () => {
    const inFlight = new InFlight();
    const a = inFlight.begin();
    const b = inFlight.begin();
    expect(inFlight.size).toBe(2);
    a();
    a();
    expect(inFlight.size).toBe(1);
    b();
    expect(inFlight.size).toBe(0);
  });

  it('tracks work until it settles, whether it resolves or rejects, and passes its outcome on', async () => {
    const inFlight = new InFlight();
    const good = deferred<string>();
    const bad = deferred<string>();
    const tracked = [inFlight.track(() => good.promise), inFlight.track(() => bad.promise)];
    expect(inFlight.size).toBe(2);
    good.resolve('answer');
    await expect(tracked[0]).resolves.toBe('answer');
    expect(inFlight.size).toBe(1);
    bad.reject(new Error('refused'));
    await expect(tracked[1]).rejects.toThrow('refused');
    expect(inFlight.size).toBe(0);
  });

  it('is idle at once when nothing is in flight', async () => {
    await expect(new InFlight().idle()).resolves.toBe(true);
    await expect(new InFlight().idle(0)).resolves.toBe(true);
  });

  it('wakes every waiter once the last piece ends, not before', async () => {
    const inFlight = new InFlight();
    const first = inFlight.begin();
    const second = inFlight.begin();
    const waiters = [inFlight.idle(), inFlight.idle(60_000)];
    first();
    expect(await settledSoon(Promise.race(waiters))).toBe(false);
    second();
    await expect(Promise.all(waiters)).resolves.toEqual([true, true]);
  });

  it('answers false when the time runs out with work still in flight, and forgets that waiter', async () => {
    const inFlight = new InFlight();
    const end = inFlight.begin();
    await expect(inFlight.idle(1)).resolves.toBe(false);
    const later = inFlight.idle();
    end();
    await expect(later).resolves.toBe(true);
  });

  it('can be waited on again after going busy once more', async () => {
    const inFlight = new InFlight();
    const end = inFlight.begin();
    const once = inFlight.idle();
    end();
    await expect(once).resolves.toBe(true);
    const again = inFlight.begin();
    const twice = inFlight.idle();
    expect(await settledSoon(twice)).toBe(false);
    again();
    await expect(twice).resolves.toBe(true);
  });
});
