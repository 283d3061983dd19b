import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.js';
import { errorMessage } from '../result.js';
import { ApiError } from './errors.js';

/** Reading requests and writing responses in the two AWS protocols the engine speaks. */

// CreateStateMachine definitions reach 1 MiB; leave room for JSON escaping.
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) {
      throw new ApiError(
        'ValidationException',
        `The request body is larger than ${MAX_BODY_BYTES} bytes`,
        413,
      );
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJsonBody(text: string, serializationError: (message: string) => ApiError): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw serializationError(`The request body is not valid JSON: ${errorMessage(err)}`);
  }
}

/** What an operation answers: an HTTP status and, unless empty, a JSON body. */
export interface Answer {
  status: number;
  body?: unknown;
}

/** Reads and drops the body of a request that is refused anyway; a failure to read it changes nothing. */
export async function discardBody(req: IncomingMessage, log: Logger): Promise<void> {
  await readBody(req).catch((err: unknown) =>
    log.debug({ err }, 'the body of a refused request was not read'),
  );
}

export type Protocol = 'json1.0' | 'json1.1' | 'rest-json' | 'plain';

const CONTENT_TYPES: Record<Protocol, string> = {
  'json1.0': 'application/x-amz-json-1.0',
  'json1.1': 'application/x-amz-json-1.1',
  'rest-json': 'application/json',
  plain: 'application/json',
};

export function sendJson(res: ServerResponse, protocol: Protocol, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': CONTENT_TYPES[protocol],
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

/** AWS's error shapes: `{__type, message}` for JSON 1.0, `{Code, Message}` for REST JSON. */
export function sendError(res: ServerResponse, protocol: Protocol, err: ApiError): void {
  if (res.headersSent || res.destroyed) return;
  const body =
    protocol === 'rest-json'
      ? { Code: err.type, Message: err.message }
      : { __type: err.type, message: err.message };
  const text = JSON.stringify(body);
  res.writeHead(err.status, {
    'content-type': CONTENT_TYPES[protocol],
    'content-length': Buffer.byteLength(text),
    'x-amzn-errortype': err.type,
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

/** Epoch seconds, as JSON 1.0 carries timestamps. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
