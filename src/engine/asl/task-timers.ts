import { RunAborted, StateFailure } from './failure.js';
import { delay } from './timers.js';

/**
 * The clock of one Task attempt: TimeoutSeconds from the start, HeartbeatSeconds between heartbeats
 * (https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html). Either expiry ends the attempt
 * with States.Timeout (a heartbeat expiry also matches States.HeartbeatTimeout); a stopped execution
 * ends it with RunAborted. `signal` aborts on any of them, for the handler to see.
 */
export class AttemptClock {
  private readonly controller = new AbortController();
  private heartbeatTimer?: AbortController;
  private readonly timeoutTimer = new AbortController();
  private readonly onRunAbort = (): void => this.end(new RunAborted());

  constructor(
    private readonly run: AbortSignal,
    timeoutMs: number,
    private readonly heartbeatMs: number | undefined,
  ) {
    if (run.aborted) this.end(new RunAborted());
    else run.addEventListener('abort', this.onRunAbort, { once: true });
    this.arm(this.timeoutTimer, timeoutMs, () => new StateFailure('States.Timeout', undefined));
    this.beat();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** A heartbeat: the HeartbeatSeconds count starts again. */
  beat(): void {
    if (this.heartbeatMs === undefined || this.signal.aborted) return;
    this.heartbeatTimer?.abort();
    this.heartbeatTimer = new AbortController();
    this.arm(
      this.heartbeatTimer,
      this.heartbeatMs,
      () => new StateFailure('States.Timeout', undefined, { heartbeat: true }),
    );
  }

  /** `work`'s value, or the reason the attempt ended first. */
  async race<T>(work: Promise<T>): Promise<T> {
    const signal = this.signal;
    if (signal.aborted) throw signal.reason;
    let onAbort: (() => void) | undefined;
    const ended = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([work, ended]);
    } finally {
      signal.removeEventListener('abort', onAbort!);
    }
  }

  /** Clears every timer; call once the attempt is over. */
  dispose(): void {
    this.run.removeEventListener('abort', this.onRunAbort);
    this.timeoutTimer.abort();
    this.heartbeatTimer?.abort();
  }

  private arm(timer: AbortController, ms: number, reason: () => Error): void {
    delay(ms, timer.signal).then(
      () => this.end(reason()),
      () => undefined, // cleared
    );
  }

  private end(reason: Error): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }
}
