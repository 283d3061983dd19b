import {
  Server,
  ProtocolError,
  ProtocolErrorCode,
  type McpServerFactory,
} from '@modelcontextprotocol/server';
import type { ToolProvider, ToolResult } from './provider.js';
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

export function createServer(provider: ToolProvider, version: string, options: ServerOptions = {}): Server {
  const server = new Server(
    { name: SERVER_NAME, version },
    {
      capabilities: {
        tools: { listChanged: true },
        ...(provider.tasks ? taskCapabilities() : {}),
      },
      ...(provider.instructions ? { instructions: provider.instructions } : {}),
    },
  );

  server.setRequestHandler('tools/list', async () => {
    const tools = await provider.listTools();
    return {
      tools: tools.map((t) => ({
        name: t.name,
        ...(t.title ? { title: t.title } : {}),
        description: t.description,
        inputSchema: t.inputSchema as { type: 'object' },
        ...(t.annotations ? { annotations: t.annotations } : {}),
        // 2025-11-25; the SDK's 2026-07-28 codec removes it from the wire.
        ...(t.taskSupport && provider.tasks ? { execution: { taskSupport: t.taskSupport } } : {}),
      })),
    };
  });

  server.setRequestHandler('tools/call', async (request, ctx) => {
    const { name, arguments: args } = request.params;
    const tasks = provider.tasks;
    if (tasks) {
      const era = eraOf(server, ctx);
      // 2025-11-25: the client asks for a task; 2026-07-28: the client allows one and we decide.
      const asked = era === 'legacy' ? isTaskAugmented(request.params) : declaresTasksExtension(ctx);
      if (asked) {
        const started = await tasks.startTask(name, args, { signal: ctx.mcpReq.signal });
        if (started?.kind === 'task') return createTaskResult(started.taskId, started.task, era);
        // Nothing started (invalid arguments, AWS refused): the plain error result says why.
        if (started?.kind === 'refused') return server.projectCallToolResult(started.result, undefined);
        if (started?.kind === 'not-task-capable' && era === 'legacy') {
          throw new ProtocolError(
            ProtocolErrorCode.MethodNotFound,
            `Tool '${name}' does not support task-augmented calls (its execution.taskSupport is forbidden): call it without "task".`,
          );
        }
        // 2026-07-28 and a tool that is not task-capable: the server decides, and answers in the call.
        // No such tool: the plain call below answers "Unknown tool".
      }
    }
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

  if (provider.tasks) registerTaskHandlers(server, provider.tasks);

  if (options.notifyToolsChanged && provider.onToolsChanged) {
    const unsubscribe = provider.onToolsChanged(() => {
      // An instance that never connected (a discarded discovery probe) or has closed stops listening.
      server.sendToolListChanged().catch(() => unsubscribe());
    });
    const previous = server.onclose;
    server.onclose = () => {
      unsubscribe();
      previous?.();
    };
  }

  return server;
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

export type { ToolResult };
