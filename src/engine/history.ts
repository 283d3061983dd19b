import type { StateMachine } from 'aws-local-stepfunctions';
import { taskResourceParts } from '../aws/arn.js';
import type { HistoryEventRecord } from './store.js';

/** Turns the library's event log into GetExecutionHistory events with AWS's types and detail members. */

export type LibraryEvent =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

export function jsonText(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

export function causeText(cause: unknown): string {
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  try {
    return JSON.stringify(cause) ?? String(cause);
  } catch {
    return String(cause);
  }
}

export class HistoryRecorder {
  /** Set once the terminal event is written; later library events are dropped. */
  private closed = false;

  constructor(
    private readonly events: HistoryEventRecord[],
    private readonly tasks: ReadonlyMap<string, string>,
    private readonly region: string,
  ) {}

  add(type: string, details: Record<string, unknown> = {}, at = Date.now()): void {
    if (this.closed) return;
    const previous = this.events.at(-1);
    this.events.push({
      id: (previous?.id ?? 0) + 1,
      previousEventId: previous?.id ?? 0,
      timestamp: at,
      type,
      details,
    });
  }

  /** Writes the execution's last event; nothing is recorded after it. */
  finish(type: string, details: Record<string, unknown>, at = Date.now()): void {
    this.add(type, details, at);
    this.closed = true;
  }

  fromLibrary(event: LibraryEvent): void {
    const at = event.timestamp;
    switch (event.type) {
      case 'StateEntered': {
        const { name, type, input } = event.state;
        this.add(
          `${type}StateEntered`,
          { stateEnteredEventDetails: { name, input: jsonText(input), inputDetails: { truncated: false } } },
          at,
        );
        if (type === 'Task') this.taskAttempt(name, at);
        return;
      }
      case 'StateExited': {
        const { name, type, output } = event.state;
        if (type === 'Task')
          this.add('TaskSucceeded', { taskSucceededEventDetails: this.resourceOf(name) }, at);
        this.add(
          `${type}StateExited`,
          {
            stateExitedEventDetails: { name, output: jsonText(output), outputDetails: { truncated: false } },
          },
          at,
        );
        return;
      }
      case 'StateFailed': {
        const { name, type } = event.state;
        if (type === 'Task') {
          this.add(
            'TaskFailed',
            {
              taskFailedEventDetails: {
                ...this.resourceOf(name),
                error: event.Error,
                cause: causeText(event.Cause),
              },
            },
            at,
          );
        } else if (type === 'Map' || type === 'Parallel') {
          this.add(`${type}StateFailed`, {}, at);
        }
        return;
      }
      case 'StateRetried':
        if (event.state.type === 'Task') this.taskAttempt(event.state.name, at);
        return;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const key = `${event.type[0]!.toLowerCase()}${event.type.slice(1)}EventDetails`;
        this.add(event.type, { [key]: { name: event.parentState.name, index: event.index } }, at);
        return;
      }
      default:
        // Execution start and end are written by the runner, which knows how the run ended;
        // StateCaught and Parallel branch events have no AWS counterpart.
        return;
    }
  }

  private taskAttempt(stateName: string, at: number): void {
    const resource = this.resourceOf(stateName);
    this.add('TaskScheduled', { taskScheduledEventDetails: { ...resource, region: this.region } }, at);
    this.add('TaskStarted', { taskStartedEventDetails: resource }, at);
  }

  private resourceOf(stateName: string): { resourceType: string; resource: string } {
    return taskResourceParts(this.tasks.get(stateName) ?? stateName);
  }
}
