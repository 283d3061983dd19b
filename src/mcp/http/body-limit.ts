/** The request body limit: a declared length over it is refused before a byte of the body is read. */
import type { IncomingMessage } from 'node:http';
import { jsonRpcError } from './responses.js';

/** The 413 for a body over `maxBodyBytes` (declared, or found while reading). */
export function bodyTooLargeResponse(maxBodyBytes: number): Response {
  return jsonRpcError(413, -32000, `Request body too large: the limit is ${maxBodyBytes} bytes`);
}

/**
 * A 413 when the declared body is over `maxBodyBytes`, else undefined. Nothing of the body is read:
 * the answer closes the connection (src/mcp/http/responses.ts, refuse). Bodies without a declared
 * length are limited as they are read (body.ts).
 */
export function bodyTooLarge(req: IncomingMessage, maxBodyBytes: number): Response | undefined {
  const declared = Number(req.headers['content-length']);
  if (!Number.isFinite(declared) || declared <= maxBodyBytes) return undefined;
  return bodyTooLargeResponse(maxBodyBytes);
}
