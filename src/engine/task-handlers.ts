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
  /**
   * Set for a `.waitForTaskToken` Task: the token that SendTaskSuccess / SendTaskFailure /
   * SendTaskHeartbeat answer. The handler's return value is what the integration answered on submit.
   */
  taskToken?: string;
  /** A Task's `Credentials`: the role it names, which the local engine does not assume. */
  credentials?: { roleArn: string; assumed: false };
  /** Aborted when the execution is stopped, the attempt times out or the engine closes. */
  signal: AbortSignal;
}

export type TaskHandler = (input: unknown, context: TaskContext) => unknown;
export type TaskHandlers = Readonly<Record<string, TaskHandler>>;

export const NO_TASK_HANDLER = 'Local.NoTaskHandler';

/** The error a failed task reports to Retry and Catch: `name` is the error, `message` the cause. */
export class TaskError extends Error {
  constructor(
    name: string,
    message: string,
    /** Neither retried nor caught (a packaging mistake, not a task failure). */
    readonly terminal = false,
  ) {
    super(message);
    this.name = name;
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

export function noHandler(context: Pick<TaskContext, 'stateName' | 'resource'>): TaskError {
  return new TaskError(
    NO_TASK_HANDLER,
    `No local handler for Task state '${context.stateName}'${context.resource ? ` (Resource ${context.resource})` : ''}; ` +
      `export one from handlers.mjs keyed by the state name or its Resource`,
    true,
  );
}

/** Runs one handler: its result as JSON (undefined becomes null), or a TaskError. */
export async function callHandler(
  handler: TaskHandler,
  input: unknown,
  context: TaskContext,
): Promise<unknown> {
  let output: unknown;
  try {
    output = await handler(input, context);
  } catch (err) {
    throw toTaskError(err);
  }
  if (output === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(output)) as unknown;
  } catch (err) {
    throw new TaskError(
      'Local.InvalidTaskOutput',
      `The handler of Task state '${context.stateName}' returned a value that is not JSON: ${errorMessage(err)}`,
    );
  }
}
