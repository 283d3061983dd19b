/**
 * MCP tasks on the bridge: a task is a Standard execution, and the task id is its execution ARN
 * (encoded by src/mcp/tasks.ts), so any server instance can answer for any task.
 */
import {
  RESULT_TOOL,
  awaitSnapshot,
  checkExecutionArn,
  executionSnapshot,
  startExecution,
  stopExecution,
  taskStateOf,
  traceHeaderFor,
  typedResult,
  type ExecutionCheck,
  type SnapshotOutcome,
} from '../execution/index.js';
import type { MachineTool } from '../catalog/types.js';
import {
  TaskRequestError,
  type Answer,
  type TaskCallContext,
  type TaskProvider,
  type TaskStart,
  type TaskState,
} from '../mcp/provider.js';
import { decodeTaskId, encodeTaskId } from '../mcp/task-ids.js';
import { operationsToolNames } from '../operations/index.js';
import { confirmHook } from './person-calls.js';
import { answerTaskApprovals, awaitWithPerson, withApprovalState } from './person-tasks.js';
import type { Reach } from './questions.js';
import {
  isTaskCapable,
  SHUTTING_DOWN_MESSAGE,
  shuttingDown,
  visibleTo,
  type BridgeShared,
} from './shared.js';

/** The TaskProvider of the bridge. Calls are counted by the Bridge, which wraps every method. */
export class BridgeTasks implements TaskProvider {
  constructor(private readonly shared: BridgeShared) {}

  /** `reach`: whether the client called the machine's own tool or run_workflow, for the person's texts. */
  async startTask(
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: TaskCallContext,
    reach: Reach = 'own-tool',
  ): Promise<TaskStart | undefined> {
    const { shared } = this;
    // The companion and operations tools and Express tools answer in the call itself (no taskSupport in tools/list).
    if (shared.config.resultTool && name === RESULT_TOOL) return { kind: 'not-task-capable' };
    if (operationsToolNames(shared.config.operations).includes(name)) return { kind: 'not-task-capable' };
    const tool = (await shared.machineTools()).find((t) => t.name === name);
    if (!tool) return undefined;
    if (!isTaskCapable(tool)) return { kind: 'not-task-capable' };
    if (shared.calls.draining) return { kind: 'refused', result: shuttingDown() };
    const confirm = confirmHook(shared, tool, args, ctx, reach);
    const traceHeader = traceHeaderFor(ctx.traceparent, shared.log);
    const started = await startExecution(shared.clients, tool, args ?? {}, {
      log: shared.log,
      signal: ctx.signal,
      stopOnCancel: shared.config.stopOnCancel,
      ...confirm.run,
      ...(traceHeader !== undefined ? { traceHeader } : {}),
    });
    const held = confirm.held();
    if (held) return { kind: 'input', input: held };
    if (!started.ok) return { kind: 'refused', result: started.error };
    const { executionArn, startDate } = started.value;
    const task = taskStateOf(
      { executionArn, status: 'RUNNING', ...(startDate ? { startDate } : {}) },
      new Date(),
    );
    shared.log.info({ tool: name, executionArn }, 'task created');
    return { kind: 'task', taskId: encodeTaskId(executionArn), task };
  }

  async getTask(taskId: string, ctx: TaskCallContext): Promise<TaskState> {
    const { shared } = this;
    const { executionArn, tool } = await this.taskExecution(taskId, ctx);
    const outcome = await executionSnapshot(shared.clients.sfn, executionArn, {
      log: shared.log,
      signal: ctx.signal,
      statePacer: shared.statePacer,
      readState: true,
    });
    const state = typedTask(tool, taskStateOf(snapshotOf(outcome, taskId), new Date()));
    return withApprovalState(shared, tool, executionArn, state, ctx);
  }

