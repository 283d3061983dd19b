import {
  ProtocolError,
  ProtocolErrorCode,
  type CallToolRequest,
  type McpServerFactory,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { appCapabilities, appToolsFor, clientRendersViews, registerAppResources, viewMeta } from './apps.js';
import { GuardedServer } from './inbound.js';
import type { ToolProvider } from './provider.js';
import {
  createTaskResult,
  declaresTasksExtension,
  eraOf,
  registerTaskHandlers,
  taskCapabilities,
} from './tasks.js';

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
}

export function createServer(
  provider: ToolProvider,
  version: string,
  options: ServerOptions = {},
): GuardedServer {
  const server = new GuardedServer(
    { name: SERVER_NAME, version },
    {
      capabilities: capabilitiesOf(provider),
      ...(provider.instructions ? { instructions: provider.instructions } : {}),
    },
  );
  server.setRequestHandler('tools/list', (_request, ctx) => listTools(provider, server, ctx));
  registerToolCall(server, provider);
  if (provider.apps) registerAppResources(server, provider.apps);
  if (provider.tasks) registerTaskHandlers(server, provider.tasks);
  if (options.notifyToolsChanged) forwardToolsChanged(server, provider);
  return server;
}

/** What the server declares: tools, and MCP tasks and MCP Apps when provided, each with its extension. */
function capabilitiesOf(provider: ToolProvider): Record<string, unknown> {
  const tasks: Record<string, unknown> = provider.tasks ? taskCapabilities() : {};
  const apps: Record<string, unknown> = provider.apps ? appCapabilities(provider.apps) : {};
  // Both declare an extension: the two `extensions` objects are joined, not one put over the other.
  const extensions = { ...(tasks.extensions as object), ...(apps.extensions as object) };
  return {
    tools: { listChanged: true },
    ...tasks,
    ...apps,
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
  };
}

async function listTools(provider: ToolProvider, server: Server, ctx: ServerContext) {
  const apps = provider.apps;
  const tools = await provider.listTools();
  const appTools = apps && clientRendersViews(server, ctx, apps) ? appToolsFor(apps) : [];
  return {
    tools: [...tools, ...appTools].map((t) => ({
      name: t.name,
      ...(t.title ? { title: t.title } : {}),
      description: t.description,
      inputSchema: t.inputSchema as { type: 'object' },
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

function registerToolCall(server: GuardedServer, provider: ToolProvider): void {
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const { name } = request.params;
    // Exactly as received: the SDK's copy drops a top-level `__proto__` key (src/mcp/inbound.ts).
    const args = server.argumentsAsReceived(ctx.mcpReq.id) ?? request.params.arguments;
    const apps = provider.apps;
    if (apps?.appTools.some((t) => t.name === name)) {
      // Only a client that renders views sees these tools; to any other they do not exist.
      const result = clientRendersViews(server, ctx, apps)
        ? await apps.callAppTool(name, args, { signal: ctx.mcpReq.signal })
        : undefined;
      if (!result) throw await unknownTool(provider, name);
      return server.projectCallToolResult(result, undefined);
    }
    const asTask = await callAsTask(server, provider, { ...request.params, arguments: args }, ctx);
    if (asTask) return asTask;
    const progressToken = request.params._meta?.progressToken;
    const result = await provider.callTool(name, args, {
      signal: ctx.mcpReq.signal,
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
    return server.projectCallToolResult(result, undefined);
  });
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
) {
  const tasks = provider.tasks;
  if (!tasks) return undefined;
  const era = eraOf(server, ctx);
  // 2025-11-25: the client asks for a task; 2026-07-28: the client allows one and we decide.
  const asked = era === 'legacy' ? isTaskAugmented(params) : declaresTasksExtension(ctx);
  if (!asked) return undefined;
  const started = await tasks.startTask(params.name, params.arguments, { signal: ctx.mcpReq.signal });
  if (started?.kind === 'task') return createTaskResult(started.taskId, started.task, era);
  // Nothing started (invalid arguments, AWS refused): the plain error result says why.
  if (started?.kind === 'refused') return server.projectCallToolResult(started.result, undefined);
  if (started?.kind === 'not-task-capable' && era === 'legacy') {
    throw new ProtocolError(
      ProtocolErrorCode.MethodNotFound,
      `Tool '${params.name}' does not support task-augmented calls (its execution.taskSupport is forbidden): call it without "task".`,
    );
  }
  return undefined;
}

/** For connection-long instances: notifications/tools/list_changed whenever the provider's tools change. */
function forwardToolsChanged(server: Server, provider: ToolProvider): void {
  if (!provider.onToolsChanged) return;
  const unsubscribe = provider.onToolsChanged(() => {
    // Failing to send means the instance never connected (a discarded discovery probe) or has closed:
    // that is the signal to stop listening, not an error to report.
    server.sendToolListChanged().catch(() => unsubscribe());
  });
  const previous = server.onclose;
  server.onclose = () => {
    unsubscribe();
    previous?.();
  };
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
