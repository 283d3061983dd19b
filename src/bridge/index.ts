/**
 * Joins the catalogue and execution into the tool provider the MCP layer serves: tool calls
 * (tool-calls.ts), MCP tasks (task-provider.ts), and the calls in flight for a drain (call-tracker.ts).
 */
import { CallbackMachines } from '../approvals/index.js';
import type { AwsClients } from '../aws/clients.js';
import { LiveCatalog } from '../catalog/live.js';
import type { Catalog, MachineTool } from '../catalog/types.js';
import type { Config } from '../config/index.js';
import { listFailureMessage } from '../aws/list-failure.js';
import { TokenBucket } from '../aws/token-bucket.js';
import { RESULT_TOOL } from '../execution/index.js';
import { RUN_TOOL, SEARCH_TOOL } from '../catalog/naming.js';
import { progressCount, progressText } from '../catalog/progress.js';
import { DESCRIBE_EXECUTION, LIST_EXECUTIONS } from '../operations/index.js';
import type { Logger } from '../log.js';
import type {
  Answer,
  AppProvider,
  ResourceProvider,
  CallContext,
  InputNeeded,
  ListProgress,
  TaskCallContext,
  TaskProvider,
  TaskStart,
  TaskState,
  ToolDefinition,
  ToolProvider,
  ToolResult,
} from '../mcp/provider.js';
import { catalogStore, discoveryOptions } from '../runtime.js';
import { bridgeApps } from './apps.js';
import { CallTracker } from './call-tracker.js';
import type { BridgeShared } from './shared.js';
import { describeMode, type CatalogueMode } from './meta-tools/mode.js';
import { callServedTool, servedTools, startServedTask, type ServedTools } from './served-tools.js';
import { BridgeResources } from './resource-provider.js';
import { BridgeTasks } from './task-provider.js';

export { SHUTTING_DOWN_MESSAGE } from './shared.js';
export { STATE_READ_INTERVAL_MS } from './tool-calls.js';

/**
 * GetExecutionHistory reads for progress messages and task status messages (the state an execution is in):
 * a process-wide budget well under AWS's default refill of 5 a second, taken only when free (a progress
 * report never waits for it). Failure details are read once per failed run and are not counted here.
 */
export const STATE_READS_PER_SECOND = 2;
export const STATE_READS_BURST = 5;

/** Discovery progress is sent to a client waiting on tools/list at most this often. */
export const LIST_PROGRESS_INTERVAL_MS = 250;

/**
 * The tool provider over the catalogue and execution. Discovery starts at construction, so the MCP
 * handshake is answered at once and only tools/list and tools/call wait for the catalogue.
 *
 * Holds the process-wide state of long runs: the state-read budget and the drain switch used at shutdown
 * (every DescribeExecution of the process is paced by the AWS clients, src/aws/pacing.ts).
 */
export class Bridge implements ToolProvider, TaskProvider {
  /** The catalogue, refreshed on an interval and on SIGHUP (see start()); readers never wait for a refresh. */
  readonly live: LiveCatalog;
  readonly tasks: TaskProvider = this;
  /** How long a client may keep tools/list: until the next scheduled refresh could change it. */
  readonly listTtlMs: number;
  private readonly served = new WeakMap<Catalog, ServedTools>();
  private lastMode: CatalogueMode | undefined;
  /** Each machine's definition, and executions with the operations tools (resource-provider.ts). */
  readonly resources: ResourceProvider;
  /** The workflow views (MCP Apps) and the tools they call. */
  readonly apps: AppProvider;
  private readonly calls = new CallTracker();
  private readonly shared: BridgeShared;
  private readonly taskCalls: BridgeTasks;

  constructor(
    clients: AwsClients,
    private readonly config: Config,
    private readonly log: Logger,
  ) {
    this.listTtlMs = config.refreshSeconds * 1000;
    const store = catalogStore(config, log);
    this.live = new LiveCatalog(clients, config.selection, {
      ...discoveryOptions(config, log),
      ...(store ? { store } : {}),
    });
    this.shared = {
      clients,
      config,
      log,
      statePacer: new TokenBucket({ rate: STATE_READS_PER_SECOND, burst: STATE_READS_BURST }),
      calls: this.calls,
      callbacks: new CallbackMachines(clients.sfn, log),
      machineTools: () => this.machineTools(),
      machineGone: () => this.refreshAfterGone(),
    };
    this.taskCalls = new BridgeTasks(this.shared);
    this.resources = new BridgeResources(this.shared);
    this.apps = bridgeApps(this.shared, {
      isMachineTool: (name) => this.live.current()?.tools.some((t) => t.name === name) ?? false,
      runsWorkflows: () => {
        const current = this.live.current();
        return current !== undefined && this.servedFor(current).mode === 'large-catalogue';
      },
    });
    // Discovery starts now; a failure is logged here and reported to whoever asks next.
    this.live
      .ready()
      .catch((error: unknown) => log.error({ err: error }, listFailureMessage(error, config.aws)));
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
      (error: unknown) => this.log.warn({ err: error }, 'catalogue refresh failed; keeping the last one'),
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
    return this.calls.draining;
  }

  /**
   * For shutdown: from now on new calls are refused (isError, "retry on another instance"), and every
   * in-flight wait ends at once with the non-error "still running" result the wait budget gives (the
   * execution ARN and how to get the result), so no run is lost. Resolves once every in-flight call has
   * returned its result to the MCP layer (a turn of the event loop later, so the transport has it).
   * Executions are never stopped by a drain. Calling it again is harmless.
   */
  drain(): Promise<void> {
    return this.calls.drain(this.log);
  }

