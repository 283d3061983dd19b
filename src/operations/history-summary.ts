/**
 * A readable summary of a whole execution history (GetExecutionHistory events, every page): the states
 * passed with their visits and durations, Task retries and errors, Map items and iterations, Parallel
 * branches, redrives, and for a failure the failed state with its error and cause. Pure: the reading of the
 * pages lives in history-read.ts.
 *
 * Events are linked as AWS links them: `previousEventId` follows one thread of work (the execution, a
 * Parallel branch, a Map iteration), so the events of one state visit (scheduled, started, failed,
 * scheduled again...) lead back to that visit's `...StateEntered` event.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { currentStateName, failedStateName, terminalDetails } from '../execution/history.js';

export interface MapStats {
  /** Items the inline Map states were given (MapStateStarted `length`), over all visits. */
  items: number;
  iterations: { started: number; succeeded: number; failed: number; aborted: number };
  /** Distributed Map: the Map Runs started (their items are in the Map Run, not in this history). */
  mapRuns: string[];
}

export interface StateStats {
  name: string;
  /** Task, Pass, Choice, Wait, Map, Parallel, Succeed or Fail: from the event type. */
  type: string;
  /** Times entered. */
  visits: number;
  /** Times exited (a visit that failed, or is still going, has not). */
  completed: number;
  /** Summed over completed visits, milliseconds. */
  totalMs: number;
  longestMs: number;
  /** Task attempts after a failed one (the state's Retry). */
  retries: number;
  /** Error names of failed or timed-out attempts, with their counts (a caught error counts too). */
  errors: Record<string, number>;
  map?: MapStats;
  /** Branches started, over all visits. */
  parallelBranches?: number;
}

export interface HistorySummary {
  events: number;
  /** In the order each state was first entered. */
  states: StateStats[];
  /** ExecutionRedriven events. */
  redrives: number;
  /** A running execution: the newest state entered and not left. */
  currentState?: string;
  /** A failed, timed-out or aborted execution: where and why. */
  failure?: { state?: string; error?: string; cause?: string };
}

