/** The request body limit, enforced on the declared length before a byte of the body is read. */
import type { IncomingMessage } from 'node:http';
import { jsonRpcError } from './responses.js';

/** A body over the limit but under this many bytes is read and discarded after the 413. */
const DISCARD_BODY_LIMIT = 64 * 1024 * 1024;

/**
 * A 413 when the declared body is over `maxBodyBytes`, else undefined. The connection stays open while
 * the body is discarded, so the client reads the answer instead of a reset (up to a bound; beyond it,
 * the connection closes). Bodies without a declared length are limited by the MCP handler as it reads.
 */
export function bodyTooLarge(req: IncomingMessage, maxBodyBytes: number): Response | undefined {
  const declared = Number(req.headers['content-length']);
  if (!Number.isFinite(declared) || declared <= maxBodyBytes) return undefined;
  const discard = declared <= DISCARD_BODY_LIMIT;
  if (discard) req.resume();
  return jsonRpcError(
    413,
    -32000,
    `Request body too large: the limit is ${maxBodyBytes} bytes`,
    discard ? {} : { connection: 'close' },
  );
}
