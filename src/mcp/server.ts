import {
  ProtocolError,
  ProtocolErrorCode,
  type CacheHint,
  type CacheScope,
  TRACEPARENT_META_KEY,
  type CallToolRequest,
  type McpServerFactory,
  type ProgressToken,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { appExtension, appToolsFor, clientRendersViews, viewMeta, withViews } from './apps.js';
import { tooDeepArguments } from '../json-nesting.js';
import { GuardedServer } from './inbound.js';
import {
  ASK_TIMEOUT_MS,
  inputRequiredResult,
  personContext,
  resumeCodec,
  type ResumeCodec,
} from './input.js';
import { isInputNeeded, type ResourceProvider, type ToolProvider } from './provider.js';
import { registerResourceHandlers, resourceCapabilities } from './resources.js';
import {
  createTaskResult,
  declaresTasksExtension,
  eraOf,
  registerTaskHandlers,
  taskCapabilities,
} from './tasks.js';
import { byName } from '../order.js';

export const SERVER_NAME = 'stepfunctions-tool-mcp-server';

/**
 * A factory of MCP server instances over one shared tool provider. Instances are cheap and
 * hold no state of their own: the HTTP transport builds one per request, stdio one per connection.
 * The low-level Server is used so each tool's inputSchema is served exactly as the registry
 * holds it (no conversion through a schema library).
 */
export function createServerFactory(
  provider: ToolProvider,
  version: string,
  options: ServerOptions = {},
): McpServerFactory {
  return () => createServer(provider, version, options);
}

export interface ServerOptions {
  /**
   * Send notifications/tools/list_changed from this instance when the tools change. For
   * connection-long instances (stdio); per-request HTTP instances publish through the handler instead.
   */
  notifyToolsChanged?: boolean;
  /**
   * The `cacheScope` of tools/list and the resource lists (2026-07-28 caching hints): `private` when the answer belongs to one
   * authenticated caller (a shared cache must not hand it to anyone else), `public` (the default) when
   * every client gets the same answer without proving who it is.
   */
  listCacheScope?: CacheScope;
  /** The operator's secret that signs `requestState` (SFN_MCP_REQUEST_STATE_KEY); unset = a key per process. */
  requestStateKey?: string;
}

export function createServer(
  provider: ToolProvider,
  version: string,
  options: ServerOptions = {},
): GuardedServer {
  const codec = resumeCodec(options.requestStateKey);
  const server = new GuardedServer(
    { name: SERVER_NAME, version },
    {
      capabilities: capabilitiesOf(provider),
      ...(provider.instructions ? { instructions: provider.instructions } : {}),
      cacheHints: listCacheHints(provider, options),
      // Rounds that ask the person (src/mcp/input.ts): their resume state is signed, and a person gets time.
      requestState: { verify: codec.verify },
      inputRequired: { roundTimeoutMs: ASK_TIMEOUT_MS },
    },
  );
  server.setRequestHandler('tools/list', (request, ctx) =>
    listTools(provider, server, ctx, request.params?._meta?.progressToken),
  );
  registerToolCall(server, provider, codec);
  if (provider.tasks) registerTaskHandlers(server, provider.tasks);
  const resources = resourcesOf(provider);
  if (resources) registerResourceHandlers(server, resources);
  if (options.notifyToolsChanged) forwardToolsChanged(server, provider);
  return server;
}

/**
 * The 2026-07-28 caching hints of the lists, which follow the catalogue (earlier revisions carry none):
 * the tools, and the resources the machine tools publish. Resource reads keep the SDK's default (no
 * reuse): an execution's resource changes while it runs.
 *
 * With MCP Apps served, tools/list depends on the client: one that declares the extension also gets the
 * app-only tools (listTools below), so every client's list is `private` (a shared cache could hand one
 * client's list to the other). The resource lists are the same for every client (src/mcp/apps.ts lists no
 * view), so they keep the scope the caller's authentication gives.
 */
export function listCacheHints(
  provider: Pick<ToolProvider, 'apps' | 'listTtlMs' | 'resources'>,
  options: Pick<ServerOptions, 'listCacheScope'>,
): Partial<Record<'tools/list' | 'resources/list' | 'resources/templates/list', CacheHint>> {
  const hint: CacheHint = { ttlMs: provider.listTtlMs ?? 0, cacheScope: options.listCacheScope ?? 'public' };
  const perClient: CacheHint = { ...hint, cacheScope: 'private' };
  return {
    'tools/list': provider.apps ? perClient : hint,
    ...(resourcesOf(provider) ? { 'resources/list': hint, 'resources/templates/list': hint } : {}),
  };
}

/** The resources served: the provider's, and the workflow views (MCP Apps) among them. */
function resourcesOf(provider: Pick<ToolProvider, 'apps' | 'resources'>): ResourceProvider | undefined {
  return provider.apps ? withViews(provider.resources, provider.apps) : provider.resources;
}

/** What the server declares: tools, resources, and MCP tasks and MCP Apps when provided, with their extensions. */
function capabilitiesOf(provider: ToolProvider): Record<string, unknown> {
  const tasks: Record<string, unknown> = provider.tasks ? taskCapabilities() : {};
  // Both declare an extension: the two `extensions` objects are joined, not one put over the other.
  const extensions = {
    ...(tasks.extensions as object),
    ...(provider.apps ? appExtension(provider.apps) : {}),
  };
  return {
    tools: { listChanged: true },
    ...tasks,
    ...(resourcesOf(provider) ? resourceCapabilities() : {}),
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
  };
}

async function listTools(
  provider: ToolProvider,
  server: Server,
  ctx: ServerContext,
  progressToken: ProgressToken | undefined,
) {
  const apps = provider.apps;
  const tools = await provider.listTools(
    progressToken === undefined
      ? undefined
      : (update) =>
          ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, ...update } }),
  );
  const appTools = apps && clientRendersViews(server, ctx, apps) ? appToolsFor(apps) : [];
  // Sorted by name like the provider's own list, so the same client always gets the same list.
  const listed = appTools.length ? [...tools, ...appTools].sort(byName) : tools;
  return {
    tools: listed.map((t) => ({
      name: t.name,
      ...(t.title ? { title: t.title } : {}),
      description: t.description,
      inputSchema: t.inputSchema as { type: 'object' },
      ...(t.outputSchema ? { outputSchema: t.outputSchema as { type: 'object' } } : {}),
      ...(t.annotations ? { annotations: t.annotations } : {}),
      // 2025-11-25; the SDK's 2026-07-28 codec removes it from the wire.
      ...(t.taskSupport && provider.tasks ? { execution: { taskSupport: t.taskSupport } } : {}),
      ...toolMeta(provider, t),
    })),
  };
}

