/**
 * What describe_execution keeps of each history event while it reads the pages: the event without its
 * data (inputs, outputs, Task parameters can each be 256 KiB, and a history holds up to 25,000 events),
 * and, followed newest event first, the input of the state the execution failed in. Pure.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { isObject } from '../result.js';

/** Detail fields that carry execution data rather than what happened. */
const DATA_FIELDS = new Set([
  'input',
  'output',
  'inputDetails',
  'outputDetails',
  'parameters',
  'assignedVariables',
  'assignedVariablesDetails',
]);
/** A cause is kept to this many characters: enough to explain, bounded over thousands of events. */
export const MAX_KEPT_CAUSE = 2_000;

/** The event with its data fields dropped and a long cause cut. */
export function withoutData(e: HistoryEvent): HistoryEvent {
  const slim: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(e)) {
    slim[key] = key.endsWith('EventDetails') && isObject(value) ? detailsWithoutData(value) : value;
  }
  return slim as unknown as HistoryEvent;
}

function detailsWithoutData(details: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (DATA_FIELDS.has(key)) continue;
    kept[key] =
      key === 'cause' && typeof value === 'string' && value.length > MAX_KEPT_CAUSE
        ? `${value.slice(0, MAX_KEPT_CAUSE)}…`
        : value;
  }
  return kept;
}

const FAILED_ENDS = new Set(['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);

/**
 * The input of the state an execution failed in. Fed the events newest first, it follows the
 * `previousEventId` chain from the failure back to that state's entry, which holds the input (when the
 * events were read with their data). Only the newest event decides whether there is a failure at all.
 */
export class FailedStateInput {
  private target: number | undefined;
  private done = false;
  /** The entry's input, once found. */
  input: string | undefined;

  see(e: HistoryEvent): void {
    if (this.done) return;
    if (this.target === undefined) {
      this.target = FAILED_ENDS.has(e.type ?? '') ? e.previousEventId : undefined;
      this.done = this.target === undefined;
      return;
    }
    if (e.id !== this.target) return;
    if (e.stateEnteredEventDetails) {
      this.input = e.stateEnteredEventDetails.input;
      this.done = true;
      return;
    }
    this.target = e.previousEventId;
    this.done = this.target === undefined;
  }
}
