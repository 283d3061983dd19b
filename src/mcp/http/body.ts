/**
 * The body of a POST to /mcp, read and parsed here rather than by the MCP SDK, so that it is judged
 * before anything else sees it: at most the body limit is read, the text must be UTF-8, its nesting is
 * measured in one pass over the characters before JSON.parse (src/json-nesting.ts), and batches follow
 * the protocol revision's rules (batches.ts). The SDK then gets the parsed value.
 */
import type { IncomingMessage } from 'node:http';
import { textNestingDepth } from '../../json-nesting.js';
import { fail, ok, type Result } from '../../result.js';
import { INVALID_REQUEST, MAX_MESSAGE_DEPTH, tooDeepMessage } from '../inbound.js';
import { bodyTooLargeResponse } from './body-limit.js';
import { jsonRpcError } from './responses.js';

const PARSE_ERROR = -32700;

/** Why a body was not read to its end: over the limit, or the client went away. */
export type BodyReadFailure = 'too-large' | 'gone';

/**
 * The whole body, up to `maxBytes`. Past the limit reading stops at once: the request is paused, not
 * destroyed, so the 413 can still be written (and the connection is then closed, see responses.ts).
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Result<Buffer, BodyReadFailure>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: Result<Buffer, BodyReadFailure>): void => {
      req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
      resolve(outcome);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      req.pause();
      finish(fail('too-large'));
    };
    const onEnd = (): void => finish(ok(Buffer.concat(chunks)));
    const onClose = (): void => finish(fail('gone'));
    req.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onClose);
  });
}

/** The parsed body, or the 400 or 413 that refuses it (a JSON-RPC error saying what is wrong and what is allowed). */
export async function readMessage(
  req: IncomingMessage,
  maxBytes: number,
): Promise<Result<unknown, Response | 'gone'>> {
  const body = await readBody(req, maxBytes);
  if (!body.ok) return fail(body.error === 'gone' ? 'gone' : bodyTooLargeResponse(maxBytes));
  return parseMessage(body.value);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** JSON from UTF-8 bytes, its nesting measured first. */
export function parseMessage(bytes: Buffer): Result<unknown, Response> {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail(
      jsonRpcError(
        400,
        PARSE_ERROR,
        'Parse error: the request body is not valid UTF-8; JSON-RPC messages must be UTF-8',
      ),
    );
  }
  if (textNestingDepth(text, MAX_MESSAGE_DEPTH) > MAX_MESSAGE_DEPTH) {
    return fail(jsonRpcError(400, INVALID_REQUEST, tooDeepMessage()));
  }
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return fail(
      jsonRpcError(
        400,
        PARSE_ERROR,
        'Parse error: the request body is not valid JSON (one JSON-RPC message is expected)',
      ),
    );
  }
}
