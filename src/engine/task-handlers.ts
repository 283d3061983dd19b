import { errorMessage } from '../result.js';

/**
 * Local Task handlers: the functions a folder ships in handlers.mjs. Every
 * Task state runs one of these; the engine never calls Lambda or any AWS API.
 */

export interface TaskContext {
  stateName: string;
  resource?: string;
  executionArn: string;
  executionName: string;
  stateMachineArn: string;
  stateMachineName: string;
  /** Aborted when the execution is stopped or the engine closes. */
  signal: AbortSignal;
}

export type TaskHandler = (input: unknown, context: TaskContext) => unknown;
export type TaskHandlers = Readonly<Record<string, TaskHandler>>;

export const NO_TASK_HANDLER = 'Local.NoTaskHandler';

/**
 * The error a failed task reports to Retry and Catch (the library matches on
 * `name`, reports `message` as the cause, and honours isRetryable/isCatchable).
 */
export class TaskError extends Error {
  constructor(
    name: string,
    message: string,
    private readonly recoverable = true,
  ) {
    super(message);
    this.name = name;
  }
  get isRetryable(): boolean {
    return this.recoverable;
  }
  get isCatchable(): boolean {
    return this.recoverable;
  }
}

/** Maps whatever a handler threw to the task's error and cause. */
export function toTaskError(thrown: unknown): TaskError {
  if (thrown instanceof TaskError) return thrown;
  if (thrown instanceof Error) {
    const custom = (thrown as Error & { error?: unknown }).error;
    return new TaskError(
      typeof custom === 'string' && custom ? custom : thrown.name || 'Error',
      thrown.message,
    );
  }
  let cause: string;
  try {
    cause = typeof thrown === 'string' ? thrown : (JSON.stringify(thrown) ?? String(thrown));
  } catch {
    cause = String(thrown);
  }
  return new TaskError('Error', cause);
}

export function findHandler(
  handlers: TaskHandlers,
  stateName: string,
  resource: string | undefined,
): TaskHandler | undefined {
  if (Object.hasOwn(handlers, stateName)) return handlers[stateName];
  if (resource !== undefined && Object.hasOwn(handlers, resource)) return handlers[resource];
  return undefined;
}

/** Runs one task: the handler's result as JSON, or a TaskError the state machine can retry or catch. */
export async function invokeTask(
  handler: TaskHandler | undefined,
  input: unknown,
  context: TaskContext,
): Promise<unknown> {
  if (!handler) {
    // Neither retryable nor catchable: a missing handler is a packaging mistake, not a task failure.
    throw new TaskError(
      NO_TASK_HANDLER,
      `No local handler for Task state '${context.stateName}'${context.resource ? ` (Resource ${context.resource})` : ''}; ` +
        `export one from handlers.mjs keyed by the state name or its Resource`,
      false,
    );
  }
  const { signal } = context;
  if (signal.aborted) throw stopped();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(stopped());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const output = await Promise.race([Promise.resolve().then(() => handler(input, context)), aborted]);
    return toJson(output, context.stateName);
  } catch (err) {
    throw toTaskError(err);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

// Not recoverable, so a stopped execution does not retry or catch its way onwards.
function stopped(): TaskError {
  return new TaskError('States.Aborted', 'The execution was stopped', false);
}

function toJson(output: unknown, stateName: string): unknown {
  if (output === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(output)) as unknown;
  } catch (err) {
    throw new TaskError(
      'Local.InvalidTaskOutput',
      `The handler of Task state '${stateName}' returned a value that is not JSON: ${errorMessage(err)}`,
    );
  }
}
