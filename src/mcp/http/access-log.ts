/**
 * One JSON access-log line per HTTP request: never the Authorization header, tokens, query strings or
 * bodies. It says what the server itself parsed and let in, never what a client claims in headers: the
 * MCP method and tool come from the body, read only after authentication; a request that was not
 * authenticated is marked so. Every value a client chose is cut to MAX_LOGGED_CHARS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../log.js';
import { isObject } from '../../result.js';
import { pathOf } from './responses.js';

/** Longest value a client chose that a log line carries; longer ones are cut and marked so. */
export const MAX_LOGGED_CHARS = 200;

/** What the request handling learns for the access log: the caller once authenticated, the parsed MCP message. */
export interface AccessInfo {
  /** The authenticated caller (a token's client, or a static token's digest prefix). */
  client?: string;
  /** The JSON-RPC method of the body, or `batch`. */
  mcpMethod?: string;
  /** For tools/call: the tool the body names. */
  tool?: string;
  /** For a batch: how many messages it holds. */
  batch?: number;
}

/** A client-chosen value, cut to MAX_LOGGED_CHARS with a marker saying how long it was. */
export function capped(value: string): string {
  if (value.length <= MAX_LOGGED_CHARS) return value;
  return `${value.slice(0, MAX_LOGGED_CHARS)}…(cut, ${value.length} characters)`;
}

/** Fills in what the parsed body says: its JSON-RPC method and, for tools/call, the tool. */
export function describeMessage(info: AccessInfo, body: unknown): void {
  if (Array.isArray(body)) {
    info.mcpMethod = 'batch';
    info.batch = body.length;
    return;
  }
  if (!isObject(body) || typeof body.method !== 'string') return;
  info.mcpMethod = body.method;
  const params = body.params;
  if (body.method === 'tools/call' && isObject(params) && typeof params.name === 'string')
    info.tool = params.name;
}

/** Starts the access record of one request; its line is written when the response closes. */
export function recordAccess(accessLog: Logger, req: IncomingMessage, res: ServerResponse): AccessInfo {
  const started = performance.now();
  const remote = req.socket.remoteAddress;
  const info: AccessInfo = {};
  res.once('close', () => {
    accessLog.info(
      {
        method: req.method,
        path: capped(pathOf(req)),
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        remote,
        authenticated: info.client !== undefined,
        ...(info.client !== undefined ? { client: capped(info.client) } : {}),
        ...(info.mcpMethod !== undefined ? { mcpMethod: capped(info.mcpMethod) } : {}),
        ...(info.tool !== undefined ? { tool: capped(info.tool) } : {}),
        ...(info.batch !== undefined ? { batch: info.batch } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      },
      'http request',
    );
  });
  return info;
}
