/**
 * One HTTP request, from arrival to answer: the access log around it; while shutting down, 503; then
 * /healthz, /readyz, the RFC 9728 metadata and /mcp. In front of /mcp, before any byte of the body is
 * read: the Host and Origin checks, authentication and the body limit.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/server';
import type { NodeMcpRequestHandler } from '@modelcontextprotocol/node';
import type { Logger } from '../../log.js';
import type { HttpAuthenticator } from '../auth/index.js';
import { recordAccess, type AccessInfo } from './access-log.js';
import { bodyTooLarge } from './body-limit.js';
import { HEALTH_PATH, healthResponse, READINESS_PATH, readinessResponse, type Readiness } from './health.js';
import type { HeaderCheck } from './host-checks.js';
import { resourceMetadataResponse } from './resource-metadata.js';
import { headersOnly, pathOf, send } from './responses.js';
import type { HttpShutdown } from './shutdown.js';

export const MCP_PATH = '/mcp';

export interface RequestHandling {
  auth: HttpAuthenticator;
  checkHeaders: HeaderCheck;
  maxBodyBytes: number;
  readiness: () => Promise<Readiness>;
  nodeHandler: NodeMcpRequestHandler;
  shutdown: HttpShutdown;
  log: Logger;
}

/** The Node request listener of the server. */
export function requestListener(handling: RequestHandling): RequestListener {
  const { log } = handling;
  const accessLog = log.child({ kind: 'access' });
  return (req, res) => {
    const info = recordAccess(accessLog, req, res);
    route(handling, req, res, info).catch((error: unknown) => {
      log.error({ err: error }, 'http request failed');
      if (res.headersSent) return res.destroy();
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: 'Internal error' } }),
      );
    });
  };
}

async function route(
  handling: RequestHandling,
  req: IncomingMessage,
  res: ServerResponse,
  info: AccessInfo,
): Promise<void> {
  const path = pathOf(req);
  const shuttingDown = handling.shutdown.shuttingDownResponse();
  if (shuttingDown) return send(res, shuttingDown);
  if (path === HEALTH_PATH) return send(res, healthResponse());
  if (path === READINESS_PATH) return send(res, await readinessResponse(handling.readiness));
  const metadata = handling.auth.protectedResourceMetadata();
  if (metadata && handling.auth.metadataPaths().includes(path.replace(/\/$/, ''))) {
    return send(res, resourceMetadataResponse(req.method ?? 'GET', metadata));
  }
  if (path !== MCP_PATH) {
    return send(
      res,
      Response.json({ error: `Not found: ${path}; the MCP endpoint is ${MCP_PATH}` }, { status: 404 }),
    );
  }
  return serveMcp(handling, req, res, info);
}

/** /mcp: everything up to the handler is decided on the headers alone. */
async function serveMcp(
  handling: RequestHandling,
  req: IncomingMessage,
  res: ServerResponse,
  info: AccessInfo,
): Promise<void> {
  const probe = headersOnly(req);
  const rejected = handling.checkHeaders(probe);
  if (rejected) return send(res, rejected);
  const outcome = await handling.auth.authenticate(probe.headers.get('authorization'));
  if (!outcome.ok) return send(res, outcome.error);
  if (outcome.value) {
    info.client = outcome.value.clientId;
    // Where the Node adapter hands the caller on to the MCP handler (ctx.authInfo).
    (req as IncomingMessage & { auth?: AuthInfo }).auth = outcome.value;
  }
  const tooLarge = bodyTooLarge(req, handling.maxBodyBytes);
  if (tooLarge) return send(res, tooLarge);
  // A subscriptions/listen stream lives as long as the client wants: not work in flight.
  if (info.mcpMethod !== 'subscriptions/listen') handling.shutdown.count(res);
  await handling.nodeHandler(req, res);
}
