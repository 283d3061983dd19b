/**
 * Task ids: a versioned prefix and a durable reference (the provider's, e.g. an execution ARN) in
 * base64url, so any server instance can answer for any task. Kept apart from tasks.ts (the MCP SDK's
 * handlers) so that the catalogue and the bridge load without the SDK. Pure.
 */
const TASK_ID_PREFIX = 'sfn.v1.';
const MAX_TASK_ID_LENGTH = 2048;

/** A task id from a durable reference. */
export function encodeTaskId(ref: string): string {
  return TASK_ID_PREFIX + Buffer.from(ref, 'utf8').toString('base64url');
}

/** The reference inside a task id; undefined when the id was not made by encodeTaskId. */
export function decodeTaskId(taskId: unknown): string | undefined {
  if (typeof taskId !== 'string' || taskId.length > MAX_TASK_ID_LENGTH || !taskId.startsWith(TASK_ID_PREFIX))
    return undefined;
  const body = taskId.slice(TASK_ID_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return undefined;
  const ref = Buffer.from(body, 'base64url').toString('utf8');
  // Canonical encodings only, so one reference has exactly one task id.
  return encodeTaskId(ref) === taskId ? ref : undefined;
}
