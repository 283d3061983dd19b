import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createMcpHandler,
  hostHeaderValidationResponse,
  localhostAllowedHostnames,
  localhostAllowedOrigins,
  originValidationResponse,
  type AuthInfo,
  type McpRequestContext,
} from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import type { Logger } from '../log.js';
import { ConfigError } from '../config.js';
import {
  authExtra,
  HttpAuthenticator,
  isLoopbackHost,
  isWildcardHost,
  resolveResourceUrl,
  type HttpAuthSettings,
} from './auth/index.js';
import { allowedTools, filterProvider } from './auth/tool-scopes.js';
import type { ToolProvider } from './provider.js';
import { createServer } from './server.js';

export interface Readiness {
  ready: boolean;
  /** Named checks, e.g. { catalogue: 'loaded', aws: 'reachable' }; never secrets or AWS messages. */
  checks: Record<string, string>;
}

export interface HttpOptions {
  host: string;
  port: number;
  provider: ToolProvider;
  version: string;
  /** From resolveHttpAuth(config): tokens, OAuth, tool scopes, resource URL. */
  auth: HttpAuthSettings;
  /** Extra Host header values accepted (besides loopback names and the resource URL's host). */
  allowedHosts: string[];
  /** Extra browser origins accepted (hostnames or origins). */
  allowedOrigins: string[];
  maxBodyBytes: number;
  /** What /readyz reports. */
  readiness: () => Promise<Readiness>;
  log: Logger;
}

export interface RunningHttpServer {
  url: string;
  /** The RFC 8707 resource identifier the server answers for. */
  resourceUrl: string;
  /** MCP requests being answered now (long-lived listen streams excluded). */
  inFlight(): number;
  /** Stop taking work: new connections are refused and new requests answered 503; in-flight ones go on. */
  stopAccepting(): void;
  /** Resolves true once no MCP request is in flight, or false after `timeoutMs`. */
  waitIdle(timeoutMs: number): Promise<boolean>;
  /**
   * Publishes notifications/tools/list_changed to open 2026-07-28 `subscriptions/listen` streams.
   * (2025-era clients over stateless HTTP have no stream to receive it: they see changes on their next tools/list.)
   */
  notifyToolsChanged(): void;
  /** Closes everything, in-flight exchanges included. */
  close(): Promise<void>;
}

const MCP_PATH = '/mcp';
/** A body over the limit but under this many bytes is read and discarded after the 413 (see serveNode). */
const DRAIN_BODY_LIMIT = 64 * 1024 * 1024;

