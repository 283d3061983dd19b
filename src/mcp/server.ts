import {
  Server,
  ProtocolError,
  ProtocolErrorCode,
  type McpServerFactory,
} from '@modelcontextprotocol/server';
import type { ToolProvider } from './provider.js';

export const SERVER_NAME = 'stepfunctions-tool-mcp-server';

/**
 * A factory of MCP server instances over one shared tool provider. Instances are cheap and
 * hold no state of their own: the HTTP transport builds one per request, stdio one per connection.
 * The low-level Server is used so each tool's inputSchema is served exactly as the registry
 * holds it (no conversion through a schema library).
 */
export function createServerFactory(provider: ToolProvider, version: string): McpServerFactory {
  return () => createServer(provider, version);
}

export function createServer(provider: ToolProvider, version: string): Server {
  const server = new Server(
    { name: SERVER_NAME, version },
    {
      capabilities: { tools: { listChanged: true } },
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
      })),
    };
  });

  server.setRequestHandler('tools/call', async (request, ctx) => {
    const { name, arguments: args } = request.params;
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
    if (!result) {
      const known = (await provider.listTools()).map((t) => t.name);
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Unknown tool: '${name}'. Call tools/list for the tools this server serves` +
          (known.length
            ? ` (${known.length} now: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}).`
            : '; it serves none now.'),
      );
    }
    return server.projectCallToolResult(result, undefined);
  });

  return server;
}
