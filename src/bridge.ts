import type { AwsClients } from './aws/clients.js';
import type { Catalog, MachineTool } from './catalog/types.js';
import { LiveCatalog } from './catalog/live.js';
import {
  RESULT_TOOL,
  TokenBucket,
  awaitSnapshot,
  callMachineTool,
  checkExecutionArn,
  defaultBurst,
  executionSnapshot,
  getExecutionResult,
  refusalResult,
  resultToolDefinition,
  startExecution,
  stopExecution,
  taskStateOf,
  type ProgressReport,
  type RunOptions,
  type SnapshotOutcome,
} from './execution/index.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { discoveryOptions } from './runtime.js';
import {
  TaskRequestError,
  type CallContext,
  type TaskCallContext,
  type TaskProvider,
  type TaskStart,
  type TaskState,
  type ToolDefinition,
  type ToolProvider,
  type ToolResult,
} from './mcp/provider.js';
import { decodeTaskId, encodeTaskId } from './mcp/tasks.js';

/**
 * GetExecutionHistory reads for progress messages and task status messages (the state an execution is in):
 * a process-wide budget well under AWS's default refill of 5 a second, taken only when free (a progress
 * report never waits for it). Failure details are read once per failed run and are not counted here.
 */
export const STATE_READS_PER_SECOND = 2;
export const STATE_READS_BURST = 5;
/** At most one state read every this many milliseconds per waiting call. */
export const STATE_READ_INTERVAL_MS = 2_000;

/** AWS errors that mean a tool's machine is gone. */
const GONE = new Set(['StateMachineDoesNotExist', 'StateMachineDeleting', 'ResourceNotFound']);

export const SHUTTING_DOWN_MESSAGE = 'The server is shutting down; retry on another instance.';

/**
 * Joins the catalogue and execution into the tool provider the MCP layer serves.
 * Discovery starts at construction, so the MCP handshake is answered at once and
 * only tools/list and tools/call wait for the catalogue.
 *
 * Holds the process-wide state of long runs: the DescribeExecution pacer shared by every waiting call,
 * the state-read budget, and the drain switch used at shutdown.
 */
export class Bridge implements ToolProvider, TaskProvider {
  /** The catalogue, refreshed on an interval and on SIGHUP (see start()); readers never wait for a refresh. */
  readonly live: LiveCatalog;
  private readonly definitions = new WeakMap<Catalog, ToolDefinition[]>();
  /** Every DescribeExecution of every wait, task poll and result read in this process takes a token. */
  readonly pacer: TokenBucket;
  private readonly statePacer: TokenBucket;
  private readonly draining = new AbortController();
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  readonly tasks: TaskProvider = this;
  readonly instructions: string;

  constructor(
    private readonly clients: AwsClients,
    private readonly config: Config,
    private readonly log: Logger,
  ) {
    this.pacer = new TokenBucket({ rate: config.describeRate, burst: defaultBurst(config.describeRate) });
    this.statePacer = new TokenBucket({ rate: STATE_READS_PER_SECOND, burst: STATE_READS_BURST });
    this.instructions =
      'Each tool runs one AWS Step Functions state machine; the tool arguments are the execution input. ' +
      'Express workflows answer synchronously. Standard workflows may run long: when a call returns an ' +
      'execution ARN with status RUNNING, the workflow is still going' +
      (config.resultTool
        ? `; call ${RESULT_TOOL} with that executionArn later to get its result (do not call the workflow tool again, that would start a second run).`
        : ' and its result can be fetched later.');
    this.live = new LiveCatalog(clients, config.selection, discoveryOptions(config, log));
    // Discovery starts now; a failure is logged here and reported to whoever asks next.
    this.live
      .ready()
      .catch((error: unknown) =>
        log.error({ err: (error as Error).message }, 'could not list state machines'),
      );
  }

  /** True once a catalogue has been loaded. */
  isReady(): boolean {
    return this.live.current() !== undefined;
  }

  /** Re-reads the catalogue every `refreshSeconds` (0 = never). */
  start(): void {
    this.live.start(this.config.refreshSeconds);
  }

  /** A full re-read now (SIGHUP): every description and schema, whatever changed. */
  refresh(): Promise<void> {
    return this.live.refresh({ full: true }).then(
      () => undefined,
      (error: unknown) => {
        this.log.warn({ err: (error as Error).message }, 'catalogue refresh failed; keeping the last one');
      },
    );
  }

  stop(): void {
    this.live.stop();
  }

  /** Tells `listener` when a refresh changed the tool set or any tool; returns the unsubscribe function. */
  onToolsChanged(listener: () => void): () => void {
    return this.live.onChange(() => listener());
  }

