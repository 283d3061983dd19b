/**
 * Arguments nested deeper than MAX_ARGUMENT_DEPTH are refused as invalid arguments, naming the limit,
 * before anything recursive (the validator, the size check) sees them; nothing reaches AWS.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ARGUMENT_DEPTH } from '../../src/json-nesting.js';
import { useEchoEngine } from './echo-engine.js';

const echo = useEchoEngine();
const open = { type: 'object', additionalProperties: true };

/** `{"a": [[[ ... ]]]}` nesting `depth` levels in all (the arguments object is the first). */
function argumentsNested(depth: number): Record<string, unknown> {
  return JSON.parse(`{"a":${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`) as Record<string, unknown>;
}

describe('argument nesting', () => {
  it('runs arguments nested exactly to the limit', async () => {
    const r = await echo.call(open, argumentsNested(MAX_ARGUMENT_DEPTH));
    expect(r.isError, r.content[0]?.text).toBeUndefined();
    expect(echo.engine.calls.counts()).toEqual({ StartSyncExecution: 1 });
  });

  it.each([MAX_ARGUMENT_DEPTH + 1, 10_000, 200_000])(
    'refuses arguments nested %i deep as invalid arguments naming the limit; nothing starts',
    async (depth) => {
      const r = await echo.call(open, argumentsNested(depth));
      expect(r.isError).toBe(true);
      const text = r.content[0]!.text;
      expect(text).toContain('Invalid arguments for tool');
      expect(text).toContain(`at most ${MAX_ARGUMENT_DEPTH} levels`);
      expect(text).not.toMatch(/Internal error|RangeError/);
      expect(echo.engine.calls.counts()).toEqual({});
    },
  );
});