/** A tool's `_meta`: its view (MCP Apps), or an app-only tool's visibility. */
function toolMeta(provider: ToolProvider, tool: { name: string; _meta?: Record<string, unknown> }) {
  const meta = tool._meta ?? (provider.apps ? viewMeta(provider.apps, tool.name) : undefined);
  return meta ? { _meta: meta } : {};
}

type ToolCallParams = CallToolRequest['params'];

function registerToolCall(server: GuardedServer, provider: ToolProvider, codec: ResumeCodec): void {
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const { name } = request.params;
    if (server.argumentsTooDeep(ctx.mcpReq.id)) {
      // No tool ever sees them (src/mcp/inbound.ts): refused here, for every tool alike, naming the limit.
      const text = tooDeepArguments(name, 'nothing was started or read');
      return server.projectCallToolResult({ content: [{ type: 'text', text }], isError: true }, undefined);
    }
    // Exactly as received: the SDK's copy drops a top-level `__proto__` key (src/mcp/inbound.ts).
    const args = server.argumentsAsReceived(ctx.mcpReq.id) ?? request.params.arguments;
    const viewCall = await callViewTool(server, provider, name, args, ctx);
    if (viewCall) return viewCall;
    const person = personContext(server, ctx);
    const asTask = await callAsTask(server, provider, { ...request.params, arguments: args }, ctx, codec);
    if (asTask) return asTask;
    const progressToken = request.params._meta?.progressToken;
    const result = await provider.callTool(name, args, {
      ...person,
      signal: ctx.mcpReq.signal,
      ...traceContext(request.params),
      ...(progressToken !== undefined
        ? {
            progress: async ({ progress, message }) => {
              await ctx.mcpReq.notify({
                method: 'notifications/progress',
                params: { progressToken, progress, message },
              });
            },
          }
        : {}),
    });
    if (!result) throw await unknownTool(provider, name);
    if (isInputNeeded(result)) return inputRequiredResult(result, codec, ctx);
    return server.projectCallToolResult(result, undefined);
  });
}