  /** True once drain() was called. */
  isDraining(): boolean {
    return this.draining.signal.aborted;
  }

  /**
   * For shutdown: from now on new calls are refused (isError, "retry on another instance"), and every
   * in-flight wait ends at once with the non-error "still running" result the wait budget gives (the
   * execution ARN and how to get the result), so no run is lost. Resolves once every in-flight call has
   * returned its result to the MCP layer (a turn of the event loop later, so the transport has it).
   * Executions are never stopped by a drain. Calling it again is harmless.
   */
  async drain(): Promise<void> {
    if (!this.draining.signal.aborted) {
      this.log.info({ inFlight: this.inFlight }, 'draining: new calls refused, waits released');
      this.draining.abort();
    }
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** The current catalogue; before the first one, the discovery in flight (started again if it failed). */
  async catalog(): Promise<Catalog> {
    const current = this.live.current();
    if (current) return current;
    try {
      return await this.live.ready();
    } catch (error) {
      throw new Error(
        `Could not list the AWS Step Functions state machines: ${(error as Error).message}. ` +
          'Check the credentials (AWS_PROFILE), the region (AWS_REGION) and the states:ListStateMachines permission.',
        { cause: error },
      );
    }
  }

  /** The machine tools served (the catalogue already keeps `get_execution_result` free for the companion tool). */
  private async machineTools(): Promise<MachineTool[]> {
    return (await this.catalog()).tools;
  }

  /** Built once per catalogue: tools/list is asked far more often than the catalogue changes. */
  async listTools(): Promise<ToolDefinition[]> {
    const catalog = await this.catalog();
    let definitions = this.definitions.get(catalog);
    if (!definitions) {
      definitions = catalog.tools.map(toDefinition);
      if (this.config.resultTool) definitions.push(resultToolDefinition(this.config.waitBudgetSeconds));
      this.definitions.set(catalog, definitions);
    }
    return definitions;
  }

  async callTool(
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: CallContext,
  ): Promise<ToolResult | undefined> {
    return this.track(async () => {
      if (this.isDraining()) return shuttingDown();
      const tools = await this.machineTools();
      const run = this.runOptions(ctx);
      if (this.config.resultTool && name === RESULT_TOOL) {
        return getExecutionResult(this.clients, visibleTo(tools, ctx), args ?? {}, {
          ...run,
          maxWaitSeconds: this.config.waitBudgetSeconds,
        });
      }
      const tool = tools.find((t) => t.name === name);
      if (!tool) return undefined;
      const result = await callMachineTool(this.clients, tool, args ?? {}, {
        ...run,
        stopOnCancel: this.config.stopOnCancel,
        ...(this.config.waitBudgetSeconds > 0 ? { waitBudgetMs: this.config.waitBudgetSeconds * 1000 } : {}),
      });
      if (GONE.has(String(result._meta?.awsError))) {
        // The machine was deleted since the last listing: re-read now so the tool leaves the list.
        this.live.refresh().catch(() => undefined);
      }
      return result;
    });
  }

  private runOptions(ctx: CallContext): RunOptions {
    const progress = ctx.progress;
    let last = 0;
    return {
      log: this.log,
      signal: ctx.signal,
      release: this.draining.signal,
      pacer: this.pacer,
      ...(progress
        ? {
            stateReads: { pacer: this.statePacer, minIntervalMs: STATE_READ_INTERVAL_MS },
            onProgress: (p: ProgressReport) => {
              // Progress must increase with every notification: elapsed seconds, to the millisecond.
              const value = Math.round(p.elapsedMs) / 1000;
              if (value <= last) return;
              last = value;
              return progress({ progress: value, message: p.message });
            },
          }
        : {}),
    };
  }

  // ---- MCP tasks: the task id is the execution ARN (encoded), so any instance can answer. ----

  async startTask(
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: TaskCallContext,
  ): Promise<TaskStart | undefined> {
    return this.track(async () => {
      // The companion tool and Express tools answer in the call itself (no taskSupport in tools/list).
      if (this.config.resultTool && name === RESULT_TOOL) return { kind: 'not-task-capable' };
      const tool = (await this.machineTools()).find((t) => t.name === name);
      if (!tool) return undefined;
      if (!isTaskCapable(tool)) return { kind: 'not-task-capable' };
      if (this.isDraining()) return { kind: 'refused', result: shuttingDown() };
      const started = await startExecution(this.clients, tool, args ?? {}, {
        log: this.log,
        signal: ctx.signal,
        stopOnCancel: this.config.stopOnCancel,
      });
      if (!started.ok) return { kind: 'refused', result: started.result };
      const task = taskStateOf(
        {
          executionArn: started.executionArn,
          status: 'RUNNING',
          ...(started.startDate ? { startDate: started.startDate } : {}),
        },
        new Date(),
      );
      this.log.info({ tool: name, executionArn: started.executionArn }, 'task created');
      return { kind: 'task', taskId: encodeTaskId(started.executionArn), task };
    });
  }

  async getTask(taskId: string, ctx: TaskCallContext): Promise<TaskState> {
    return this.track(async () => {
      const executionArn = await this.taskExecution(taskId, ctx);
      const outcome = await executionSnapshot(this.clients.sfn, executionArn, {
        log: this.log,
        signal: ctx.signal,
        pacer: this.pacer,
        statePacer: this.statePacer,
        readState: true,
      });
      return taskStateOf(snapshotOf(outcome, taskId), new Date());
    });
  }

  async awaitTask(taskId: string, ctx: TaskCallContext): Promise<TaskState> {
    return this.track(async () => {
      if (this.isDraining()) throw new TaskRequestError('unavailable', SHUTTING_DOWN_MESSAGE);
      const executionArn = await this.taskExecution(taskId, ctx);
      const outcome = await awaitSnapshot(this.clients.sfn, executionArn, {
        log: this.log,
        signal: ctx.signal,
        release: this.draining.signal,
        pacer: this.pacer,
      });
      return taskStateOf(snapshotOf(outcome, taskId), new Date());
    });
  }

  async cancelTask(taskId: string, ctx: TaskCallContext): Promise<TaskState> {
    return this.track(async () => {
      const executionArn = await this.taskExecution(taskId, ctx);
      const before = snapshotOf(
        await executionSnapshot(this.clients.sfn, executionArn, {
          log: this.log,
          signal: ctx.signal,
          pacer: this.pacer,
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
      const stopped = await stopExecution(this.clients, executionArn, {
        log: this.log,
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
    });
  }

  /** The execution behind a task id, if it belongs to a selected machine; anything else is "not found". */
  private async taskExecution(taskId: string, ctx: TaskCallContext): Promise<string> {
    const ref = decodeTaskId(taskId);
    if (ref === undefined)
      throw new TaskRequestError(
        'not-found',
        'Failed to retrieve task: Task not found (not a task id of this server)',
      );
    const check = checkExecutionArn(ref, visibleTo(await this.machineTools(), ctx));
    if (!check.ok) {
      throw new TaskRequestError(
        'not-found',
        'Failed to retrieve task: Task not found (it does not belong to a workflow this server serves)',
      );
    }
    return check.executionArn;
  }

  /** Counts a call in flight, so drain() knows when every one has returned. */
  private async track<T>(fn: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await fn();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0 && this.idleWaiters.length > 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        // After a turn of the event loop, so the MCP layer has handed the last results to the transport.
        setImmediate(() => {
          for (const resolve of waiters) resolve();
        });
      }
    }
  }
}

/** The machine tools a caller may use (all of them unless HTTP tool scopes narrow it). */
function visibleTo(tools: MachineTool[], ctx: { allowTool?: (toolName: string) => boolean }): MachineTool[] {
  const allow = ctx.allowTool;
  return allow ? tools.filter((t) => allow(t.name)) : tools;
}

function shuttingDown(): ToolResult {
  return refusalResult(SHUTTING_DOWN_MESSAGE);
}

/** Standard machines run as tasks (the execution ARN is the task); Express ones answer in the call. */
function isTaskCapable(tool: MachineTool): boolean {
  return tool.machine.type === 'STANDARD';
}

function snapshotOf(outcome: SnapshotOutcome, taskId: string) {
  if (outcome.ok) return outcome.snapshot;
  switch (outcome.reason) {
    case 'not-found':
      throw new TaskRequestError('not-found', `Failed to retrieve task: Task not found (${outcome.message})`);
    case 'released':
      throw new TaskRequestError('unavailable', `${SHUTTING_DOWN_MESSAGE} The task ${taskId} is unaffected.`);
    case 'aborted':
      throw new TaskRequestError('unavailable', 'The request was cancelled by the client.');
    default:
      throw new TaskRequestError(
        'unavailable',
        `AWS error in DescribeExecution: ${outcome.error}: ${outcome.message}. Try again later.`,
      );
  }
}

function toDefinition(tool: MachineTool): ToolDefinition {
  return {
    name: tool.name,
    title: tool.annotations.title,
    description: tool.description,
    inputSchema: tool.inputSchema,
    annotations: { ...tool.annotations },
    ...(isTaskCapable(tool) ? { taskSupport: 'optional' as const } : {}),
  };
}
