/**
 * describe_execution's answer in words and as data: the execution as DescribeExecution gives it, and the
 * summary of its history (history-summary.ts). Inputs and outputs are cut to MAX_DATA_CHARS with a note.
 * Pure.
 */
import type { DescribeExecutionOutput } from '@aws-sdk/client-sfn';
import { formatDuration } from '../execution/index.js';
import type { HistorySummary, StateStats } from './history-summary.js';

/** Characters of an input or output shown: enough to read, bounded in a model's context. */
export const MAX_DATA_CHARS = 4_096;
/** States listed before "and N more". */
export const MAX_LISTED_STATES = 50;

export interface Clipped {
  text: string;
  /** Set when the text was cut: how much of it is shown. */
  truncated?: string;
}

/** The text, or its first `max` characters with a note saying how long it was. */
export function clip(text: string, max = MAX_DATA_CHARS): Clipped {
  if (text.length <= max) return { text };
  const shown = `first ${max.toLocaleString('en-US')} of ${text.length.toLocaleString('en-US')} characters`;
  return { text: `${text.slice(0, max)}…`, truncated: shown };
}

export interface DescribedExecution {
  execution: DescribeExecutionOutput;
  /** Undefined when the history could not be read; `historyProblem` then says why. */
  history?: HistorySummary;
  historyProblem?: string;
  /** False when the history had more events than were read. */
  historyComplete?: boolean;
  failedInput?: string;
  /** Elapsed time of a running execution is measured against this. */
  now: Date;
}

/** The answer's text. */
export function describeText(d: DescribedExecution): string {
  const e = d.execution;
  const lines = [`Execution ${e.name ?? '?'}: ${e.status ?? 'UNKNOWN'}`, `ARN: ${e.executionArn ?? '?'}`];
  lines.push(timesLine(e, d.now));
  if (e.redriveCount)
    lines.push(`Redriven ${e.redriveCount} time(s), last at ${e.redriveDate?.toISOString() ?? '?'}`);
  if (e.redriveStatus) {
    lines.push(`Redrive: ${e.redriveStatus}${e.redriveStatusReason ? ` (${e.redriveStatusReason})` : ''}`);
  }
  lines.push(...failureLines(d));
  lines.push(...dataLines('Input', e.input), ...dataLines('Output', e.output));
  if (d.history) lines.push(...historyLines(d.history, d.historyComplete !== false));
  else lines.push(`History: not read (${d.historyProblem ?? 'unknown reason'}).`);
  return lines.join('\n');
}

function timesLine(e: DescribeExecutionOutput, now: Date): string {
  const start = e.startDate;
  if (!start) return 'Started: unknown';
  if (!e.stopDate)
    return `Started ${start.toISOString()}, running for ${formatDuration(now.getTime() - start.getTime())}`;
  const took = formatDuration(e.stopDate.getTime() - start.getTime());
  return `Started ${start.toISOString()}, stopped ${e.stopDate.toISOString()} (${took})`;
}

function failureLines(d: DescribedExecution): string[] {
  const failure = d.history?.failure;
  const error = failure?.error ?? d.execution.error;
  const cause = failure?.cause ?? d.execution.cause;
  if (!failure && error === undefined && cause === undefined) return [];
  const where = failure?.state !== undefined ? ` in state ${JSON.stringify(failure.state)}` : '';
  const why = [error, cause].filter((s): s is string => s !== undefined).join(': ');
  const lines = [`Failed${where}${why ? `: ${why}` : ''}`];
  if (d.failedInput !== undefined) lines.push(...dataLines('Input of the failed state', d.failedInput));
  return lines;
}

function dataLines(label: string, data: string | undefined): string[] {
  if (data === undefined) return [];
  const clipped = clip(data);
  return [`${label}${clipped.truncated ? ` (truncated: ${clipped.truncated})` : ''}: ${clipped.text}`];
}

function historyLines(h: HistorySummary, complete: boolean): string[] {
  const head =
    `History: ${h.events.toLocaleString('en-US')} event(s)${complete ? '' : ' (the newest only: older events not read)'}` +
    `, ${h.states.length} state(s)${h.redrives ? `, redriven ${h.redrives} time(s)` : ''}` +
    `${h.currentState !== undefined ? `; now in state ${JSON.stringify(h.currentState)}` : ''}:`;
  const listed = h.states.slice(0, MAX_LISTED_STATES).map((s) => `- ${stateLine(s)}`);
  const more =
    h.states.length > MAX_LISTED_STATES ? [`... and ${h.states.length - MAX_LISTED_STATES} more states`] : [];
  return [head, ...listed, ...more];
}

/** `ChargeCard (Task): 2 visits, 1 not completed, 1.5 s in all, longest 1.2 s, 2 retries, errors: E ×2` */
export function stateLine(s: StateStats): string {
  const parts = [`${s.visits} visit(s)`];
  if (s.completed < s.visits) parts.push(`${s.visits - s.completed} not completed`);
  if (s.completed > 0) {
    parts.push(
      s.completed > 1
        ? `${formatDuration(s.totalMs)} in all, longest ${formatDuration(s.longestMs)}`
        : formatDuration(s.totalMs),
    );
  }
  if (s.retries > 0) parts.push(`${s.retries} retr${s.retries === 1 ? 'y' : 'ies'}`);
  const errors = Object.entries(s.errors).map(([name, n]) => `${name} ×${n}`);
  if (errors.length > 0) parts.push(`errors: ${errors.join(', ')}`);
  if (s.map) {
    const it = s.map.iterations;
    if (s.map.items > 0 || it.started > 0) {
      parts.push(
        `${s.map.items} item(s); iterations ${it.started} started, ${it.succeeded} succeeded, ${it.failed} failed` +
          (it.aborted > 0 ? `, ${it.aborted} aborted` : ''),
      );
    }
    if (s.map.mapRuns.length > 0) parts.push(`Map Run(s): ${s.map.mapRuns.join(', ')}`);
  }
  if (s.parallelBranches !== undefined) parts.push(`${s.parallelBranches} branch(es)`);
  return `${s.name} (${s.type}): ${parts.join(', ')}`;
}

/** The same answer as data (structuredContent). */
export function describeData(d: DescribedExecution): Record<string, unknown> {
  const e = d.execution;
  const input = e.input !== undefined ? clip(e.input) : undefined;
  const output = e.output !== undefined ? clip(e.output) : undefined;
  const failedInput = d.failedInput !== undefined ? clip(d.failedInput) : undefined;
  return {
    executionArn: e.executionArn,
    name: e.name,
    status: e.status,
    stateMachineArn: e.stateMachineArn,
    startDate: e.startDate?.toISOString(),
    ...(e.stopDate ? { stopDate: e.stopDate.toISOString() } : {}),
    ...(e.error !== undefined ? { error: e.error } : {}),
    ...(e.cause !== undefined ? { cause: e.cause } : {}),
    ...(input ? { input: input.text, ...(input.truncated ? { inputTruncated: input.truncated } : {}) } : {}),
    ...(output
      ? { output: output.text, ...(output.truncated ? { outputTruncated: output.truncated } : {}) }
      : {}),
    ...(e.redriveCount ? { redriveCount: e.redriveCount } : {}),
    ...(e.redriveStatus ? { redriveStatus: e.redriveStatus } : {}),
    ...(d.history
      ? { history: d.history, historyComplete: d.historyComplete !== false }
      : { historyProblem: d.historyProblem }),
    ...(failedInput
      ? {
          failedStateInput: failedInput.text,
          ...(failedInput.truncated ? { failedStateInputTruncated: failedInput.truncated } : {}),
        }
      : {}),
  };
}
