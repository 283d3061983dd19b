import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  createMcpHandler,
  hostHeaderValidationResponse,
  localhostAllowedHostnames,
  localhostAllowedOrigins,
  originValidationResponse,
  type McpServerFactory,
} from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import type { Logger } from '../log.js';

export interface HttpOptions {
  host: string;
  port: number;
  /** Static bearer tokens; empty = no authentication. */
  authTokens: string[];
  /** Catalogue loaded: what /readyz reports. */
  isReady: () => boolean;
  log: Logger;
}

export interface RunningHttpServer {
  url: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Streamable HTTP at /mcp, stateless: every request gets a fresh server instance from the
 * factory, so any instance behind a load balancer can answer any request.
 */
export async function serveHttp(factory: McpServerFactory, options: HttpOptions): Promise<RunningHttpServer> {
  const { log } = options;
  const handler = createMcpHandler(factory, {
    maxRequestBodySize: MAX_BODY_BYTES,
    onerror: (error) => log.warn({ err: error.message }, 'mcp request error'),
  });
  const tokenDigests = options.authTokens.map(digest);
  // DNS-rebinding protection: on a loopback bind only local Host and Origin values are accepted.
  const loopback = LOOPBACK.has(options.host);

  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === '/healthz') return Response.json({ status: 'ok' });
    if (url.pathname === '/readyz') {
      return options.isReady()
        ? Response.json({ status: 'ready' })
        : Response.json({ status: 'loading' }, { status: 503 });
    }
    if (url.pathname !== '/mcp')
      return Response.json(
        { error: `Not found: ${url.pathname}; the MCP endpoint is /mcp` },
        { status: 404 },
      );
    if (loopback) {
      const rejected =
        hostHeaderValidationResponse(request, localhostAllowedHostnames()) ??
        originValidationResponse(request, localhostAllowedOrigins());
      if (rejected) return rejected;
    }
    if (tokenDigests.length > 0 && !authorized(request.headers.get('authorization'), tokenDigests)) {
      return Response.json(
        {
          jsonrpc: '2.0',
          id: null,
          error: { code: -32001, message: 'Unauthorized: send Authorization: Bearer <token>' },
        },
        { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } },
      );
    }
    return handler.fetch(request);
  };

  const nodeHandler = toNodeHandler(
    { fetch },
    {
      maxRequestBodySize: MAX_BODY_BYTES,
      onerror: (error) => log.error({ err: error.message }, 'http adapter error'),
    },
  );
  const server: HttpServer = createHttpServer((req, res) => {
    const started = Date.now();
    res.on('finish', () =>
      log.debug(
        { method: req.method, path: req.url, status: res.statusCode, ms: Date.now() - started },
        'http request',
      ),
    );
    void nodeHandler(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/mcp`,
    close: async () => {
      await handler.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Constant-time comparison over fixed-length digests, so a token's length leaks nothing either. */
function authorized(header: string | null, tokenDigests: Buffer[]): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const presented = digest(match[1].trim());
  let ok = false;
  for (const d of tokenDigests) ok = timingSafeEqual(presented, d) || ok;
  return ok;
}
