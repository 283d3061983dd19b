/**
 * Discovery progress on long runs: a structured log line every so many machines or seconds, and a
 * callback for a terminal indicator (the `list` command's). When requests wait for AWS's quota of an
 * operation, one line says so (once per operation and run), and the progress names the operation.
 */
import type { QuotaWait } from '../aws/pacing.js';
import type { Logger } from '../log.js';

export interface DiscoveryProgress {
  phase: 'listing' | 'reading' | 'done';
  /** Machines listed so far. */
  listed: number;
  /** Machines whose tags/description have been read (or reused) so far. */
  done: number;
  /** Machines to read in this run (known once listing ends). */
  total: number;
  /** The operation whose AWS quota requests last waited for, if any did. */
  waitingForQuota?: string;
}

export interface ProgressOptions {
  log: Logger;
  /** Called as listing and reading progress (e.g. for a terminal indicator). */
  onProgress?: (progress: DiscoveryProgress) => void;
  /** Log progress every this many machines (default 1000) or every progressIntervalMs (default 5000). */
  progressEvery?: number;
  progressIntervalMs?: number;
}

export interface ProgressReporter {
  listed(listedSoFar: number): void;
  reading(total: number): void;
  done(): void;
  /** Requests of the run wait for an operation's quota. */
  quota(wait: QuotaWait): void;
  finish(): void;
}

/** Logs progress on long runs (JSON on stderr through the logger) and feeds onProgress. */
export function progressReporter(opts: ProgressOptions): ProgressReporter {
  const every = opts.progressEvery ?? 1000;
  const intervalMs = opts.progressIntervalMs ?? 5000;
  const state: DiscoveryProgress = { phase: 'listing', listed: 0, done: 0, total: 0 };
  let lastLogAt = Date.now();
  let lastLogDone = 0;
  let logged = false;
  const quotaLogged = new Set<string>();
  const emit = (): void => opts.onProgress?.({ ...state });
  const maybeLog = (force = false): void => {
    const now = Date.now();
    const count = state.phase === 'listing' ? state.listed : state.done;
    if (force || count - lastLogDone >= every || now - lastLogAt >= intervalMs) {
      opts.log.info({ ...state }, 'discovery progress');
      lastLogAt = now;
      lastLogDone = count;
      logged = true;
    }
  };
  return {
    listed(listedSoFar) {
      state.listed = listedSoFar;
      emit();
      maybeLog();
    },
    reading(total) {
      state.phase = 'reading';
      state.total = total;
      lastLogDone = 0;
      emit();
    },
    done() {
      state.done += 1;
      emit();
      maybeLog();
    },
    quota(wait) {
      state.waitingForQuota = wait.operation;
      if (quotaLogged.has(wait.operation)) return;
      quotaLogged.add(wait.operation);
      const { refill, bucket } = wait.quota;
      opts.log.info(
        { operation: wait.operation, perSecond: refill, bucket, ...state },
        `discovery waits for the AWS quota of ${wait.operation} (${round(refill)} a second): ` +
          'every machine is read, and tools/list answers once all are',
      );
    },
    finish() {
      state.phase = 'done';
      emit();
      // Only a run long enough to have reported progress reports its end.
      if (logged) maybeLog(true);
    },
  };
}

/**
 * The progress in one line, as the `list` command's indicator and tools/list's progress notifications
 * show it: what is being done, how far, and the AWS quota requests wait for. Pure.
 */
export function progressText(p: DiscoveryProgress): string {
  if (p.phase === 'listing') return `Listing state machines... ${p.listed}`;
  const quota = p.waitingForQuota ? ` (within the AWS quota of ${p.waitingForQuota})` : '';
  return `Reading state machines... ${p.done}/${p.total}${quota}`;
}

/**
 * A count that never goes down over a run (machines listed, then listed and read), and its total once
 * the listing is done: MCP progress must increase with every notification. Pure.
 */
export function progressCount(p: DiscoveryProgress): { progress: number; total?: number } {
  if (p.phase === 'listing') return { progress: p.listed };
  return { progress: p.listed + p.done, total: p.listed + p.total };
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
