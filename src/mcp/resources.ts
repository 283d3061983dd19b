/**
 * MCP resources on the low-level server: resources/list, resources/templates/list and resources/read over
 * the provider's ResourceProvider, whose errors become the JSON-RPC errors each revision expects (a
 * resource that is not there: ResourceNotFoundError, -32602).
 */
import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { ResourceRequestError, type ResourceContext, type ResourceProvider } from './provider.js';

/** Capabilities of a server serving resources: clients are told when the list changes. */
export function resourceCapabilities(): { resources: { listChanged: true } } {
  return { resources: { listChanged: true } };
}

export function registerResourceHandlers(server: Server, resources: ResourceProvider): void {
  const context = (ctx: ServerContext): ResourceContext => ({ signal: ctx.mcpReq.signal });
  server.setRequestHandler('resources/list', async (_request, ctx) => ({
    resources: await resources.listResources(context(ctx)),
  }));
  server.setRequestHandler('resources/templates/list', (_request, ctx) => ({
    resourceTemplates: resources.listResourceTemplates(context(ctx)),
  }));
  server.setRequestHandler('resources/read', async (request, ctx) => {
    const { uri } = request.params;
    try {
      return { contents: await resources.readResource(uri, context(ctx)) };
    } catch (err) {
      throw protocolErrorOf(err, uri);
    }
  });
}

function protocolErrorOf(err: unknown, uri: string): unknown {
  if (!(err instanceof ResourceRequestError)) return err;
  switch (err.kind) {
    case 'not-found':
      return new ResourceNotFoundError(uri, err.message);
    case 'invalid':
      // No `data.uri`: a -32602 carrying only the URI would read as "not found".
      return new ProtocolError(ProtocolErrorCode.InvalidParams, err.message);
    default:
      return new ProtocolError(ProtocolErrorCode.InternalError, err.message);
  }
}
