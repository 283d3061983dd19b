/**
 * Timers and signals for waits that end at once on abort and leave no timer or listener behind. (A plain
 * sleep is `setTimeout` from node:timers/promises with `{ signal }`.)
 */

/**
 * The longest delay setTimeout keeps (2^31-1 ms, about 24.8 days): a longer one fires after 1 ms, so
 * longer waits are armed in chunks of at most this.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `fn` once after `ms` (a negative or NaN delay counts as 0; Infinity never fires), however long:
 * a delay over MAX_TIMER_MS is re-armed chunk by chunk, so it never overflows to 1 ms. Returns the cancel.
 */
export function setLongTimeout(fn: () => void, ms: number): () => void {
  let left = Number.isNaN(ms) ? 0 : Math.max(0, ms);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    if (left === Infinity) return;
    const chunk = Math.min(left, MAX_TIMER_MS);
    left -= chunk;
    timer = setTimeout(left > 0 ? arm : fn, chunk);
  };
  arm();
  return () => clearTimeout(timer);
}

/** A signal that aborts after `ms` (chunked like setLongTimeout), with `dispose()` to clear its timer. */
export function timeoutSignal(ms: number): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const dispose = setLongTimeout(() => controller.abort(), ms);
  return { signal: controller.signal, dispose };
}

/** Settles with `promise`, or resolves undefined as soon as `signal` aborts (the promise is left to finish alone). */
export function unlessAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T | undefined> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.resolve(undefined);
  }
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * One signal that aborts as soon as any of `signals` does (the first one's reason), with `dispose()` to
 * remove its listeners from the others. Unlike AbortSignal.any it leaves nothing attached to a
 * long-lived signal (the server's drain signal) once disposed.
 */
export function anySignal(signals: ReadonlyArray<AbortSignal | undefined>): {
  signal: AbortSignal;
  dispose(): void;
} {
  const sources = signals.filter((s): s is AbortSignal => s !== undefined);
  const controller = new AbortController();
  const already = sources.find((s) => s.aborted);
  if (already) {
    controller.abort(already.reason);
    return { signal: controller.signal, dispose: () => undefined };
  }
  const listeners = sources.map((s) => {
    const onAbort = (): void => {
      controller.abort(s.reason);
      dispose();
    };
    s.addEventListener('abort', onAbort, { once: true });
    return [s, onAbort] as const;
  });
  const dispose = (): void => {
    for (const [s, onAbort] of listeners) s.removeEventListener('abort', onAbort);
  };
  return { signal: controller.signal, dispose };
}
