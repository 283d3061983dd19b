import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES, validateArguments } from '../../src/execution/index.js';
import { serialiseInput } from '../../src/execution/input.js';
import { toolWith } from './fixtures.js';

const open = toolWith({ type: 'object', additionalProperties: true });

/** An object whose JSON is exactly `bytes` long, padded with `char` (1, 2, 3 or 4 UTF-8 bytes). */
function inputOf(bytes: number, char = 'a'): { s: string } {
  const charBytes = Buffer.byteLength(char, 'utf8');
  const overhead = Buffer.byteLength(JSON.stringify({ s: '' }), 'utf8');
  const n = (bytes - overhead) / charBytes;
  if (!Number.isInteger(n)) throw new Error('size does not divide');
  return { s: char.repeat(n) };
}

describe('input size limit', () => {
  it('accepts exactly 262,144 bytes', () => {
    const input = inputOf(MAX_INPUT_BYTES);
    expect(Buffer.byteLength(JSON.stringify(input))).toBe(262_144);
    expect(validateArguments(open, input).ok).toBe(true);
  });

  it('refuses one byte more, stating the size and the limit', () => {
    const r = validateArguments(open, inputOf(MAX_INPUT_BYTES + 1));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.result.isError).toBe(true);
    expect(r.result.content[0]!.text).toMatch(
      /^Input too large: 262,145 bytes .*262,144 bytes \(256 KiB\); no execution was started/,
    );
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 3-byte characters: well under the limit in characters, over it in bytes.
    const input = { s: '€'.repeat(90_000) };
    expect(JSON.stringify(input).length).toBeLessThan(MAX_INPUT_BYTES);
    const r = serialiseInput(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('270,008 bytes');
    // 4-byte characters (surrogate pairs) at the limit exactly.
    expect(serialiseInput({ s: '😀'.repeat(65_534) }).ok).toBe(true); // 8 + 262,136 bytes
    expect(serialiseInput({ s: '😀'.repeat(65_535) }).ok).toBe(false);
  });

  it('measures the unwrapped input of a wrapping tool', () => {
    const tool = toolWith(
      { type: 'object', properties: { input: { type: 'string' } } },
      { wrapsInput: true },
    );
    const s = 'a'.repeat(MAX_INPUT_BYTES - 2); // "aaa…" with its quotes is exactly the limit
    expect(validateArguments(tool, { input: s }).ok).toBe(true);
    expect(validateArguments(tool, { input: `${s}a` }).ok).toBe(false);
  });
});
