/**
 * Counts work in flight, so a shutdown knows when the last piece has been answered. The bridge counts
 * tool and task calls with it (src/bridge/call-tracker.ts), the HTTP server counts MCP requests
 * (src/mcp/http/shutdown.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';

export class InFlight {
  private count = 0;
  private waiters = new Set<() => void>();

  /** How many are in flight now. */
  get size(): number {
    return this.count;
  }

  /** One more in flight; returns its end, which counts once however often it is called. */
  begin(): () => void {
    this.count++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.count--;
      if (this.count === 0) this.wakeWaiters();
    };
  }

  /** Counts `work` in flight until it settles. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    const end = this.begin();
    try {
      return await work();
    } finally {
      end();
    }
  }

  /**
   * Resolves true at once when nothing is in flight, else once the count reaches zero (a turn of the
   * event loop later); false when `timeoutMs` passes first (unset = no limit).
   */
  async idle(timeoutMs?: number): Promise<boolean> {
    if (this.count === 0) return true;
    let wake = (): void => undefined;
    const woken = new Promise<boolean>((resolve) => {
      wake = () => resolve(true);
      this.waiters.add(wake);
    });
    if (timeoutMs === undefined) return woken;
    const timer = new AbortController();
    // Aborted once the race is settled, when its value is no longer read.
    const timedOut = sleep(timeoutMs, undefined, { signal: timer.signal }).then(
      () => this.count === 0,
      () => false,
    );
    try {
      return await Promise.race([woken, timedOut]);
    } finally {
      timer.abort();
      this.waiters.delete(wake);
    }
  }

  private wakeWaiters(): void {
    if (this.waiters.size === 0) return;
    const waiters = this.waiters;
    this.waiters = new Set();
    // After a turn of the event loop, so whoever answers the last piece has handed it over (to the
    // transport, to the socket) before a waiter goes on to close things.
    setImmediate(() => {
      for (const wake of waiters) wake();
    });
  }
}
