/**
 * The body of a POST to /mcp, read and parsed here rather than by the MCP SDK, so that it is judged
 * before anything else sees it: at most the body limit is read, the text must be UTF-8 and JSON (JSON.parse
 * builds any depth without recursion), each message's nesting is measured before anything recursive meets
 * it (src/mcp/inbound.ts: a tools/call's arguments have their own limit, and arguments beyond it are replaced
 * by a mark, answered with a tool error naming the limit), and batches follow
 * the protocol revision's rules (batches.ts). The SDK then gets the parsed value.
 */
import type { IncomingMessage } from 'node:http';
import { fail, ok, type Result } from '../../result.js';
import { INVALID_REQUEST, markTooDeepArguments, messageTooDeep, tooDeepMessage } from '../inbound.js';
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

/** JSON from UTF-8 bytes, each message's nesting measured before anything else reads it. */
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
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail(
      jsonRpcError(
        400,
        PARSE_ERROR,
        'Parse error: the request body is not valid JSON (one JSON-RPC message is expected)',
      ),
    );
  }
  const messages = Array.isArray(parsed) ? parsed : [parsed];
  if (messages.some(messageTooDeep)) return fail(jsonRpcError(400, INVALID_REQUEST, tooDeepMessage()));
  // The SDK's adapter serializes the body again (recursively): too-deep tool arguments go on as a mark.
  return ok(Array.isArray(parsed) ? parsed.map(markTooDeepArguments) : markTooDeepArguments(parsed));
}
