/**
 * MCP tasks on the SDK's low-level Server, for both task vocabularies:
 *
 * - 2025-11-25 (core "tasks" utility): the client asks with `params.task` on tools/call and gets a
 *   CreateTaskResult `{ task }`; then `tasks/get`, `tasks/result` (blocks until the end) and `tasks/cancel`.
 * - 2026-07-28 (`io.modelcontextprotocol/tasks` extension, SEP-2663): the client declares the extension in
 *   its per-request capabilities and the server decides; a task comes back as `resultType: "task"`, then
 *   `tasks/get` (the result inlined once done), `tasks/cancel` (an empty acknowledgement) and
 *   `tasks/update` (the answers to a task's `inputRequests`).
 *
 * A task whose work waits for the person is `input_required` (src/mcp/input.ts builds its questions).
 *
 * The SDK has no task runtime: these handlers are registered with its 3-argument (schema-explicit)
 * setRequestHandler form, which its era gate accepts for `tasks/get`, `tasks/cancel` and `tasks/update` on 2026-07-28
 * and for all four task methods on 2025 revisions. No store: the task id carries a durable reference
 * (the provider's, e.g. an execution ARN; task-ids.ts), so any server instance can answer for any task.
 */
import {
  CLIENT_CAPABILITIES_META_KEY,
  ProtocolError,
  ProtocolErrorCode,
  RELATED_TASK_META_KEY,
  type Server,
} from '@modelcontextprotocol/server';
import * as z from 'zod';
import { answersOf, canElicitForm, pushAsk, taskInputRequests } from './input.js';
import { TaskRequestError, type TaskProvider, type TaskState, type ToolResult } from './provider.js';

export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';
export type TaskEra = 'legacy' | 'modern';

interface RequestCtx {
  mcpReq: { signal: AbortSignal; envelope?: Record<string, unknown> };
}

/** The 2026-07-28 era carries a per-request `_meta` envelope; 2025 revisions do not. */
export function eraOf(server: Server, ctx: RequestCtx): TaskEra {
  if (ctx.mcpReq.envelope !== undefined) return 'modern';
  const v = server.getNegotiatedProtocolVersion();
  return v !== undefined && v >= '2026' ? 'modern' : 'legacy';
}

/** Whether the 2026-07-28 request declared the tasks extension in its client capabilities. */
export function declaresTasksExtension(ctx: RequestCtx): boolean {
  const caps = ctx.mcpReq.envelope?.[CLIENT_CAPABILITIES_META_KEY] as
    { extensions?: Record<string, unknown> } | undefined;
  return caps?.extensions?.[TASKS_EXTENSION] !== undefined;
}

/** The capabilities to declare: 2025-11-25 `tasks` and the 2026-07-28 extension (the SDK strips `tasks` there). */
export function taskCapabilities(): Record<string, unknown> {
  return {
    tasks: { cancel: {}, requests: { tools: { call: {} } } },
    extensions: { [TASKS_EXTENSION]: {} },
  };
}

/** 2025-11-25 `Task`. */
export function legacyTask(taskId: string, s: TaskState): Record<string, unknown> {
  return {
    taskId,
    status: s.status,
    statusMessage: s.statusMessage,
    createdAt: s.createdAt,
    lastUpdatedAt: s.lastUpdatedAt,
    ttl: s.ttlMs,
    pollInterval: s.pollIntervalMs,
  };
}

/**
 * 2026-07-28 `DetailedTask`. There `failed` is reserved for JSON-RPC errors: a run that ended in a tool
 * error is `completed` with its isError result inlined.
 */
export function modernTask(taskId: string, s: TaskState): Record<string, unknown> {
  const status = s.status === 'failed' ? 'completed' : s.status;
  return {
    taskId,
    status,
    statusMessage: s.statusMessage,
    createdAt: s.createdAt,
    lastUpdatedAt: s.lastUpdatedAt,
    ttlMs: s.ttlMs,
    pollIntervalMs: s.pollIntervalMs,
    ...(status === 'completed' && s.result ? { result: s.result } : {}),
    ...(status === 'input_required' ? { inputRequests: taskInputRequests(s.questions ?? []) } : {}),
  };
}

function createdText(taskId: string, s: TaskState, era: TaskEra): string {
  return (
    `Started as task ${taskId} (${s.statusMessage}). ` +
    (era === 'legacy'
      ? 'Poll tasks/get for its status and call tasks/result for the result; tasks/cancel stops it.'
      : 'Poll tasks/get for its status and result; tasks/cancel stops it.')
  );
}