  async awaitTask(taskId: string, ctx: TaskCallContext): Promise<TaskState> {
    const { shared } = this;
    if (shared.calls.draining) throw new TaskRequestError('unavailable', SHUTTING_DOWN_MESSAGE);
    const { executionArn, tool } = await this.taskExecution(taskId, ctx);
    const outcome = await awaitWithPerson(shared, tool, executionArn, ctx, (interrupt) =>
      awaitSnapshot(shared.clients.sfn, executionArn, {
        log: shared.log,
        signal: ctx.signal,
        release: shared.calls.release,
        ...(interrupt ? { interrupt } : {}),
      }),
    );
    return typedTask(tool, taskStateOf(snapshotOf(outcome, taskId), new Date()));
  }

  async answerTask(taskId: string, answers: Record<string, Answer>, ctx: TaskCallContext): Promise<void> {
    const { executionArn } = await this.taskExecution(taskId, ctx);
    await answerTaskApprovals(this.shared, executionArn, answers, ctx);
  }

  async cancelTask(taskId: string, ctx: TaskCallContext): Promise<TaskState> {
    const { shared } = this;
    const { executionArn } = await this.taskExecution(taskId, ctx);
    const before = snapshotOf(
      await executionSnapshot(shared.clients.sfn, executionArn, {
        log: shared.log,
        signal: ctx.signal,
      }),
      taskId,
    );
    const state = taskStateOf(before, new Date());
    if (state.status !== 'working') {
      throw new TaskRequestError(
        'terminal',
        `Cannot cancel task: already in terminal status '${state.status}' (execution ${before.status})`,
      );
    }
    const stopped = await stopExecution(shared.clients, executionArn, {
      log: shared.log,
      cause: 'The MCP client cancelled the task (tasks/cancel).',
    });
    if (stopped !== 'requested') {
      throw new TaskRequestError(
        'unavailable',
        `Could not stop execution ${executionArn} (StopExecution failed); the task may still be running.`,
      );
    }
    const now = new Date().toISOString();
    return {
      ...state,
      status: 'cancelled',
      statusMessage: 'Execution ABORTED by tasks/cancel',
      lastUpdatedAt: now,
    };
  }

  /** The execution behind a task id, if it belongs to a selected machine; anything else is "not found". */
  private async taskExecution(taskId: string, ctx: TaskCallContext): Promise<ExecutionCheckValue> {
    const ref = decodeTaskId(taskId);
    if (ref === undefined) {
      throw new TaskRequestError(
        'not-found',
        'Failed to retrieve task: Task not found (not a task id of this server)',
      );
    }
    const check = checkExecutionArn(ref, visibleTo(await this.shared.machineTools(), ctx));
    if (!check.ok) {
      throw new TaskRequestError(
        'not-found',
        'Failed to retrieve task: Task not found (it does not belong to a workflow this server serves)',
      );
    }
    return check.value;
  }
}

type ExecutionCheckValue = Extract<ExecutionCheck, { ok: true }>['value'];

/**
 * A task's result as its tool's output schema types it (src/execution/typed-output.ts): an output that
 * does not conform makes the task's result an error, so the task fails with its first line.
 */
function typedTask(tool: MachineTool, state: TaskState): TaskState {
  if (!state.result) return state;
  const result = typedResult(tool, state.result, { declared: true });
  if (!result.isError || state.status !== 'completed') return { ...state, result };
  return { ...state, result, status: 'failed', statusMessage: result.content[0]?.text.split('\n')[0] ?? '' };
}

/** The execution's snapshot, or the TaskRequestError that says why there is none. */
function snapshotOf(outcome: SnapshotOutcome, taskId: string) {
  if (outcome.ok) return outcome.value;
  const failure = outcome.error;
  switch (failure.reason) {
    case 'not-found':
      throw new TaskRequestError('not-found', `Failed to retrieve task: Task not found (${failure.message})`);
    case 'released':
      throw new TaskRequestError('unavailable', `${SHUTTING_DOWN_MESSAGE} The task ${taskId} is unaffected.`);
    case 'aborted':
      throw new TaskRequestError('unavailable', 'The request was cancelled by the client.');
    default:
      throw new TaskRequestError(
        'unavailable',
        `AWS error in DescribeExecution: ${failure.name}: ${failure.message}. Try again later.`,
      );
  }
}
