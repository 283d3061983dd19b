/** Web `Response`s written to Node responses, and the answers several parts of the HTTP server give. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { isObject } from '../../result.js';

/** Writes a web Response (status, headers, body) to the Node response. */
export async function send(
  res: ServerResponse,
  response: Response,
  extraHeaders: Record<string, string> = {},
): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) headers[name] = value;
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.writeHead(response.status, { ...headers, ...extraHeaders });
  res.end(body);
}

/**
 * Most of a refused request's body that is read (and dropped) before the answer: a client that sends
 * its whole body before reading then gets the answer, not a reset. A body declared larger is not read.
 */
export const REFUSED_BODY_READ_BYTES = 8 * 1024 * 1024;
/** Longest a refusal waits for that body; also how long a refused connection may stay open at most. */
const REFUSED_GRACE_MS = 2_000;

/**
 * Answers a request refused before its body was read (Host, Origin, authentication, size, path,
 * shutdown) and closes the connection. Kept open, Node would read and discard the whole declared body,
 * however large, to reuse the connection. Here at most REFUSED_BODY_READ_BYTES of it are read, and
 * none when the client waits for "100 Continue" (it never gets one); the answer says
 * `Connection: close`, and Node closes the connection once it is written (or the grace ends it).
 */
export async function refuse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  await dropSmallBody(req);
  const socket = req.socket;
  const timer = setTimeout(() => socket.destroy(), REFUSED_GRACE_MS).unref();
  socket.once('close', () => clearTimeout(timer));
  await send(res, response, { connection: 'close' });
}

/** Reads and drops what is left of a body of at most REFUSED_BODY_READ_BYTES, for at most the grace. */
async function dropSmallBody(req: IncomingMessage): Promise<void> {
  if (req.readableEnded || req.headers.expect?.toLowerCase() === '100-continue') return;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > REFUSED_BODY_READ_BYTES) return;
  await new Promise<void>((resolve) => {
    let read = 0;
    const done = (): void => {
      clearTimeout(timer);
      req.off('data', onData).off('end', done).off('close', done).off('error', done);
      if (!req.readableEnded) req.pause();
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      read += chunk.length;
      if (read > REFUSED_BODY_READ_BYTES) done();
    };
    const timer = setTimeout(done, REFUSED_GRACE_MS);
    req.on('data', onData).on('end', done).on('close', done).on('error', done);
    req.resume(); // a body read that stopped at the limit left the request paused
  });
}

/**
 * The MCP SDK's answers carry `Connection: keep-alive` (on SSE streams), which makes Node keep the
 * connection even when the client asked `Connection: close`. The connection is the HTTP server's
 * business: the handler's Connection header is dropped, and Node answers for the connection as the
 * request asked.
 */
export function leaveConnectionToNode(res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) =>
    writeHead(...args.map(withoutConnection))) as ServerResponse['writeHead'];
}

function withoutConnection(arg: unknown): unknown {
  if (!isObject(arg)) return arg;
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(arg)) {
    if (name.toLowerCase() !== 'connection') headers[name] = value as OutgoingHttpHeaders[string];
  }
  return headers;
}

/** A JSON-RPC error with no request id (the body was never read), as an HTTP response. */
export function jsonRpcError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ jsonrpc: '2.0', id: null, error: { code, message } }, { status, headers });
}

/** The request's path, without the query string (which is never logged). */
export function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

/** A body-less web Request carrying the Node request's headers, for the header checks. */
export function headersOnly(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return new Request(`http://localhost${req.url ?? '/'}`, { method: 'GET', headers });
}