/**
 * The tools/call answer for a created task. The SDK's tools/call result check wants `content` whenever
 * the body carries other keys, so a short text rides along (any extra field is allowed on a Result).
 */
export function createTaskResult(
  taskId: string,
  s: TaskState,
  era: TaskEra,
): { content: Array<{ type: 'text'; text: string }>; [key: string]: unknown } {
  const content = [{ type: 'text' as const, text: createdText(taskId, s, era) }];
  return era === 'legacy'
    ? { task: legacyTask(taskId, s), content }
    : { resultType: 'task', ...modernTask(taskId, s), content };
}

function toProtocolError(err: unknown): unknown {
  if (err instanceof TaskRequestError) {
    const code =
      err.kind === 'unavailable' ? ProtocolErrorCode.InternalError : ProtocolErrorCode.InvalidParams;
    return new ProtocolError(code, err.message);
  }
  return err;
}

function requireExtension(ctx: RequestCtx): void {
  if (!declaresTasksExtension(ctx)) {
    throw new ProtocolError(
      ProtocolErrorCode.MissingRequiredClientCapability,
      `Missing required client capability: declare the ${TASKS_EXTENSION} extension in the request's client capabilities`,
      { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
    );
  }
}

const TaskIdParams = z.looseObject({ taskId: z.string() });

function withRelatedTask(result: ToolResult, taskId: string): ToolResult {
  return { ...result, _meta: { ...result._meta, [RELATED_TASK_META_KEY]: { taskId } } };
}

/** Registers tasks/get, tasks/result, tasks/cancel and tasks/update on one server instance. */
export function registerTaskHandlers(server: Server, tasks: TaskProvider): void {
  server.setRequestHandler('tasks/get', { params: TaskIdParams }, async (params, ctx) => {
    const era = eraOf(server, ctx);
    if (era === 'modern') requireExtension(ctx);
    try {
      const canAsk = canElicitForm(server, ctx);
      const state = await tasks.getTask(params.taskId, { signal: ctx.mcpReq.signal, canAsk });
      return era === 'modern' ? modernTask(params.taskId, state) : legacyTask(params.taskId, state);
    } catch (err) {
      throw toProtocolError(err);
    }
  });

  // 2025 revisions only: the SDK's era gate answers "Method not found" to it on 2026-07-28, where the
  // extension inlines the result in tasks/get instead.
  server.setRequestHandler('tasks/result', { params: TaskIdParams }, async (params, ctx) => {
    try {
      // A task waiting for the person asks on this request's stream (2025-11-25 input_required).
      const canAsk = canElicitForm(server, ctx);
      const state = await tasks.awaitTask(params.taskId, {
        signal: ctx.mcpReq.signal,
        canAsk,
        ...(canAsk ? { ask: pushAsk(ctx, params.taskId) } : {}),
      });
      const result: ToolResult = state.result ?? {
        content: [{ type: 'text', text: state.statusMessage }],
        ...(state.status === 'completed' ? {} : { isError: true }),
      };
      return withRelatedTask(result, params.taskId);
    } catch (err) {
      throw toProtocolError(err);
    }
  });

  server.setRequestHandler('tasks/cancel', { params: TaskIdParams }, async (params, ctx) => {
    const era = eraOf(server, ctx);
    if (era === 'modern') requireExtension(ctx);
    try {
      const state = await tasks.cancelTask(params.taskId, { signal: ctx.mcpReq.signal });
      return era === 'modern' ? {} : legacyTask(params.taskId, state);
    } catch (err) {
      // 2026-07-28: cancelling a task that already ended is still acknowledged.
      if (era === 'modern' && err instanceof TaskRequestError && err.kind === 'terminal') return {};
      throw toProtocolError(err);
    }
  });

  registerTaskUpdate(server, tasks);
}

/**
 * 2026-07-28 `tasks/update`: the answers to a task's `inputRequests` (the SDK lifts `inputResponses` out
 * of the params into ctx.mcpReq.inputResponses). Acknowledged once handed over; unknown or already
 * answered keys are ignored, as the extension asks.
 */
function registerTaskUpdate(server: Server, tasks: TaskProvider): void {
  const answerTask = tasks.answerTask?.bind(tasks);
  if (!answerTask) return;
  server.setRequestHandler('tasks/update', { params: TaskIdParams }, async (params, ctx) => {
    requireExtension(ctx);
    try {
      await answerTask(params.taskId, answersOf(ctx.mcpReq.inputResponses) ?? {}, {
        signal: ctx.mcpReq.signal,
      });
      return {};
    } catch (err) {
      throw toProtocolError(err);
    }
  });
}
