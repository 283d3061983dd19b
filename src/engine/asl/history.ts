import type { HistoryEventRecord } from '../store.js';

/**
 * Writes GetExecutionHistory events with AWS's types and detail members. Ids count up per execution;
 * `previousEventId` follows each thread of work (the execution, a Parallel branch, a Map iteration) the way
 * AWS links them: a state's events point at the previous event of the same thread, the first state of the
 * execution at 0.
 */

export function jsonText(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

export class HistoryWriter {
  /** Set once the terminal event is written: nothing is recorded after it. */
  private closed = false;

  constructor(private readonly events: HistoryEventRecord[]) {}

  get ended(): boolean {
    return this.closed;
  }

  /** Appends an event; returns its id, or 0 once the execution has ended. */
  add(type: string, details: Record<string, unknown>, previousEventId: number, at = Date.now()): number {
    if (this.closed) return 0;
    const id = (this.events.at(-1)?.id ?? 0) + 1;
    this.events.push({ id, previousEventId, timestamp: at, type, details });
    return id;
  }

  /** Writes the execution's last event. */
  finish(type: string, details: Record<string, unknown>, previousEventId: number, at = Date.now()): void {
    this.add(type, details, previousEventId, at);
    this.closed = true;
  }

  /** Re-opens an ended history for a redrive. */
  reopen(): void {
    this.closed = false;
  }

  lastId(): number {
    return this.events.at(-1)?.id ?? 0;
  }
}

/** One thread of events: each new event points at the one before it on the same thread. */
export class HistoryThread {
  constructor(
    private readonly writer: HistoryWriter,
    /** The id the next event points at. */
    public last: number,
  ) {}

  add(type: string, details: Record<string, unknown> = {}): number {
    const id = this.writer.add(type, details, this.last);
    if (id > 0) this.last = id;
    return id;
  }

  /** An event that points at `previous` rather than at the thread's last one (AWS's EvaluationFailed). */
  addAfter(previous: number, type: string, details: Record<string, unknown>): number {
    const id = this.writer.add(type, details, previous);
    if (id > 0) this.last = id;
    return id;
  }

  /** A thread for a branch or iteration that starts after this thread's last event. */
  fork(): HistoryThread {
    return new HistoryThread(this.writer, this.last);
  }
}

export function enteredDetails(name: string, input: unknown): Record<string, unknown> {
  return { stateEnteredEventDetails: { name, input: jsonText(input), inputDetails: { truncated: false } } };
}

export function exitedDetails(
  name: string,
  output: unknown,
  assigned: Record<string, string> | undefined,
): Record<string, unknown> {
  return {
    stateExitedEventDetails: {
      name,
      output: jsonText(output),
      outputDetails: { truncated: false },
      ...(assigned && Object.keys(assigned).length > 0
        ? { assignedVariables: assigned, assignedVariablesDetails: { truncated: false } }
        : {}),
    },
  };
}

/** `{ "<camelType>EventDetails": details }`, the member the SDK reads for an event type. */
export function detailsOf(type: string, details: Record<string, unknown>): Record<string, unknown> {
  return { [`${type[0]!.toLowerCase()}${type.slice(1)}EventDetails`]: details };
}
