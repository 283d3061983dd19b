/**
 * An execution seen as an MCP task, in protocol-neutral terms (the MCP layer turns it into each revision's
 * wire shape). Pure.
 */
import { formatDuration, isTerminal, progressMessage } from './results.js';
import type { ExecutionSnapshot } from './snapshot.js';
import type { ToolCallResult } from './types.js';

/**
 * `failed` means the execution ended without success (FAILED, TIMED_OUT): its result is an isError tool
 * result. `cancelled` is ABORTED.
 */
export type NeutralTaskStatus = 'working' | 'completed' | 'failed' | 'cancelled';

export interface NeutralTaskState {
  status: NeutralTaskStatus;
  statusMessage: string;
  createdAt: string;
  lastUpdatedAt: string;
  /** How long after creation the task can still be read; null while the execution runs. */
  ttlMs: number | null;
  pollIntervalMs: number;
  /** The tool result, once the execution has ended. */
  result?: ToolCallResult;
}

/** Step Functions keeps a closed Standard execution readable for 90 days. */
export const RETENTION_MS = 90 * 24 * 3600 * 1000;

export function taskStatusOf(sfnStatus: string): NeutralTaskStatus {
  switch (sfnStatus) {
    case 'SUCCEEDED':
      return 'completed';
    case 'ABORTED':
      return 'cancelled';
    case 'FAILED':
    case 'TIMED_OUT':
      return 'failed';
    default:
      // RUNNING, PENDING_REDRIVE (and any status AWS adds later that is not terminal).
      return isTerminal(sfnStatus) ? 'failed' : 'working';
  }
}

/** Poll quickly while a run is young, then less and less often. */
export function pollIntervalFor(elapsedMs: number): number {
  if (elapsedMs < 60_000) return 1_000;
  if (elapsedMs < 10 * 60_000) return 5_000;
  return 30_000;
}

export function taskStateOf(s: ExecutionSnapshot, now: Date): NeutralTaskState {
  const status = taskStatusOf(s.status);
  const created = s.startDate ?? now;
  const updated = s.stopDate ?? now;
  const elapsedMs = Math.max(0, updated.getTime() - created.getTime());
  const finished = status !== 'working';
  let statusMessage: string;
  if (!finished) {
    statusMessage = progressMessage(s.status, elapsedMs, s.state);
  } else if (status === 'completed') {
    statusMessage = `Execution SUCCEEDED after ${formatDuration(elapsedMs)}`;
  } else {
    // The failure summary: `Execution FAILED in state "X": Error: cause`.
    statusMessage = s.result?.content[0]?.text.split('\n')[0] ?? `Execution ${s.status}`;
  }
  return {
    status,
    statusMessage,
    createdAt: created.toISOString(),
    lastUpdatedAt: updated.toISOString(),
    ttlMs: s.stopDate ? s.stopDate.getTime() + RETENTION_MS - created.getTime() : null,
    pollIntervalMs: pollIntervalFor(elapsedMs),
    ...(finished && s.result ? { result: s.result } : {}),
  };
}
