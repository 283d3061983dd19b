/** Web `Response`s written to Node responses, and the answers several parts of the HTTP server give. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Writes a web Response (status, headers, body) to the Node response. */
export async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) headers[name] = value;
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.writeHead(response.status, headers);
  res.end(body);
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
