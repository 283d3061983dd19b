/**
 * Streamable HTTP at /mcp (mcp-endpoint.ts), stateless, so any instance behind a load balancer can
 * answer any request. In front of it, before any body is read: Host and Origin validation
 * (host-checks.ts), then authentication (src/mcp/auth/). Around it: /healthz and /readyz (health.ts),
 * RFC 9728 metadata, a body limit, JSON access logs, and draining for shutdown (shutdown.ts).
 * The request path is requests.ts.
 */
import { createServer as createHttpServer } from 'node:http';
import type { Logger } from '../../log.js';
import { HttpAuthenticator, resolveResourceUrl, type HttpAuthSettings } from '../auth/index.js';
import type { ToolProvider } from '../provider.js';
import type { Readiness } from './health.js';
import { hostAndOriginCheck } from './host-checks.js';
import { listen } from './listen.js';
import { mcpEndpoint } from './mcp-endpoint.js';
import { MCP_PATH, requestListener } from './requests.js';
import { HttpShutdown } from './shutdown.js';

export type { Readiness } from './health.js';

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
  /** Largest request head (request line and headers); Node answers 431 above it. */
  maxHeaderBytes: number;
  /** What /readyz reports. */
  readiness: () => Promise<Readiness>;
  /** The secret that signs the state of calls waiting for a person (src/mcp/input.ts). */
  requestStateKey?: string;
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
  /** The same for notifications/resources/list_changed. */
  notifyResourcesChanged(): void;
  /** Closes everything, in-flight exchanges included. */
  close(): Promise<void>;
}

/** Keep-alive sockets from a load balancer must outlive its idle timeout (ALB: 60 s). */
const KEEP_ALIVE_MS = 65_000;

export async function serveHttp(options: HttpOptions): Promise<RunningHttpServer> {
  const { log } = options;
  const { handler, nodeHandler } = mcpEndpoint({ ...options, toolRules: options.auth.toolRules });
  const checkHeaders = hostAndOriginCheck(options, log);
  const server = createHttpServer({ maxHeaderSize: options.maxHeaderBytes });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  const url = `${await listen(server, options.host, options.port)}${MCP_PATH}`;
  // Listening, so the bound address (and with it the default resource URL) is known. Nothing is awaited
  // from here to the request listener, so no request can arrive before it.
  const auth = new HttpAuthenticator(options.auth, resolveResourceUrl(options.auth, url), log);
  const shutdown = new HttpShutdown(server, handler);
  const listener = requestListener({
    auth,
    checkHeaders,
    maxBodyBytes: options.maxBodyBytes,
    readiness: options.readiness,
    nodeHandler,
    shutdown,
    log,
  });
  server.on('request', listener);
  // Expect: 100-continue is answered by requests.ts once the request is let in, not by Node at once.
  server.on('checkContinue', listener);
  return {
    url,
    resourceUrl: auth.resourceUrl.href,
    inFlight: () => shutdown.exchanges.size,
    stopAccepting: () => shutdown.stopAccepting(),
    waitIdle: (timeoutMs) => shutdown.exchanges.idle(timeoutMs),
    notifyToolsChanged: () => handler.notify.toolsChanged(),
    notifyResourcesChanged: () => handler.notify.resourcesChanged(),
    close: () => shutdown.close(),
  };
}
