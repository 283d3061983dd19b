/**
 * The state a running execution is in, from its newest history events (GetExecutionHistory, newest
 * first), read behind a pacer that is only ever tried, never waited for: a progress report or a task
 * status goes out without a state rather than late. Shared by progress reports and task snapshots.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Logger } from '../log.js';
import { currentStateName } from './history.js';
import { readRecentHistory } from './outcome.js';
import type { Pacer, RunOptions } from './types.js';

/** How many of the newest history events a state read asks for. */
const STATE_READ_EVENTS = 25;
export const DEFAULT_STATE_READ_INTERVAL_MS = 2_000;

/** `read: false` when the pacer had no token free; `state` is absent when the read failed or found none. */
export type StateRead = { read: false } | { read: true; state?: string };

/** One state read, if `pacer` has a token free at once. A failed read is logged (debug) and gives no state. */
export async function readCurrentState(
  sfn: SFNClient,
  executionArn: string,
  opts: { log: Logger; pacer?: Pacer; signal?: AbortSignal },
): Promise<StateRead> {
  if (opts.pacer && !(opts.pacer.tryAcquire?.() ?? true)) return { read: false };
  try {
    const state = currentStateName(
      await readRecentHistory(sfn, executionArn, opts.signal, STATE_READ_EVENTS),
    );
    return { read: true, ...(state !== undefined ? { state } : {}) };
  } catch (err) {
    opts.log.debug({ err, executionArn }, 'could not read the current state');
    return { read: true };
  }
}

/**
 * The state for each progress report of one wait: read at most once every `minIntervalMs` and only when
 * the shared pacer has a token at once; between reads the last one is reused. `signal` bounds each read
 * (the wait passes its combined cancel/budget/release signal).
 */
export function stateReader(
  sfn: SFNClient,
  executionArn: string,
  opts: Pick<RunOptions, 'stateReads' | 'log'>,
): { read(signal?: AbortSignal): Promise<string | undefined> } {
  const interval = opts.stateReads?.minIntervalMs ?? DEFAULT_STATE_READ_INTERVAL_MS;
  let lastRead = -Infinity;
  let state: string | undefined;
  return {
    async read(signal) {
      if (!opts.stateReads) return undefined;
      const now = performance.now();
      if (now - lastRead < interval) return state;
      const r = await readCurrentState(sfn, executionArn, {
        log: opts.log,
        ...(opts.stateReads.pacer ? { pacer: opts.stateReads.pacer } : {}),
        ...(signal ? { signal } : {}),
      });
      if (r.read) {
        lastRead = now;
        state = r.state ?? state;
      }
      return state;
    },
  };
}