  /** The current catalogue; before the first one, the discovery in flight (started again if it failed). */
  async catalog(): Promise<Catalog> {
    const current = this.live.current();
    if (current) return current;
    try {
      return await this.live.ready();
    } catch (error) {
      throw new Error(listFailureMessage(error, this.config.aws), { cause: error });
    }
  }

  /** Sent to clients at initialisation; worded for the mode of the catalogue loaded by then. */
  get instructions(): string {
    const current = this.live.current();
    return instructionsFor(this.config, current ? this.servedFor(current).mode : undefined);
  }

  /**
   * Built once per catalogue: tools/list is asked far more often than the catalogue changes. Asked
   * before the first catalogue, with `progress`: the discovery's progress meanwhile (at most every
   * LIST_PROGRESS_INTERVAL_MS), naming the AWS quota it waits for.
   */
  async listTools(progress?: (update: ListProgress) => Promise<void>): Promise<ToolDefinition[]> {
    const stop = progress && !this.live.current() ? this.forwardProgress(progress) : undefined;
    try {
      return (await this.servedTools()).definitions;
    } finally {
      stop?.();
    }
  }

  private forwardProgress(progress: (update: ListProgress) => Promise<void>): () => void {
    let last = 0;
    let sentAt = 0;
    return this.live.onProgress((p) => {
      const { progress: count, total } = progressCount(p);
      const now = Date.now();
      if (count <= last || (p.phase !== 'done' && now - sentAt < LIST_PROGRESS_INTERVAL_MS)) return;
      last = count;
      sentAt = now;
      const update = { progress: count, ...(total !== undefined ? { total } : {}), message: progressText(p) };
      progress(update).catch((err: unknown) =>
        this.log.debug({ err }, 'a tools/list progress notification could not be sent'),
      );
    });
  }

  /** The tools served for the current catalogue, and in which mode (see src/bridge/served-tools.ts). */
  async servedTools(): Promise<ServedTools> {
    return this.servedFor(await this.catalog());
  }

  callTool(
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: CallContext,
  ): Promise<ToolResult | InputNeeded | undefined> {
    return this.calls.track(async () =>
      callServedTool(this.shared, await this.servedTools(), name, args, ctx),
    );
  }

  startTask(
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: TaskCallContext,
  ): Promise<TaskStart | undefined> {
    return this.calls.track(async () =>
      startServedTask(this.taskCalls, await this.servedTools(), name, args, ctx),
    );
  }

  getTask(taskId: string, ctx: TaskCallContext): Promise<TaskState> {
    return this.calls.track(() => this.taskCalls.getTask(taskId, ctx));
  }

  awaitTask(taskId: string, ctx: TaskCallContext): Promise<TaskState> {
    return this.calls.track(() => this.taskCalls.awaitTask(taskId, ctx));
  }

  cancelTask(taskId: string, ctx: TaskCallContext): Promise<TaskState> {
    return this.calls.track(() => this.taskCalls.cancelTask(taskId, ctx));
  }

  answerTask(taskId: string, answers: Record<string, Answer>, ctx: TaskCallContext): Promise<void> {
    return this.calls.track(() => this.taskCalls.answerTask(taskId, answers, ctx));
  }

  private servedFor(catalog: Catalog): ServedTools {
    let served = this.served.get(catalog);
    if (!served) {
      served = servedTools(catalog, this.shared);
      this.served.set(catalog, served);
      if (served.mode !== this.lastMode) {
        const { mode, perMachineTools } = served;
        this.log.info({ mode, perMachineTools }, describeMode(mode, perMachineTools, this.config.toolBudget));
        this.lastMode = mode;
      }
    }
    return served;
  }

  /** The machine tools served (the catalogue already keeps `get_execution_result` free for the companion tool). */
  private async machineTools(): Promise<MachineTool[]> {
    return (await this.catalog()).tools;
  }

  /** A tool's machine was deleted since the last listing: re-read now so the tool leaves the list. */
  private refreshAfterGone(): void {
    this.live
      .refresh()
      .catch((error: unknown) =>
        this.log.warn(
          { err: error },
          'catalogue refresh after a deleted machine failed; keeping the last one',
        ),
      );
  }
}

/** The server's instructions; `mode` undefined while the first catalogue loads (either mode may follow). */
function instructionsFor(config: Config, mode: CatalogueMode | undefined): string {
  const perMachine =
    'Each tool runs one AWS Step Functions state machine; the tool arguments are the execution input.';
  const large =
    `The workflows (AWS Step Functions state machines) are served through two tools: ${SEARCH_TOOL} finds ` +
    `them by words in their names and descriptions, and ${RUN_TOOL} runs one by name with arguments that ` +
    'match the inputSchema the search returned.';
  const opening =
    mode === 'per-machine'
      ? perMachine
      : mode === 'large-catalogue'
        ? large
        : `${perMachine} When they are too many to list, they are served through ${SEARCH_TOOL} and ${RUN_TOOL} instead.`;
  return (
    `${opening} Express workflows answer synchronously. Standard workflows may run long: when a call ` +
    'returns an execution ARN with status RUNNING, the workflow is still going' +
    (config.resultTool
      ? `; call ${RESULT_TOOL} with that executionArn later to get its result (do not run the workflow again, that would start a second run).`
      : ' and its result can be fetched later.') +
    (config.operations !== 'none'
      ? ` To look into runs, ${LIST_EXECUTIONS} lists a workflow's executions and ${DESCRIBE_EXECUTION} explains one (its states, retries and, for a failure, where and why it failed).`
      : '')
  );
}
