import { describe, expect, it } from 'vitest';
import { MAX_STDIO_LINE_BYTES, batchLineWatcher, batchRefusalMessage } from '../../src/mcp/stdio-batches.js';

/** The batches the watcher reports when `input` arrives in `chunkSize`-byte chunks. */
function batchesIn(input: string | Buffer, chunkSize = Infinity): unknown[][] {
  const found: unknown[][] = [];
  const watch = batchLineWatcher((batch) => found.push(batch));
  const bytes = Buffer.from(input);
  const step = Math.min(chunkSize, bytes.length || 1);
  for (let i = 0; i < bytes.length; i += step) watch(bytes.subarray(i, i + step));
  return found;
}

const BATCH = JSON.stringify([
  { jsonrpc: '2.0', id: 1, method: 'tools/list' },
  { jsonrpc: '2.0', id: 2, method: 'ping' },
]);

describe('batchLineWatcher', () => {
  it('reports every line that is a JSON array, and no other line', () => {
    const lines = [
      '{"jsonrpc":"2.0","id":1,"method":"ping"}',
      BATCH,
      '',
      '   ',
      '[',
      '["unclosed"',
      'null',
      '  \t[]\r',
      '"[not an array]"',
      '{"jsonrpc":"2.0","method":"x","params":[1,2]}',
      '[1]',
    ];
    expect(batchesIn(`${lines.join('\n')}\n`)).toEqual([JSON.parse(BATCH), [], [1]]);
  });

  it('finds the same batches whatever the chunks the bytes arrive in', () => {
    const input = `{"a":1}\n${BATCH}\n  [2, "é[\\n"]\n{"b":[3]}\n[4]\n`;
    const whole = batchesIn(input);
    expect(whole).toEqual([JSON.parse(BATCH), [2, 'é[\n'], [4]]);
    for (const size of [1, 2, 3, 7, 64]) expect(batchesIn(input, size), `chunks of ${size}`).toEqual(whole);
  });

  it('waits for the end of the line before reporting a batch', () => {
    expect(batchesIn(BATCH)).toEqual([]);
  });

  it('stops keeping a line over the stdio line limit, and reads the next line afresh', () => {
    const long = `[${'1,'.repeat(MAX_STDIO_LINE_BYTES / 2)}1]`;
    expect(batchesIn(`${long}\n[5]\n`, 1024 * 1024)).toEqual([[5]]);
  });
});

describe('batchRefusalMessage', () => {
  it('is an Invalid Request with id null that names the revision which removed batches', () => {
    expect(batchRefusalMessage('2025-11-25')).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32600,
        message:
          'Invalid Request: JSON-RPC batches are not accepted under protocol revision 2025-11-25 ' +
          '(revision 2025-06-18 removed them); send each message on its own line. Nothing in the batch was run.',
      },
    });
  });

  it('says batches are never read over stdio under an older revision, or before the handshake', () => {
    for (const revision of ['2025-03-26', '2024-11-05', undefined]) {
      const { error } = batchRefusalMessage(revision) as unknown as { error: { message: string } };
      expect(error.message).toBe(
        'Invalid Request: JSON-RPC batches are not accepted over stdio, under any protocol revision (this ' +
          'server reads one message per line); send each message on its own line. Nothing in the batch was run.',
      );
    }
  });
});
