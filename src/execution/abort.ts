/** Small helpers for waiting that ends at once on abort and leaves no timer or listener behind. */

/** Resolves true after `ms`, or false as soon as `signal` aborts. Never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (slept: boolean): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(slept);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
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
