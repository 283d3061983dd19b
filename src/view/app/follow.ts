/**
 * Following a run from the view: while the call is in flight, look for its execution (by the call's
 * arguments) and read it again and again; once the call's result names the execution, read that one until
 * it ends. No DOM here: `read` and `show` are given, so the logic stays apart from the page.
 */
import { errorMessage } from '../../result.js';
import type { RunOverlay } from '../run-types.js';

export interface RunReader {
  /** workflow_view_run: the run of `executionArn`, or of the call in flight with `args`; undefined = not found. */
  read(query: { executionArn?: string; args?: Record<string, unknown> }): Promise<RunOverlay | undefined>;
  show(run: RunOverlay): void;
  /** A read failed (shown, then the next read tries again). */
  problem(message: string): void;
}

/** How often the view reads the run: quickly at first, then every few seconds. */
export function pollDelayMs(attempt: number): number {
  return Math.min(750 * 1.25 ** attempt, 3000);
}

/** Reads stop after this many in a row that found nothing, or failed. */
export const MAX_FRUITLESS_READS = 40;

const ENDED = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']);

export class RunFollower {
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly reader: RunReader) {}

  /** The call started: follow the execution with these arguments until told otherwise. */
  followCall(args: Record<string, unknown>): void {
    this.start({ args });
  }

  /** The call's result named its execution: follow that one to its end. */
  followExecution(executionArn: string): void {
    this.start({ executionArn });
  }

  stop(): void {
    this.generation += 1;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private start(query: { executionArn?: string; args?: Record<string, unknown> }): void {
    this.stop();
    const generation = this.generation;
    let attempt = 0;
    let fruitless = 0;
    const tick = async () => {
      let run: RunOverlay | undefined;
      try {
        run = await this.reader.read(query);
      } catch (err) {
        this.reader.problem(errorMessage(err));
      }
      if (generation !== this.generation) return;
      if (run) this.reader.show(run);
      fruitless = run ? 0 : fruitless + 1;
      if ((run && ENDED.has(run.status)) || fruitless >= MAX_FRUITLESS_READS) return;
      this.timer = setTimeout(tick, pollDelayMs(attempt++));
    };
    void tick();
  }
}
