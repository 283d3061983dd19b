/**
 * What the MCP layer needs from the rest of the server. It knows nothing of AWS:
 * the bridge (src/bridge/) implements this on top of the catalogue and execution.
 */

export interface ToolDefinition {
  name: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  /** The JSON Schema every non-error result's structuredContent conforms to (its root is an object). */
  outputSchema?: Record<string, unknown>;
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

/** A question for the person at the client, shown as a form (MCP elicitation, form mode). */
export interface Question {
  /** Names the question across rounds; never reused for another question of the same call or task. */
  key: string;
  message: string;
  /** The form: a flat object of primitive fields (MCP's `requestedSchema`). */
  form: { type: 'object'; properties: Record<string, Record<string, unknown>>; required?: string[] };
}

/** The person's answer to a question. */
export type Answer =
  { action: 'accept'; content: Record<string, unknown> } | { action: 'decline' } | { action: 'cancel' };

/**
 * A call that needs the person's answers before it goes on: the MCP layer asks `questions`, then calls
 * again with the same arguments, the answers and `resume` (which it signs, so a client cannot forge it).
 */
export interface InputNeeded {
  inputNeeded: { questions: Question[]; resume?: Record<string, unknown> };
}

export function isInputNeeded(value: object): value is InputNeeded {
  return 'inputNeeded' in value;
}

/** What a call or task request knows of the person behind the client. */
export interface PersonContext {
  /** The client can show a form on this request (MCP elicitation that this connection can carry). */
  canAsk?: boolean;
  /** Answers to earlier questions, by key. Untrusted: a client can send any answer it likes. */
  answers?: Record<string, Answer>;
  /** What the provider asked to get back (InputNeeded.resume), verified by the MCP layer. */
  resume?: Record<string, unknown>;
  /** Asks one question now and waits for the answer (where a request can push a form: 2025 task results). */
  ask?: (question: Question) => Promise<Answer>;
}

export interface CallContext extends PersonContext {
  /** Aborted when the client cancels the request or disconnects. */
  signal: AbortSignal;
  /**
   * The tools this caller may use (HTTP tool scopes); absent = all. Reads of earlier results
   * (get_execution_result, task reads) only reach executions of machines whose tools pass it.
   */
  allowTool?: (toolName: string) => boolean;
  /** Present when the client asked for progress notifications. */
  progress?: (update: ProgressUpdate) => Promise<void>;
  /** The W3C `traceparent` the request carried in `_meta`, as sent: the work it starts joins that trace. */
  traceparent?: string;
}

/**
 * A task in protocol-neutral terms; src/mcp/tasks.ts writes each revision's wire shape.
 * `failed` means the work ended and its tool result is an error (isError); `cancelled` that it was stopped.
 */
export interface TaskState {
  /** `input_required`: the work waits for the person's answers to `questions`. */
  status: 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';
  statusMessage: string;
  /** ISO 8601. */
  createdAt: string;
  lastUpdatedAt: string;
  /** Milliseconds from creation the task stays readable; null = not known yet (unlimited). */
  ttlMs: number | null;
  pollIntervalMs: number;
  /** The tool result, once the work has ended (completed, failed, and cancelled when there is one). */
  result?: ToolResult;
  /** With `input_required`: what to ask. */
  questions?: Question[];
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

export interface TaskCallContext extends PersonContext {
  signal: AbortSignal;
  /** As in CallContext: task reads only reach executions of machines whose tools pass it. */
  allowTool?: (toolName: string) => boolean;
  /** As in CallContext, for the work a task-augmented call starts. */
  traceparent?: string;
}

export type TaskStart =
  | { kind: 'task'; taskId: string; task: TaskState }
  /** Nothing was started (invalid arguments, AWS refused): the result says why. */
  | { kind: 'refused'; result: ToolResult }
  /**
   * The tool exists but cannot run as a task: call it without one. `reason` says why when the tool's
   * taskSupport alone does not (a tool that runs as a task or not depending on its arguments).
   */
  | { kind: 'not-task-capable'; reason?: string }
  /** Nothing was started yet: the person must answer first (a start that needs confirmation). */
  | { kind: 'input'; input: InputNeeded };

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
  /** Hands the person's answers (keys of the task's questions) to the work. Throws TaskRequestError. */
  answerTask?(taskId: string, answers: Record<string, Answer>, ctx: TaskCallContext): Promise<void>;
}

/** A resource a client may read (MCP resources/list). */
export interface ResourceDefinition {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

/** A family of resources named by an RFC 6570 URI template (MCP resources/templates/list). */
export interface ResourceTemplateDefinition {
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

export interface ResourceContents {
  uri: string;
  mimeType?: string;
  text: string;
  _meta?: Record<string, unknown>;
}

export interface ResourceContext {
  signal: AbortSignal;
  /** As in CallContext: only the resources of tools that pass it exist for this caller. */
  allowTool?: (toolName: string) => boolean;
}

/** Why a resource cannot be read; the MCP layer maps it to a JSON-RPC error. */
export class ResourceRequestError extends Error {
  override name = 'ResourceRequestError';
  constructor(
    /** `not-found`: no such resource for this caller; `invalid`: a URI that can never name one; `unavailable`: AWS failed. */
    readonly kind: 'not-found' | 'invalid' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

/** The resources served beside the tools, following the same catalogue. */
export interface ResourceProvider {
  listResources(ctx: ResourceContext): Promise<ResourceDefinition[]>;
  listResourceTemplates(ctx: ResourceContext): ResourceTemplateDefinition[];
  /** Throws ResourceRequestError. */
  readResource(uri: string, ctx: ResourceContext): Promise<ResourceContents[]>;
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

/** How far the work a tools/list waits for has got: a count that only grows, and the total once known. */
export interface ListProgress {
  progress: number;
  total?: number;
  message: string;
}

export interface ToolProvider {
  /**
   * Resolves once the catalogue is loaded; the MCP handshake never waits for it. `progress`, when the
   * client asked for progress notifications, hears how the discovery it waits for goes.
   */
  listTools(progress?: (update: ListProgress) => Promise<void>): Promise<ToolDefinition[]>;
  /** undefined when no tool of that name is served; InputNeeded when the person must answer first. */
  callTool(
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: CallContext,
  ): Promise<ToolResult | InputNeeded | undefined>;
  /** Instructions sent to clients at initialisation. */
  instructions?: string;
  /**
   * How long a client may reuse a tools/list answer (the 2026-07-28 `ttlMs` caching hint), in
   * milliseconds; absent = 0, reuse none. list_changed tells clients of a change sooner.
   */
  listTtlMs?: number;
  /** MCP tasks for the tools that declare taskSupport. */
  tasks?: TaskProvider;
  /** MCP resources; they change when the tools do (onToolsChanged). */
  resources?: ResourceProvider;
  /** Tells `listener` when the tool set or a tool changed; returns the unsubscribe function. */
  onToolsChanged?(listener: () => void): () => void;
  /** MCP Apps views of the tools, and the tools the views call. */
  apps?: AppProvider;
}
