/** Pure readings of an execution history (events as GetExecutionHistory returns them, newest first). */
import type { HistoryEvent } from '@aws-sdk/client-sfn';

export interface TerminalDetails {
  error?: string;
  cause?: string;
}

/** The error and cause on the execution's own terminal event (FAILED, TIMED_OUT, ABORTED). */
export function terminalDetails(newestFirst: readonly HistoryEvent[]): TerminalDetails {
  for (const e of newestFirst) {
    const d =
      e.executionFailedEventDetails ?? e.executionTimedOutEventDetails ?? e.executionAbortedEventDetails;
    if (d) return { ...(d.error ? { error: d.error } : {}), ...(d.cause ? { cause: d.cause } : {}) };
  }
  return {};
}

function stateNameOf(e: HistoryEvent): string | undefined {
  return e.stateEnteredEventDetails?.name ?? e.evaluationFailedEventDetails?.state;
}

const isTerminalEvent = (e: HistoryEvent): boolean =>
  e.type === 'ExecutionFailed' || e.type === 'ExecutionTimedOut' || e.type === 'ExecutionAborted';

/**
 * The state the execution failed in. Follows `previousEventId` back from the terminal event to the first
 * state entry (or JSONata evaluation failure) on that chain, which stays right when Parallel or Map
 * branches interleave; without the links, falls back to the newest state entered.
 */
export function failedStateName(newestFirst: readonly HistoryEvent[]): string | undefined {
  const byId = new Map<number, HistoryEvent>();
  for (const e of newestFirst) if (e.id !== undefined) byId.set(e.id, e);
  const start = newestFirst.find(isTerminalEvent) ?? newestFirst[0];
  const seen = new Set<number>();
  for (let e = start; e && !(e.id !== undefined && seen.has(e.id));) {
    if (e.id !== undefined) seen.add(e.id);
    const name = stateNameOf(e);
    if (name) return name;
    e = e.previousEventId !== undefined ? byId.get(e.previousEventId) : undefined;
  }
  for (const e of newestFirst) {
    const name = stateNameOf(e);
    if (name) return name;
  }
  return undefined;
}

/**
 * The state a running execution is in now: the newest state entered and not yet exited
 * (a state can be entered many times in a loop, so exits are counted per name).
 */
export function currentStateName(newestFirst: readonly HistoryEvent[]): string | undefined {
  const exited = new Map<string, number>();
  for (const e of newestFirst) {
    const out = e.stateExitedEventDetails?.name;
    if (out !== undefined) {
      exited.set(out, (exited.get(out) ?? 0) + 1);
      continue;
    }
    const inn = e.stateEnteredEventDetails?.name;
    if (inn === undefined) continue;
    const n = exited.get(inn) ?? 0;
    if (n === 0) return inn;
    exited.set(inn, n - 1);
  }
  return undefined;
}
