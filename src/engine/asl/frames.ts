import pLimit from 'p-limit';
import { RunAborted, toStateFailure, type StateFailure } from './failure.js';
import type { HistoryThread } from './history.js';
import type { Program } from './model.js';
import type { Frame } from './runtime.js';

/** Parallel branches and Map iterations: child frames, run side by side. */

export function childFrame(
  parent: Frame,
  program: Program,
  key: string,
  options: { signal: AbortSignal; thread: HistoryThread; isolated?: boolean },
): Frame {
  return {
    run: parent.run,
    program,
    scope: parent.scope.child(options.isolated ?? false),
    thread: options.thread,
    key,
    signal: options.signal,
  };
}

export type ChildOutcome =
  | { kind: 'ok'; output: unknown }
  | { kind: 'failed'; failure: StateFailure }
  /** Ended by a sibling's failure or the execution's end; `started` says whether it had begun. */
  | { kind: 'aborted'; started: boolean };

export interface ChildRunOptions {
  count: number;
  /** At most this many at once; 0 = all. */
  concurrency: number;
  /** The enclosing frame's signal. */
  signal: AbortSignal;
  /** Whether the children go on after this many failures (a Distributed Map's tolerance); default no. */
  tolerates?: (failures: number) => boolean;
}

/**
 * Runs `count` children, at most `concurrency` at once. A failure the options do not tolerate aborts the
 * siblings still running and the ones not yet started.
 */
export async function runChildren(
  options: ChildRunOptions,
  start: (index: number, signal: AbortSignal) => Promise<unknown>,
): Promise<ChildOutcome[]> {
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  const limit = pLimit(options.concurrency > 0 ? options.concurrency : Number.POSITIVE_INFINITY);
  let failures = 0;
  const one = async (index: number): Promise<ChildOutcome> => {
    if (signal.aborted) return { kind: 'aborted', started: false };
    try {
      return { kind: 'ok', output: await start(index, signal) };
    } catch (err) {
      if (err instanceof RunAborted || signal.aborted) return { kind: 'aborted', started: true };
      failures += 1;
      if (!(options.tolerates?.(failures) ?? false)) stop.abort();
      return { kind: 'failed', failure: toStateFailure(err) };
    }
  };
  return Promise.all(Array.from({ length: options.count }, (_, i) => limit(one, i)));
}
