/**
 * The approval convention: how a `.waitForTaskToken` Task says that its answer is a person's decision.
 * Somewhere in the Task's parameters (an SQS MessageBody, a Lambda Payload, an SNS Message or an
 * EventBridge Detail, as an object or as a JSON string) sits one object holding the task token and the
 * request beside it:
 *
 *   { "TaskToken": "<$$.Task.Token>", "approval": { "message": "Refund 250 USD?", "schema": { ... } } }
 *
 * `approval.message` (required, text) is what the person reads; `approval.schema` (optional) is the JSON
 * Schema of the answer. The server finds it in the TaskScheduled event of the execution history, where
 * Step Functions records the parameters with the token resolved. Pure: no I/O here.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { isObject } from '../result.js';

/** The keys a token may have beside `approval` (the first is the documented one). */
export const TOKEN_KEYS = ['TaskToken', 'taskToken'] as const;
export const APPROVAL_KEY = 'approval';

/** The request one callback Task carries. */
export interface ApprovalRequest {
  message: string;
  /** The JSON Schema of the answer; absent = a yes-or-no decision with no fields. */
  schema?: Record<string, unknown>;
  token: string;
}

/** An approval waiting for its answer, as the history shows it. */
export interface PendingApproval extends ApprovalRequest {
  /** The TaskScheduled event's id: unique within the execution, so it names this one request. */
  eventId: number;
  /** The Task state's name ("" when the history page does not reach its TaskStateEntered). */
  state: string;
}

/** Parameters nest this deep at most before the search gives up (real payloads are shallow). */
const MAX_DEPTH = 8;

/** The approval request in a Task's parameters (the TaskScheduled `parameters` JSON text), if any. */
export function approvalInParameters(parameters: string | undefined): ApprovalRequest | undefined {
  if (parameters === undefined) return undefined;
  return findRequest(parseJson(parameters), 0);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function findRequest(value: unknown, depth: number): ApprovalRequest | undefined {
  if (depth > MAX_DEPTH) return undefined;
  // A message body given as a JSON string (SQS MessageBody, SNS Message) is searched too.
  if (typeof value === 'string' && value.trimStart().startsWith('{'))
    return findRequest(parseJson(value), depth + 1);
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findRequest(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const here = requestIn(value);
  if (here) return here;
  for (const child of Object.values(value)) {
    const found = findRequest(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The request when this very object holds a token and an `approval` with a message. */
function requestIn(object: Record<string, unknown>): ApprovalRequest | undefined {
  const approval = object[APPROVAL_KEY];
  if (!isObject(approval) || typeof approval.message !== 'string') return undefined;
  const token = TOKEN_KEYS.map((k) => object[k]).find((t): t is string => typeof t === 'string' && t !== '');
  if (token === undefined) return undefined;
  return {
    message: approval.message,
    ...(isObject(approval.schema) ? { schema: approval.schema } : {}),
    token,
  };
}

/** Events that follow a scheduled callback Task while it still waits for its answer. */
const STILL_WAITING = new Set(['TaskStarted', 'TaskSubmitted']);

/**
 * The approvals an execution waits for, oldest first, from its history (newest first, as
 * GetExecutionHistory with reverseOrder returns it, with execution data). A TaskScheduled with the
 * convention is pending while nothing but TaskStarted and TaskSubmitted follows it on its chain of
 * `previousEventId` links: its TaskSucceeded, TaskFailed, TaskTimedOut, or anything that ended its
 * state, closes it.
 */
export function pendingApprovals(newestFirst: readonly HistoryEvent[]): PendingApproval[] {
  const byId = new Map<number, HistoryEvent>();
  const children = new Map<number, HistoryEvent[]>();
  for (const e of newestFirst) {
    if (e.id !== undefined) byId.set(e.id, e);
    if (e.previousEventId !== undefined) {
      const list = children.get(e.previousEventId) ?? [];
      list.push(e);
      children.set(e.previousEventId, list);
    }
  }
  const pending: PendingApproval[] = [];
  for (const e of newestFirst) {
    if (e.type !== 'TaskScheduled' || e.id === undefined) continue;
    const request = approvalInParameters(e.taskScheduledEventDetails?.parameters);
    if (!request || !stillWaiting(e.id, children)) continue;
    const entered = e.previousEventId !== undefined ? byId.get(e.previousEventId) : undefined;
    pending.push({ ...request, eventId: e.id, state: entered?.stateEnteredEventDetails?.name ?? '' });
  }
  return pending.reverse();
}

function stillWaiting(scheduledId: number, children: ReadonlyMap<number, HistoryEvent[]>): boolean {
  const queue = [scheduledId];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const next of children.get(id) ?? []) {
      if (!STILL_WAITING.has(next.type ?? '')) return false;
      if (next.id !== undefined) queue.push(next.id);
    }
  }
  return true;
}
