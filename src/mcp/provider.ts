/**
 * What the MCP layer needs from the rest of the server. It knows nothing of AWS:
 * the bridge (src/bridge/) implements this on top of the catalogue and execution.
 */

export interface ToolDefinition {
  name: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  /** Whether a call may run as an MCP task (2025-11-25 `execution.taskSupport`); absent = forbidden. */
  taskSupport?: 'optional' | 'required';
}

// A type alias (not an interface) so it is assignable to the SDK's index-signature result type.
export type ToolResult = {
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta?: Record<string, unknown>;
};

export interface ProgressUpdate {
  /** Monotonic progress value (we use elapsed seconds). */
  progress: number;
  message: string;
}

export interface CallContext {
  /** Aborted when the client cancels the request or disconnects. */
  signal: AbortSignal;
  /**
   * The tools this caller may use (HTTP tool scopes); absent = all. Reads of earlier results
   * (get_execution_result, task reads) only reach executions of machines whose tools pass it.
   */
  allowTool?: (toolName: string) => boolean;
  /** Present when the client asked for progress notifications. */
  progress?: (update: ProgressUpdate) => Promise<void>;
}

/**
 * A task in protocol-neutral terms; src/mcp/tasks.ts writes each revision's wire shape.
 * `failed` means the work ended and its tool result is an error (isError); `cancelled` that it was stopped.
 */
export interface TaskState {
  status: 'working' | 'completed' | 'failed' | 'cancelled';
  statusMessage: string;
  /** ISO 8601. */
  createdAt: string;
  lastUpdatedAt: string;
  /** Milliseconds from creation the task stays readable; null = not known yet (unlimited). */
  ttlMs: number | null;
  pollIntervalMs: number;
  /** The tool result, once the work has ended (completed, failed, and cancelled when there is one). */
  result?: ToolResult;
}

/** Why a task request cannot be answered; the MCP layer maps it to a JSON-RPC error. */
export class TaskRequestError extends Error {
  override name = 'TaskRequestError';
  constructor(
    readonly kind: 'not-found' | 'terminal' | 'unavailable' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

export interface TaskCallContext {
  signal: AbortSignal;
  /** As in CallContext: task reads only reach executions of machines whose tools pass it. */
  allowTool?: (toolName: string) => boolean;
}

export type TaskStart =
  | { kind: 'task'; taskId: string; task: TaskState }
  /** Nothing was started (invalid arguments, AWS refused): the result says why. */
  | { kind: 'refused'; result: ToolResult }
  /** The tool exists but cannot run as a task (its taskSupport is forbidden): call it without one. */
  | { kind: 'not-task-capable' };

/** Tasks whose identity is durable (derived from the work itself), so any server instance can answer. */
export interface TaskProvider {
  /**
   * Starts the tool's work and returns at once; undefined when no such tool is served,
   * `not-task-capable` (nothing started) when the tool does not declare taskSupport.
   */
  startTask(
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: TaskCallContext,
  ): Promise<TaskStart | undefined>;
  /** One look at the task. Throws TaskRequestError. */
  getTask(taskId: string, ctx: TaskCallContext): Promise<TaskState>;
  /** Waits until the task ends (or the client cancels, or the server drains). Throws TaskRequestError. */
  awaitTask(taskId: string, ctx: TaskCallContext): Promise<TaskState>;
  /** Stops the work. Throws TaskRequestError ('terminal' when it had already ended). */
  cancelTask(taskId: string, ctx: TaskCallContext): Promise<TaskState>;
}

/** A view's page, as resources/read returns it. */
export interface AppResource {
  uri: string;
  mimeType: string;
  text: string;
  _meta?: Record<string, unknown>;
}

/**
 * MCP Apps (extension `io.modelcontextprotocol/ui`): a view the client may render beside a tool's calls,
 * and the tools only those views call (visibility `app`). Reads carry the caller's `allowTool`, like
 * get_execution_result, so a view reaches only the tools the caller may use.
 */
export interface AppProvider {
  /** The extension's id, as capabilities declare it. */
  extension: string;
  /** The `ui://` resource of a tool's view; undefined when the tool has none. */
  viewUri(toolName: string): string | undefined;
  /** resources/templates/list: the URI template of the views. */
  resourceTemplates: Array<{
    uriTemplate: string;
    name: string;
    title?: string;
    description?: string;
    mimeType: string;
  }>;
  /** resources/read of a view; undefined when no such view is served to this caller. */
  readView(uri: string, ctx: Pick<CallContext, 'allowTool'>): Promise<AppResource | undefined>;
  /** The tools only views call: listed (and callable) only for clients that declare the extension. */
  appTools: ToolDefinition[];
  /** undefined when no app-only tool has that name. */
  callAppTool(
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: CallContext,
  ): Promise<ToolResult | undefined>;
}

export interface ToolProvider {
  /** Resolves once the catalogue is loaded; the MCP handshake never waits for it. */
  listTools(): Promise<ToolDefinition[]>;
  /** undefined when no tool of that name is served. */
  callTool(
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: CallContext,
  ): Promise<ToolResult | undefined>;
  /** Instructions sent to clients at initialisation. */
  instructions?: string;
  /** MCP tasks for the tools that declare taskSupport. */
  tasks?: TaskProvider;
  /** Tells `listener` when the tool set or a tool changed; returns the unsubscribe function. */
  onToolsChanged?(listener: () => void): () => void;
  /** MCP Apps views of the tools, and the tools the views call. */
  apps?: AppProvider;
}
