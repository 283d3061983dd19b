/**
 * An execution's history (GetExecutionHistory events, oldest first) as one status per state. Each event
 * belongs to the state whose `<Type>StateEntered` its `previousEventId` chain leads back to, which stays
 * right when Parallel branches and Map iterations interleave. Pure.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { isObject } from '../result.js';
import type { StateRun, StateStatus } from './run-types.js';

/** One entry into a state, from its Entered event to its Exited event (or the end of the history). */
interface Span {
  name: string;
  /** The state's Type, from its Entered event. */
  type: string;
  open: boolean;
  outcome?: StateStatus;
  attempts: number;
  /** The failure of the latest attempt (cleared when an attempt starts again). */
  failure?: { error?: string; cause?: string };
  /** A failure a Catch took on. */
  caught?: { error?: string; cause?: string };
  callback: boolean;
  submitted: boolean;
  question?: string;
}

interface MapItems {
  done: number;
  failed: number;
  total?: number;
}

/** Where each event goes, built as the events are read. */
class HistoryReader {
  readonly spans: Span[] = [];
  readonly items = new Map<string, MapItems>();
  private readonly spanOfEvent = new Map<number, Span | undefined>();

  read(e: HistoryEvent): void {
    const span = this.place(e);
    if (span) applyToSpan(span, e);
    this.mapProgress(e, span);
    if (isTerminal(e.type)) this.end(e, span);
  }

  /** The span the event belongs to; opens and closes spans on Entered / Exited. */
  private place(e: HistoryEvent): Span | undefined {
    const entered = e.stateEnteredEventDetails?.name;
    let span: Span | undefined;
    if (entered !== undefined) {
      const type = (e.type ?? '').replace(/StateEntered$/, '');
      span = { name: entered, type, open: true, attempts: 0, callback: false, submitted: false };
      this.spans.push(span);
    } else {
      span = this.chained(e);
      // A Map's or Parallel's own events belong to that state, whatever a branch's chain says.
      const own = /^(Map|Parallel)State(Started|Succeeded|Failed)$/.exec(e.type ?? '')?.[1];
      if (own && span?.type !== own) span = this.newestOpen((s) => s.type === own);
      const exited = e.stateExitedEventDetails?.name;
      if (exited !== undefined) {
        if (span?.name !== exited || !span.open) span = this.newestOpen((s) => s.name === exited);
        if (span) close(span);
        this.remember(e, undefined);
        return undefined;
      }
      const evaluated = e.evaluationFailedEventDetails?.state;
      if (evaluated !== undefined && span?.name !== evaluated) {
        span = this.newestOpen((s) => s.name === evaluated) ?? span;
      }
    }
    this.remember(e, span);
    return span;
  }

  private chained(e: HistoryEvent): Span | undefined {
    if (e.previousEventId !== undefined && this.spanOfEvent.has(e.previousEventId)) {
      const span = this.spanOfEvent.get(e.previousEventId);
      if (span?.open) return span;
    }
    return undefined;
  }

  private remember(e: HistoryEvent, span: Span | undefined): void {
    if (e.id !== undefined) this.spanOfEvent.set(e.id, span);
  }

  private newestOpen(match: (s: Span) => boolean): Span | undefined {
    for (let i = this.spans.length - 1; i >= 0; i--) {
      const s = this.spans[i]!;
      if (s.open && match(s)) return s;
    }
    return undefined;
  }

  private mapProgress(e: HistoryEvent, span: Span | undefined): void {
    if (e.type === 'MapStateStarted') {
      const name = span?.name;
      if (name !== undefined)
        this.items.set(name, { done: 0, failed: 0, total: e.mapStateStartedEventDetails?.length });
      return;
    }
    const it = e.mapIterationSucceededEventDetails ?? e.mapIterationFailedEventDetails;
    if (!it?.name) return;
    const items = this.items.get(it.name) ?? { done: 0, failed: 0 };
    items.done += 1;
    if (e.mapIterationFailedEventDetails) items.failed += 1;
    this.items.set(it.name, items);
  }

  /** The execution ended: the state it ended in failed; anything else still open was cut short. */
  private end(e: HistoryEvent, span: Span | undefined): void {
    const d =
      e.executionFailedEventDetails ?? e.executionTimedOutEventDetails ?? e.executionAbortedEventDetails;
    for (const s of this.spans) {
      if (!s.open) continue;
      s.open = false;
      if (e.type === 'ExecutionFailed' && (s === span || s.failure)) {
        s.outcome = 'failed';
        s.failure ??= { ...(d?.error ? { error: d.error } : {}), ...(d?.cause ? { cause: d.cause } : {}) };
      } else {
        s.outcome = 'aborted';
      }
    }
  }
}

