/**
 * One HTTP request, from arrival to answer: the access log around it; while shutting down, 503; then
 * /healthz, /readyz, the RFC 9728 metadata and /mcp. In front of /mcp, before any byte of the body is
 * read: the Host and Origin checks, authentication and the body limit; a request refused there is
 * answered with the connection closed, its body unread (responses.ts, refuse). Then the body is read
 * and parsed here (body.ts: UTF-8, nesting, JSON; batches.ts) and handed to the MCP SDK parsed.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { isJsonContentType, type AuthInfo } from '@modelcontextprotocol/server';
import type { NodeMcpRequestHandler } from '@modelcontextprotocol/node';
import type { Logger } from '../../log.js';
import type { HttpAuthenticator } from '../auth/index.js';
import { describeMessage, recordAccess, type AccessInfo } from './access-log.js';
import { batchRefusal } from './batches.js';
import { readMessage } from './body.js';
import { bodyTooLarge } from './body-limit.js';
import { HEALTH_PATH, healthResponse, READINESS_PATH, readinessResponse, type Readiness } from './health.js';
import type { HeaderCheck } from './host-checks.js';
import { resourceMetadataResponse } from './resource-metadata.js';
import { headersOnly, leaveConnectionToNode, pathOf, refuse, send } from './responses.js';
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
  if (shuttingDown) return refuse(req, res, shuttingDown);
  if (path === HEALTH_PATH) return send(res, healthResponse());
  if (path === READINESS_PATH) return send(res, await readinessResponse(handling.readiness));
  const metadata = handling.auth.protectedResourceMetadata();
  if (metadata && handling.auth.metadataPaths().includes(path.replace(/\/$/, ''))) {
    const answer = resourceMetadataResponse(req.method ?? 'GET', metadata);
    return answer.ok ? send(res, answer) : refuse(req, res, answer);
  }
  if (path !== MCP_PATH) {
    return refuse(
      req,
      res,
      Response.json({ error: `Not found: the MCP endpoint is ${MCP_PATH}` }, { status: 404 }),
    );
  }
  return serveMcp(handling, req, res, info);
}

/** /mcp: everything up to reading the body is decided on the headers alone. */
async function serveMcp(
  handling: RequestHandling,
  req: IncomingMessage,
  res: ServerResponse,
  info: AccessInfo,
): Promise<void> {
  const probe = headersOnly(req);
  const rejected = handling.checkHeaders(probe);
  if (rejected) return refuse(req, res, rejected);
  const outcome = await handling.auth.authenticate(probe.headers.get('authorization'));
  if (!outcome.ok) return refuse(req, res, outcome.error);
  if (outcome.value) {
    info.client = outcome.value.clientId;
    // Where the Node adapter hands the caller on to the MCP handler (ctx.authInfo).
    (req as IncomingMessage & { auth?: AuthInfo }).auth = outcome.value;
  }
  const tooLarge = bodyTooLarge(req, handling.maxBodyBytes);
  if (tooLarge) return refuse(req, res, tooLarge);
  // Node sends "100 Continue" only now, for a client that waits for it: a refused one never sends its body.
  if (req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();
  if (req.method !== 'POST' || !isJsonContentType(req.headers['content-type'] ?? null)) {
    // No message to read (GET, DELETE) or not JSON: the SDK answers (405, 415).
    leaveConnectionToNode(res);
    return handling.nodeHandler(req, res);
  }
  return serveMessage(handling, req, res, info);
}

/** A POSTed JSON body: read, parsed and checked here; the SDK gets the parsed message. */
async function serveMessage(
  handling: RequestHandling,
  req: IncomingMessage,
  res: ServerResponse,
  info: AccessInfo,
): Promise<void> {
  const message = await readMessage(req, handling.maxBodyBytes);
  if (!message.ok) {
    if (message.error === 'gone') return;
    return message.error.status === 413 ? refuse(req, res, message.error) : send(res, message.error);
  }
  describeMessage(info, message.value);
  const version = req.headers['mcp-protocol-version'];
  const refused = batchRefusal(message.value, Array.isArray(version) ? version[0] : version);
  if (refused) return send(res, refused);
  // A subscriptions/listen stream lives as long as the client wants: not work in flight.
  if (info.mcpMethod !== 'subscriptions/listen') handling.shutdown.count(res);
  leaveConnectionToNode(res);
  await handling.nodeHandler(req, res, message.value);
}
