/** One JSON access-log line per HTTP request: never the Authorization header, tokens, query strings or bodies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../log.js';
import { pathOf } from './responses.js';

/** What the request handling learns for the access log: the MCP method, and the caller once authenticated. */
export interface AccessInfo {
  mcpMethod?: string;
  client?: string;
}

/** Starts the access record of one request; its line is written when the response closes. */
export function recordAccess(accessLog: Logger, req: IncomingMessage, res: ServerResponse): AccessInfo {
  const started = performance.now();
  const remote = req.socket.remoteAddress;
  const info: AccessInfo = {};
  const mcpMethod = req.headers['mcp-method'];
  if (typeof mcpMethod === 'string') info.mcpMethod = mcpMethod;
  const mcpName = req.headers['mcp-name'];
  res.once('close', () => {
    accessLog.info(
      {
        method: req.method,
        path: pathOf(req),
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        remote,
        ...(info.mcpMethod ? { mcpMethod: info.mcpMethod } : {}),
        ...(info.mcpMethod === 'tools/call' && typeof mcpName === 'string' ? { tool: mcpName } : {}),
        ...(info.client ? { client: info.client } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      },
      'http request',
    );
  });
  return info;
}