const TERMINAL = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);
const isTerminal = (type: string | undefined) => type !== undefined && TERMINAL.has(type);

function close(span: Span): void {
  span.open = false;
  if (span.outcome) return;
  if (span.failure) {
    span.caught = span.failure;
    span.outcome = 'caught';
  } else {
    span.outcome = 'succeeded';
  }
}

const SCHEDULED = new Set(['TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled']);
const SUCCEEDED = new Set(['TaskSucceeded', 'LambdaFunctionSucceeded', 'ActivitySucceeded']);

/** What one event says about its state's entry. */
function applyToSpan(span: Span, e: HistoryEvent): void {
  const type = e.type ?? '';
  if (SCHEDULED.has(type)) {
    span.attempts += 1;
    delete span.failure;
    span.submitted = false;
    const scheduled = e.taskScheduledEventDetails;
    if (scheduled?.resource?.endsWith('.waitForTaskToken')) {
      span.callback = true;
      const question = approvalQuestion(scheduled.parameters);
      if (question !== undefined) span.question = question;
    }
  } else if (type === 'TaskSubmitted') {
    span.submitted = true;
  } else if (SUCCEEDED.has(type)) {
    span.submitted = false;
    span.callback = false;
  } else if (type.endsWith('StateAborted')) {
    span.open = false;
    span.outcome = 'aborted';
  } else {
    const failure = failureOf(e);
    if (failure) span.failure = failure;
  }
}

/** The error and cause of a failure event of a state (a task's, a Lambda's, a JSONata evaluation's). */
function failureOf(e: HistoryEvent): { error?: string; cause?: string } | undefined {
  const d =
    e.taskFailedEventDetails ??
    e.taskTimedOutEventDetails ??
    e.taskStartFailedEventDetails ??
    e.taskSubmitFailedEventDetails ??
    e.lambdaFunctionFailedEventDetails ??
    e.lambdaFunctionTimedOutEventDetails ??
    e.lambdaFunctionStartFailedEventDetails ??
    e.lambdaFunctionScheduleFailedEventDetails ??
    e.activityFailedEventDetails ??
    e.activityTimedOutEventDetails ??
    e.activityScheduleFailedEventDetails ??
    e.evaluationFailedEventDetails;
  if (d) return { ...(d.error ? { error: d.error } : {}), ...(d.cause ? { cause: d.cause } : {}) };
  if (e.type === 'MapStateFailed' || e.type === 'ParallelStateFailed') return {};
  return undefined;
}

/**
 * A callback request that asks a person: its parameters carry an `approval` object with a `message`
 * (at most three levels down, e.g. an SQS MessageBody), as examples/state-machines/demo-refund-approval does.
 */
export function approvalQuestion(parameters: string | undefined): string | undefined {
  if (!parameters) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(parameters);
  } catch {
    return undefined;
  }
  const find = (v: unknown, depth: number): string | undefined => {
    if (!isObject(v) || depth > 3) return undefined;
    const approval = v.approval;
    if (isObject(approval) && typeof approval.message === 'string') return approval.message;
    for (const child of Object.values(v)) {
      const found = find(child, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return find(value, 0);
}

/** The run state by state name, from the history's events oldest first. */
export function stateRuns(events: readonly HistoryEvent[]): Record<string, StateRun> {
  const reader = new HistoryReader();
  for (const e of events) reader.read(e);
  const byName = new Map<string, Span[]>();
  for (const s of reader.spans) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const runs: Record<string, StateRun> = {};
  for (const [name, spans] of byName) runs[name] = summarise(spans, reader.items.get(name));
  return runs;
}

/** Several entries of one state as one status: an open entry first, then a failure, then the latest. */
function summarise(spans: Span[], items: MapItems | undefined): StateRun {
  const open = spans.filter((s) => s.open);
  const waiting = open.find((s) => s.callback && s.submitted);
  const failed = spans.find((s) => s.outcome === 'failed');
  const latest = spans.at(-1)!;
  const status: StateStatus = waiting
    ? 'waiting'
    : open.length > 0
      ? 'running'
      : failed
        ? 'failed'
        : (latest.outcome ?? 'succeeded');
  const run: StateRun = {
    status,
    entered: spans.length,
    retries: spans.reduce((n, s) => n + Math.max(0, s.attempts - 1), 0),
  };
  if (waiting) {
    run.waitingFor = waiting.question !== undefined ? 'person' : 'callback';
    if (waiting.question !== undefined) run.question = waiting.question;
  }
  const problem = status === 'failed' ? failed?.failure : [...spans].reverse().find((s) => s.caught)?.caught;
  if (problem?.error !== undefined) run.error = problem.error;
  if (problem?.cause !== undefined) run.cause = problem.cause;
  if (items) run.items = { ...items };
  return run;
}