/**
 * A call of one of the tools only views call (MCP Apps), answered; undefined for any other tool. Only a
 * client that renders views sees these tools: to any other they do not exist.
 */
async function callViewTool(
  server: GuardedServer,
  provider: ToolProvider,
  name: string,
  args: Record<string, unknown> | undefined,
  ctx: ServerContext,
) {
  const apps = provider.apps;
  if (!apps?.appTools.some((t) => t.name === name)) return undefined;
  const result = clientRendersViews(server, ctx, apps)
    ? await apps.callAppTool(name, args, { signal: ctx.mcpReq.signal })
    : undefined;
  if (!result) throw await unknownTool(provider, name);
  return server.projectCallToolResult(result, undefined);
}

/**
 * The answer when the call runs as a task or is refused as one; undefined when it is to be answered in
 * the call itself (no task asked for, a 2026-07-28 tool that is not task-capable, or no such tool: the
 * plain call then answers "Unknown tool").
 */
async function callAsTask(
  server: GuardedServer,
  provider: ToolProvider,
  params: ToolCallParams,
  ctx: ServerContext,
  codec: ResumeCodec,
) {
  const tasks = provider.tasks;
  if (!tasks) return undefined;
  const era = eraOf(server, ctx);
  // 2025-11-25: the client asks for a task; 2026-07-28: the client allows one and we decide.
  const asked = era === 'legacy' ? isTaskAugmented(params) : declaresTasksExtension(ctx);
  if (!asked) return undefined;
  const started = await tasks.startTask(params.name, params.arguments, {
    ...personContext(server, ctx),
    signal: ctx.mcpReq.signal,
    ...traceContext(params),
  });
  if (started?.kind === 'task') return createTaskResult(started.taskId, started.task, era);
  // The start waits for the person (a confirmation): asked on the call itself, before any task exists.
  if (started?.kind === 'input') return inputRequiredResult(started.input, codec, ctx);
  // Nothing started (invalid arguments, AWS refused): the plain error result says why.
  if (started?.kind === 'refused') return server.projectCallToolResult(started.result, undefined);
  if (started?.kind === 'not-task-capable' && era === 'legacy') {
    throw new ProtocolError(
      ProtocolErrorCode.MethodNotFound,
      started.reason ??
        `Tool '${params.name}' does not support task-augmented calls (its execution.taskSupport is forbidden): call it without "task".`,
    );
  }
  return undefined;
}

/**
 * For connection-long instances: notifications/tools/list_changed whenever the provider's tools change,
 * and resources/list_changed with it (the resources follow the tools).
 */
function forwardToolsChanged(server: Server, provider: ToolProvider): void {
  if (!provider.onToolsChanged) return;
  const unsubscribe = provider.onToolsChanged(() => {
    // Failing to send means the instance never connected (a discarded discovery probe) or has closed:
    // that is the signal to stop listening, not an error to report.
    server.sendToolListChanged().catch(() => unsubscribe());
    if (provider.resources) server.sendResourceListChanged().catch(() => unsubscribe());
  });
  const previous = server.onclose;
  server.onclose = () => {
    unsubscribe();
    previous?.();
  };
}

/** The W3C trace context the request carries in `_meta` (a reserved key on every revision). */
function traceContext(params: ToolCallParams): { traceparent?: string } {
  const traceparent = params._meta?.[TRACEPARENT_META_KEY];
  return typeof traceparent === 'string' ? { traceparent } : {};
}

function isTaskAugmented(params: unknown): boolean {
  const task = (params as { task?: unknown }).task;
  return typeof task === 'object' && task !== null;
}

async function unknownTool(provider: ToolProvider, name: string): Promise<ProtocolError> {
  const known = (await provider.listTools()).map((t) => t.name);
  return new ProtocolError(
    ProtocolErrorCode.InvalidParams,
    `Unknown tool: '${name}'. Call tools/list for the tools this server serves` +
      (known.length
        ? ` (${known.length} now: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}).`
        : '; it serves none now.'),
  );
}
