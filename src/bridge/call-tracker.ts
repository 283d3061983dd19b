/**
 * The bridge's side of a shutdown: the calls in flight (counted with src/mcp/in-flight.ts) and the
 * release signal that ends every waiting call at once with its "still running" result.
 */
import type { Logger } from '../log.js';
import { InFlight } from '../mcp/in-flight.js';

export class CallTracker {
  private readonly calls = new InFlight();
  private readonly releasing = new AbortController();

  /** Aborted by drain(): every wait listening to it answers at once. */
  get release(): AbortSignal {
    return this.releasing.signal;
  }

  get draining(): boolean {
    return this.releasing.signal.aborted;
  }

  /** Counts a call in flight until it has returned its result, so drain() knows when every one has. */
  track<T>(call: () => Promise<T>): Promise<T> {
    return this.calls.track(call);
  }

  /** Releases every wait (once), then resolves when no call is in flight. */
  async drain(log: Logger): Promise<void> {
    if (!this.draining) {
      log.info({ inFlight: this.calls.size }, 'draining: new calls refused, waits released');
      this.releasing.abort();
    }
    await this.calls.idle();
  }
}