/** Host-header allow-list entries from hostnames, host:port values and URLs. */
function hostnameOf(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  try {
    const u = new URL(v.includes('://') ? v : `http://${v}`);
    return u.hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Streamable HTTP at /mcp, stateless: every request gets a fresh server instance from the factory,
 * so any instance behind a load balancer can answer any request. In front of it, before any body is
 * read: Host and Origin validation (DNS-rebinding protection), then authentication. Around it:
 * /healthz, /readyz, RFC 9728 metadata, a body limit, JSON access logs, and draining for shutdown.
 */
export async function serveHttp(options: HttpOptions): Promise<RunningHttpServer> {
  const { log, provider, version } = options;
  const rules = options.auth.toolRules;

  const providerFor = (authInfo: AuthInfo | undefined): ToolProvider => {
    const extra = authExtra(authInfo);
    if (!rules || !authInfo || !extra || extra.unrestricted) return provider;
    return filterProvider(provider, allowedTools(rules, authInfo.scopes));
  };
  const handler = createMcpHandler(
    (ctx: McpRequestContext) => createServer(providerFor(ctx.authInfo), version),
    {
      maxRequestBodySize: options.maxBodyBytes,
      onerror: (error) => log.debug({ err: error.message }, 'mcp request error'),
    },
  );
  const nodeHandler = toNodeHandler(handler, {
    maxRequestBodySize: options.maxBodyBytes,
    onerror: (error) => log.error({ err: error.message }, 'http adapter error'),
  });

  // DNS-rebinding protection. Loopback names are always accepted (a rebinding attack presents the
  // attacker's name, never ours); so are the configured hosts, the resource URL's host and a
  // specific bind address. A wildcard bind with nothing configured cannot know its public name (and
  // load balancers send varied Host values): the Host check is then off and a warning says so. That
  // is safe because such a bind requires authentication (resolveHttpAuth), and a rebinding page
  // cannot send a bearer token. With --allow-unauthenticated only the Origin check is left, and the
  // warning says that instead.
  const extraHosts = options.allowedHosts.map(hostnameOf).filter((h): h is string => h !== undefined);
  if (options.auth.resourceUrl) extraHosts.push(new URL(options.auth.resourceUrl).hostname.toLowerCase());
  if (!isWildcardHost(options.host) && !isLoopbackHost(options.host)) {
    extraHosts.push(
      hostnameOf(
        options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host,
      )!,
    );
  }
  const checkHost = isLoopbackHost(options.host) || extraHosts.length > 0;
  const allowedHostnames = [...new Set([...localhostAllowedHostnames(), ...extraHosts])];
  if (!checkHost) {
    const authenticated = options.auth.staticTokens.length > 0 || options.auth.oauth !== undefined;
    const unknownName =
      `Host header is not checked: bound to ${options.host} (every interface) with neither ` +
      'SFN_MCP_ALLOWED_HOSTS nor SFN_MCP_RESOURCE_URL set, so the public name is unknown. ';
    const toCheck =
      'To check Host too, set SFN_MCP_RESOURCE_URL to the public URL of /mcp (https://<name>/mcp) ' +
      'or SFN_MCP_ALLOWED_HOSTS to every name clients and the load balancer send.';
    log.warn(
      { host: options.host, hostCheck: 'off', authentication: authenticated },
      authenticated
        ? `${unknownName}Safe as it is: every request to /mcp must authenticate, which defeats DNS rebinding ` +
            `(a rebinding web page cannot send a bearer token), and the Origin check stays on. ${toCheck}`
        : `${unknownName}With no authentication either (--allow-unauthenticated), only the Origin check ` +
            'stands against DNS rebinding, and browsers that send no Origin are not stopped. ' +
            'Configure authentication, or set SFN_MCP_ALLOWED_HOSTS or SFN_MCP_RESOURCE_URL.',
    );
  }
  const originHosts = options.allowedOrigins.map(hostnameOf).filter((h): h is string => h !== undefined);
  if (options.auth.resourceUrl) originHosts.push(new URL(options.auth.resourceUrl).hostname.toLowerCase());
  const allowedOriginHostnames = [...new Set([...localhostAllowedOrigins(), ...originHosts])];

  // Built once listening, when the bound address (and so the default resource URL) is known.
  const late: { auth?: HttpAuthenticator } = {};
  let accepting = true;
  let inFlight = 0;
  const idleWaiters = new Set<() => void>();
  const settled = () => {
    inFlight--;
    if (inFlight === 0) for (const wake of idleWaiters) wake();
  };

  const serveNode = async (req: IncomingMessage, res: ServerResponse, info: AccessInfo): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!accepting) {
      return send(
        res,
        Response.json(
          {
            jsonrpc: '2.0',
            id: null,
            error: { code: -32000, message: 'Server is shutting down; retry on another instance' },
          },
          { status: 503, headers: { connection: 'close', 'retry-after': '1' } },
        ),
      );
    }
    if (path === '/healthz') return send(res, Response.json({ status: 'ok' }));
    if (path === '/readyz') {
      const r = await options.readiness();
      return send(
        res,
        Response.json(
          { status: r.ready ? 'ready' : 'unavailable', ...r.checks },
          { status: r.ready ? 200 : 503 },
        ),
      );
    }
    if (late.auth!.metadataPaths().includes(path.replace(/\/$/, ''))) {
      return send(res, metadataResponse(req.method ?? 'GET', late.auth!.protectedResourceMetadata()!));
    }
    if (path !== MCP_PATH) {
      return send(
        res,
        Response.json({ error: `Not found: ${path}; the MCP endpoint is ${MCP_PATH}` }, { status: 404 }),
      );
    }

    // Everything below is decided on the headers alone, before a byte of the body is read.
    const probe = headersOnly(req);
    const rejected =
      (checkHost ? hostHeaderValidationResponse(probe, allowedHostnames) : undefined) ??
      originValidationResponse(probe, allowedOriginHostnames);
    if (rejected) return send(res, rejected);
    const outcome = await late.auth!.authenticate(probe.headers.get('authorization'));
    if (!outcome.ok) return send(res, outcome.error);
    if (outcome.value) {
      info.client = outcome.value.clientId;
      (req as IncomingMessage & { auth?: AuthInfo }).auth = outcome.value;
    }

    // A declared body over the limit: 413 at once. The connection stays open while the body is
    // discarded, so the client reads the answer instead of a reset (up to a bound; beyond it, close).
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > options.maxBodyBytes) {
      const drain = declared <= DRAIN_BODY_LIMIT;
      if (drain) req.resume();
      return send(
        res,
        Response.json(
          {
            jsonrpc: '2.0',
            id: null,
            error: {
              code: -32000,
              message: `Request body too large: the limit is ${options.maxBodyBytes} bytes`,
            },
          },
          { status: 413, headers: drain ? {} : { connection: 'close' } },
        ),
      );
    }

    // A subscriptions/listen stream lives as long as the client wants: not "in flight" work.
    const counted = info.mcpMethod !== 'subscriptions/listen';
    if (counted) {
      inFlight++;
      let done = false;
      const finish = () => {
        if (!done) {
          done = true;
          settled();
        }
      };
      res.once('finish', finish);
      res.once('close', finish);
    }
    await nodeHandler(req, res);
  };

  const accessLog = log.child({ kind: 'access' });
  const server = createHttpServer((req, res) => {
    const started = performance.now();
    const remote = req.socket.remoteAddress;
    const info: AccessInfo = {};
    const mcpMethod = req.headers['mcp-method'];
    if (typeof mcpMethod === 'string') info.mcpMethod = mcpMethod;
    const mcpName = req.headers['mcp-name'];
    res.once('close', () => {
      // Access log: never the Authorization header, tokens, query strings or bodies.
      accessLog.info(
        {
          method: req.method,
          path: (req.url ?? '/').split('?')[0],
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
    serveNode(req, res, info).catch((error: unknown) => {
      log.error({ err: (error as Error).message }, 'http request failed');
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: 'Internal error' } }),
        );
      } else res.destroy();
    });
  });
  // Keep-alive sockets from a load balancer must outlive its idle timeout (ALB: 60 s).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(listenError(error, options.host, options.port)),
    );
    server.listen(options.port, options.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}${MCP_PATH}`;
  const auth = new HttpAuthenticator(options.auth, resolveResourceUrl(options.auth, url), log);
  late.auth = auth;

  return {
    url,
    notifyToolsChanged: () => handler.notify.toolsChanged(),
    resourceUrl: auth.resourceUrl.href,
    inFlight: () => inFlight,
    stopAccepting: () => {
      if (!accepting) return;
      accepting = false;
      server.close();
      server.closeIdleConnections();
    },
    waitIdle: (timeoutMs) =>
      new Promise<boolean>((resolve) => {
        if (inFlight === 0) return resolve(true);
        const wake = () => {
          clearTimeout(timer);
          idleWaiters.delete(wake);
          resolve(true);
        };
        const timer = setTimeout(() => {
          idleWaiters.delete(wake);
          resolve(inFlight === 0);
        }, timeoutMs);
        idleWaiters.add(wake);
      }),
    close: async () => {
      accepting = false;
      await handler.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

interface AccessInfo {
  mcpMethod?: string;
  client?: string;
}

/** A body-less web Request carrying the Node request's headers, for the header checks. */
function headersOnly(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return new Request(`http://localhost${req.url ?? '/'}`, { method: 'GET', headers });
}

