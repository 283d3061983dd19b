/**
 * The one token bucket of the tree: `rate` tokens a second, at most `burst` saved up, so in any window of
 * T seconds at most `burst + rate * T` tokens are handed out (`burst + rate * (T - lag)` with a refill
 * lag). The AWS clients pace each operation with one (src/aws/pacing.ts), the local engine emulates AWS's
 * quotas with them (src/engine/quotas.ts), and the bridge budgets its progress reads with one. Waiters
 * are served first come, first served; an aborted waiter leaves the queue at once and keeps no timer
 * alive. The clock and timers are injected so the bucket logic is tested without real time.
 */

export interface Clock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface TokenBucketOptions {
  /** Tokens per second (> 0). */
  rate: number;
  /** Most tokens saved up, and the size of the first burst (>= 1). */
  burst: number;
  /**
   * Milliseconds the refill waits after a token is taken from a full bucket (default 0). A client
   * pacing itself by a server's bucket: the server's bucket starts refilling only when the request
   * reaches it, and may refill in steps, so the client's refill runs that far behind (src/aws/pacing.ts).
   */
  refillLagMs?: number;
  clock?: Clock;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** The burst we use for a given rate: a quarter of a second's worth, at least 1. */
export function defaultBurst(rate: number): number {
  return Math.max(1, Math.ceil(rate / 4));
}

export class TokenBucket {
  readonly rate: number;
  readonly burst: number;
  private readonly lagMs: number;
  private readonly clock: Clock;
  private tokens: number;
  private last: number;
  private readonly queue: Waiter[] = [];
  private timer: unknown;

  constructor(opts: TokenBucketOptions) {
    if (!(opts.rate > 0) || !Number.isFinite(opts.rate))
      throw new RangeError('rate must be a positive number');
    if (!(opts.burst >= 1) || !Number.isFinite(opts.burst)) throw new RangeError('burst must be at least 1');
    const lag = opts.refillLagMs ?? 0;
    if (!(lag >= 0) || !Number.isFinite(lag)) throw new RangeError('refillLagMs must be 0 or more');
    this.rate = opts.rate;
    this.burst = Math.floor(opts.burst);
    this.lagMs = lag;
    this.clock = opts.clock ?? systemClock;
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  /** Waiters in the queue (for tests and metrics). */
  get waiting(): number {
    return this.queue.length;
  }

  /** Refills for the time since the last refill; `last` is ahead of the clock while the refill lags. */
  private refill(): void {
    const now = this.clock.now();
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
      this.last = now;
    }
  }

  /** Takes a token (there is one); taken from a full bucket, it starts the refill's lag. */
  private take(): void {
    if (this.lagMs > 0 && this.tokens > this.burst - 1) {
      this.last = Math.max(this.last, this.clock.now() + this.lagMs);
    }
    this.tokens = Math.max(0, this.tokens - 1);
  }

  /** Tokens saved up now (fractional while refilling). */
  get available(): number {
    this.refill();
    return this.tokens;
  }

  /**
   * Empties the bucket: the tokens it thought it had were not there (AWS throttled a request), so the
   * next ones wait for the refill. Waiters keep their places.
   */
  drain(): void {
    this.refill();
    this.tokens = 0;
  }

  /**
   * The bucket was empty `msAgo` milliseconds ago (another process spent it): it holds at most what
   * has refilled since.
   */
  spentAgo(msAgo: number): void {
    this.refill();
    this.tokens = Math.min(this.tokens, Math.max(0, (msAgo * this.rate) / 1000));
  }

  /** Takes a token if one is there now; never waits. Does not jump the queue. */
  tryAcquire(): boolean {
    this.refill();
    if (this.queue.length > 0 || this.tokens < 1) return false;
    this.take();
    return true;
  }

  /** Resolves when a token is ours; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          if (this.queue.length === 0) this.stopTimer();
          reject(abortReason(signal));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.schedule();
    });
  }

  private stopTimer(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private schedule(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    this.refill();
    const missing = Math.max(0, 1 - this.tokens);
    const lagging = Math.max(0, this.last - this.clock.now());
    const ms = Math.ceil(lagging + (missing * 1000) / this.rate);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.drainQueue();
    }, ms);
  }

  private drainQueue(): void {
    this.refill();
    while (this.queue.length > 0 && this.tokens >= 1 - 1e-9) {
      const waiter = this.queue.shift()!;
      this.take();
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
    this.schedule();
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}
