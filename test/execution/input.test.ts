/** The 256 KiB input limit, as callMachineTool applies it: a refused input reaches no AWS API. */
import { describe, expect, it } from 'vitest';
import type { ToolCallResult } from '../../src/execution/index.js';
import { MAX_INPUT_BYTES, serialiseInput } from '../../src/execution/input.js';
import { useEchoEngine } from './echo-engine.js';

const echo = useEchoEngine();
const open = { type: 'object', additionalProperties: true };

/** Whether the call ran the machine (true) or was refused before any AWS call (false). */
function ran(r: ToolCallResult): boolean {
  const started = echo.engine.calls.counts().StartSyncExecution ?? 0;
  echo.engine.calls.reset();
  if (r.isError) expect(started).toBe(0);
  else expect(started).toBe(1);
  return !r.isError;
}

/** An object whose JSON is exactly `bytes` long, padded with `char` (1, 2, 3 or 4 UTF-8 bytes). */
function inputOf(bytes: number, char = 'a'): { s: string } {
  const charBytes = Buffer.byteLength(char, 'utf8');
  const overhead = Buffer.byteLength(JSON.stringify({ s: '' }), 'utf8');
  const n = (bytes - overhead) / charBytes;
  if (!Number.isInteger(n)) throw new Error('size does not divide');
  return { s: char.repeat(n) };
}

describe('input size limit', () => {
  it('accepts exactly 262,144 bytes', async () => {
    const input = inputOf(MAX_INPUT_BYTES);
    expect(Buffer.byteLength(JSON.stringify(input))).toBe(262_144);
    expect(ran(await echo.call(open, input))).toBe(true);
  });

  it('refuses one byte more, stating the size and the limit', async () => {
    const r = await echo.call(open, inputOf(MAX_INPUT_BYTES + 1));
    expect(ran(r)).toBe(false);
    expect(r.content[0]!.text).toMatch(
      /^Input too large: 262,145 bytes .*262,144 bytes \(256 KiB\); no execution was started/,
    );
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 3-byte characters: well under the limit in characters, over it in bytes.
    const input = { s: '€'.repeat(90_000) };
    expect(JSON.stringify(input).length).toBeLessThan(MAX_INPUT_BYTES);
    const r = serialiseInput(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('270,008 bytes');
    // 4-byte characters (surrogate pairs) at the limit exactly.
    expect(serialiseInput({ s: '😀'.repeat(65_534) }).ok).toBe(true); // 8 + 262,136 bytes
    expect(serialiseInput({ s: '😀'.repeat(65_535) }).ok).toBe(false);
  });

  it('measures the unwrapped input of a wrapping tool', async () => {
    const schema = { type: 'object', properties: { input: { type: 'string' } } };
    const s = 'a'.repeat(MAX_INPUT_BYTES - 2); // "aaa…" with its quotes is exactly the limit
    expect(ran(await echo.call(schema, { input: s }, { wrapsInput: true }))).toBe(true);
    expect(ran(await echo.call(schema, { input: `${s}a` }, { wrapsInput: true }))).toBe(false);
  });
});
