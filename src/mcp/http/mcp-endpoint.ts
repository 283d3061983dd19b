/**
 * The MCP endpoint itself, stateless: every request gets a fresh server instance from the factory
 * (src/mcp/server.ts), so any instance behind a load balancer can answer any request. With tool scopes
 * configured, each caller's instance serves only the tools its token's scopes allow.
 */
import { createMcpHandler, type AuthInfo, type McpHttpHandler } from '@modelcontextprotocol/server';
import { toNodeHandler, type NodeMcpRequestHandler } from '@modelcontextprotocol/node';
import type { Logger } from '../../log.js';
import { allowedTools, authExtra, filterProvider, type ToolScopeRule } from '../auth/index.js';
import type { ToolProvider } from '../provider.js';
import { createServer } from '../server.js';

export interface McpEndpointOptions {
  provider: ToolProvider;
  version: string;
  toolRules: ToolScopeRule[] | undefined;
  maxBodyBytes: number;
  requestStateKey?: string;
  log: Logger;
}

export interface McpEndpoint {
  /** The web-standard handler: its notifier publishes to listen streams, close() ends its exchanges. */
  handler: McpHttpHandler;
  /** The same handler over Node's request and response (the caller in `req.auth`). */
  nodeHandler: NodeMcpRequestHandler;
}

export function mcpEndpoint(options: McpEndpointOptions): McpEndpoint {
  const { provider, toolRules, log } = options;
  const providerFor = (authInfo: AuthInfo | undefined): ToolProvider => {
    const extra = authExtra(authInfo);
    if (!toolRules || !authInfo || !extra || extra.unrestricted) return provider;
    return filterProvider(provider, allowedTools(toolRules, authInfo.scopes));
  };
  const { requestStateKey } = options;
  const handler = createMcpHandler(
    (ctx) =>
      createServer(providerFor(ctx.authInfo), options.version, {
        ...(requestStateKey ? { requestStateKey } : {}),
        // An authenticated caller's list is for that caller's authorization only.
        listCacheScope: ctx.authInfo ? 'private' : 'public',
      }),
    {
      maxRequestBodySize: options.maxBodyBytes,
      onerror: (error) => log.debug({ err: error }, 'mcp request error'),
    },
  );
  const nodeHandler = toNodeHandler(handler, {
    maxRequestBodySize: options.maxBodyBytes,
    onerror: (error) => log.error({ err: error }, 'http adapter error'),
  });
  return { handler, nodeHandler };
}
