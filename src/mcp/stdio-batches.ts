/**
 * JSON-RPC batches over stdio. The SDK's stdio transport reads one message per line and drops a line that
 * holds a batch (a JSON array) without an answer, so a client would wait for its timeout. The lines of
 * stdin are watched beside the transport, and every batch is answered with the Invalid Request error HTTP
 * gives (src/mcp/http/batches.ts); the transport still drops the line, so nothing in the batch runs.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { INVALID_REQUEST } from './inbound.js';
import { stdioBatchRefusal } from './http/batches.js';

/** The SDK's limit on one stdio line; a longer one ends the session, so the watcher stops collecting it. */
export const MAX_STDIO_LINE_BYTES = 10 * 1024 * 1024;

const NEWLINE = 0x0a;
const OPEN_BRACKET = 0x5b;
const BLANKS = new Set([0x20, 0x09, 0x0d]);

/** The answer to a batch: a JSON-RPC error with id null (a batch has no one id). */
export function batchRefusalMessage(revision: string | undefined): JSONRPCMessage {
  const refusal = {
    jsonrpc: '2.0',
    id: null,
    error: { code: INVALID_REQUEST, message: stdioBatchRefusal(revision) },
  };
  return refusal as unknown as JSONRPCMessage; // the SDK's type has no null id
}

/**
 * A consumer of stdin's bytes that calls `onBatch` with every line that parses as a JSON array. Only a line
 * whose first non-blank character is `[` is kept while it arrives (up to MAX_STDIO_LINE_BYTES); every
 * other line is skipped as it streams past.
 */
export function batchLineWatcher(onBatch: (batch: unknown[]) => void): (chunk: Buffer) => void {
  let mode: 'start' | 'collect' | 'skip' = 'start';
  let parts: Buffer[] = [];
  let size = 0;
  const finishLine = (): void => {
    const text = Buffer.concat(parts).toString('utf8');
    parts = [];
    size = 0;
    // An array ends with `]`: anything else (say a megabyte of `[`) is not parsed a second time.
    if (!text.trimEnd().endsWith(']')) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return; // not JSON: the transport drops it as it drops any unparsable line
    }
    if (Array.isArray(parsed)) onBatch(parsed);
  };
  return (chunk) => {
    let i = 0;
    while (i < chunk.length) {
      if (mode === 'start') {
        const c = chunk[i]!;
        if (BLANKS.has(c) || c === NEWLINE) i++;
        else mode = c === OPEN_BRACKET ? 'collect' : 'skip';
        continue;
      }
      const newline = chunk.indexOf(NEWLINE, i);
      const end = newline === -1 ? chunk.length : newline;
      if (mode === 'collect') {
        size += end - i;
        if (size > MAX_STDIO_LINE_BYTES) {
          parts = [];
          size = 0;
          mode = 'skip';
        } else parts.push(chunk.subarray(i, end));
      }
      if (newline === -1) return;
      if (mode === 'collect') finishLine();
      mode = 'start';
      i = newline + 1;
    }
  };
}