/** RFC 9728 document: JSON, readable cross-origin (browser-based clients fetch it), GET/HEAD only. */
function metadataResponse(method: string, document: Record<string, unknown>): Response {
  const cors = { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=300' };
  if (method === 'OPTIONS') {
    return new Response(null, {
      status: 204,
      headers: {
        ...cors,
        'access-control-allow-methods': 'GET, HEAD, OPTIONS',
        'access-control-allow-headers': '*',
      },
    });
  }
  if (method !== 'GET' && method !== 'HEAD') {
    return Response.json(
      { error: 'method_not_allowed' },
      { status: 405, headers: { ...cors, allow: 'GET, HEAD, OPTIONS' } },
    );
  }
  const response = Response.json(document, { headers: cors });
  return method === 'HEAD' ? new Response(null, { headers: response.headers }) : response;
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) headers[name] = value;
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.writeHead(response.status, headers);
  res.end(body);
}

/** A bind that fails is a configuration problem: say which setting to change, in one line. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new ConfigError(
        `SFN_MCP_PORT / --port: ${where} is already in use; choose another port (0 = any free port)`,
      );
    case 'EACCES':
      return new ConfigError(
        `SFN_MCP_PORT / --port: no permission to listen on ${where}; use a port above 1023`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new ConfigError(`SFN_MCP_HOST / --host: '${host}' is not an address of this machine`);
    default:
      return error;
  }
}