const ENTERED = /^(\w+?)StateEntered$/;
const SCHEDULED = new Set(['TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled']);
/** Failed attempts: the event type and its detail member; a time-out without an error is States.Timeout. */
const FAILED_ATTEMPTS: Record<string, keyof HistoryEvent> = {
  TaskFailed: 'taskFailedEventDetails',
  TaskTimedOut: 'taskTimedOutEventDetails',
  TaskStartFailed: 'taskStartFailedEventDetails',
  TaskSubmitFailed: 'taskSubmitFailedEventDetails',
  LambdaFunctionFailed: 'lambdaFunctionFailedEventDetails',
  LambdaFunctionTimedOut: 'lambdaFunctionTimedOutEventDetails',
  LambdaFunctionStartFailed: 'lambdaFunctionStartFailedEventDetails',
  LambdaFunctionScheduleFailed: 'lambdaFunctionScheduleFailedEventDetails',
  ActivityFailed: 'activityFailedEventDetails',
  ActivityTimedOut: 'activityTimedOutEventDetails',
  ActivityScheduleFailed: 'activityScheduleFailedEventDetails',
};
const FAILED_ENDS = new Set(['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);
/** The events that end a run, and the one that starts it again. */
const RUN_MARKS = new Set([...FAILED_ENDS, 'ExecutionSucceeded', 'ExecutionRedriven']);

/** Summarises a history given oldest event first (GetExecutionHistory's default order). */
export function summariseHistory(oldestFirst: readonly HistoryEvent[]): HistorySummary {
  const walk = new Walk(oldestFirst);
  for (const event of oldestFirst) walk.see(event);
  const newestFirst = [...oldestFirst].reverse();
  const summary: HistorySummary = {
    events: oldestFirst.length,
    states: [...walk.states.values()],
    redrives: oldestFirst.filter((e) => e.type === 'ExecutionRedriven').length,
  };
  const mark = newestFirst.find((e) => RUN_MARKS.has(e.type ?? ''));
  if (mark === undefined || mark.type === 'ExecutionRedriven') {
    const current = currentStateName(newestFirst);
    if (current !== undefined) summary.currentState = current;
  } else if (FAILED_ENDS.has(mark.type ?? '')) {
    const state = failedStateName(newestFirst);
    summary.failure = { ...(state !== undefined ? { state } : {}), ...terminalDetails(newestFirst) };
  }
  return summary;
}

/** One pass over the events, oldest first, gathering per-state statistics. */
class Walk {
  readonly states = new Map<string, StateStats>();
  private readonly byId = new Map<number, HistoryEvent>();
  private readonly owners = new Map<number, string | undefined>();
  /** Entry times of the visits not yet exited, per state name (first in, first out). */
  private readonly open = new Map<string, number[]>();

  constructor(events: readonly HistoryEvent[]) {
    for (const e of events) if (e.id !== undefined) this.byId.set(e.id, e);
  }

  see(e: HistoryEvent): void {
    const type = e.type ?? '';
    const entered = ENTERED.exec(type);
    if (entered && e.stateEnteredEventDetails?.name !== undefined) {
      this.enter(e.stateEnteredEventDetails.name, entered[1]!, e);
    } else if (e.stateExitedEventDetails?.name !== undefined) {
      this.exit(e.stateExitedEventDetails.name, e);
    } else if (SCHEDULED.has(type)) {
      // A first attempt follows the state's entry; a retry follows the failed attempt.
      const previous = this.previous(e);
      const stats = previous && !ENTERED.test(previous.type ?? '') ? this.stats(this.owner(e)) : undefined;
      if (stats) stats.retries++;
    } else if (type in FAILED_ATTEMPTS) {
      this.failedAttempt(e, FAILED_ATTEMPTS[type]!);
    } else {
      this.seeMapEvent(e, type);
    }
  }

  private enter(name: string, type: string, e: HistoryEvent): void {
    const stats = this.states.get(name) ?? newStats(name, type);
    this.states.set(name, stats);
    stats.visits++;
    const queue = this.open.get(name) ?? [];
    queue.push(timeOf(e));
    this.open.set(name, queue);
    // A branch of a Parallel state starts right after its ParallelStateStarted event.
    const previous = this.previous(e);
    if (previous?.type === 'ParallelStateStarted') {
      const parallel = this.stats(this.owner(previous));
      if (parallel) parallel.parallelBranches = (parallel.parallelBranches ?? 0) + 1;
    }
  }

  private exit(name: string, e: HistoryEvent): void {
    const stats = this.states.get(name);
    const start = this.open.get(name)?.shift();
    if (!stats || start === undefined) return;
    const ms = Math.max(0, timeOf(e) - start);
    stats.completed++;
    stats.totalMs += ms;
    stats.longestMs = Math.max(stats.longestMs, ms);
  }

  private failedAttempt(e: HistoryEvent, member: keyof HistoryEvent): void {
    const stats = this.stats(this.owner(e));
    if (!stats) return;
    const details = e[member] as { error?: string } | undefined;
    const error = details?.error ?? (e.type?.endsWith('TimedOut') ? 'States.Timeout' : 'States.TaskFailed');
    stats.errors[error] = (stats.errors[error] ?? 0) + 1;
  }

  /** Map items and iterations (named after their Map state), and Distributed Map runs. */
  private seeMapEvent(e: HistoryEvent, type: string): void {
    if (type === 'MapStateStarted') {
      const map = this.mapOf(this.owner(e));
      if (map) map.items += e.mapStateStartedEventDetails?.length ?? 0;
      return;
    }
    if (type === 'MapRunStarted') {
      const arn = e.mapRunStartedEventDetails?.mapRunArn;
      const map = this.mapOf(this.owner(e));
      if (map && arn) map.mapRuns.push(arn);
      return;
    }
    const iteration =
      (type === 'MapIterationStarted' && (['started', e.mapIterationStartedEventDetails] as const)) ||
      (type === 'MapIterationSucceeded' && (['succeeded', e.mapIterationSucceededEventDetails] as const)) ||
      (type === 'MapIterationFailed' && (['failed', e.mapIterationFailedEventDetails] as const)) ||
      (type === 'MapIterationAborted' && (['aborted', e.mapIterationAbortedEventDetails] as const));
    if (!iteration) return;
    const map = this.mapOf(iteration[1]?.name);
    if (map) map.iterations[iteration[0]]++;
  }

  private previous(e: HistoryEvent): HistoryEvent | undefined {
    return e.previousEventId !== undefined ? this.byId.get(e.previousEventId) : undefined;
  }

  /**
   * The state a visit's event belongs to: back along `previousEventId` to the first state entry. Undefined
   * when the chain leaves a state first (an exit) or ends.
   */
  private owner(e: HistoryEvent): string | undefined {
    const seen: number[] = [];
    let name: string | undefined;
    for (let at: HistoryEvent | undefined = e; at; at = this.previous(at)) {
      if (at.id !== undefined && this.owners.has(at.id)) {
        name = this.owners.get(at.id);
        break;
      }
      if (at.id !== undefined) seen.push(at.id);
      if (ENTERED.test(at.type ?? '')) {
        name = at.stateEnteredEventDetails?.name;
        break;
      }
      if (at.stateExitedEventDetails || seen.length > 10_000) break;
    }
    for (const id of seen) this.owners.set(id, name);
    return name;
  }

  private stats(name: string | undefined): StateStats | undefined {
    return name === undefined ? undefined : this.states.get(name);
  }

  private mapOf(name: string | undefined): MapStats | undefined {
    const stats = this.stats(name);
    if (!stats) return undefined;
    stats.map ??= { items: 0, iterations: { started: 0, succeeded: 0, failed: 0, aborted: 0 }, mapRuns: [] };
    return stats.map;
  }
}

function newStats(name: string, type: string): StateStats {
  return { name, type, visits: 0, completed: 0, totalMs: 0, longestMs: 0, retries: 0, errors: {} };
}

function timeOf(e: HistoryEvent): number {
  return e.timestamp instanceof Date ? e.timestamp.getTime() : 0;
}
