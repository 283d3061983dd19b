/** Nesting depth without recursion (src/json-nesting.ts): values of any depth are measured safely. */
import { describe, expect, it } from 'vitest';
import { MAX_ARGUMENT_DEPTH, nestingDepth, tooDeepArguments } from '../src/json-nesting.js';

/** `n` arrays inside each other around `inner`, as text. */
const nested = (n: number, inner = '1'): string => '['.repeat(n) + inner + ']'.repeat(n);

describe('nestingDepth', () => {
  it.each([
    [1, 0],
    [null, 0],
    ['text', 0],
    [{}, 1],
    [[], 1],
    [{ a: [1] }, 2],
    [{ a: { b: {} }, c: [[[]]] }, 4],
  ])('measures %j as %i', (value, depth) => {
    expect(nestingDepth(value, 100)).toBe(depth);
  });

  it('measures a value far deeper than the stack allows, stopping one past the limit', () => {
    const deep = JSON.parse(nested(100_000)) as unknown;
    expect(nestingDepth(deep, 64)).toBe(65);
    expect(() => JSON.stringify(deep)).toThrow(RangeError); // what the measurement protects against
  });

  it('counts an own __proto__ key as JSON.parse makes it', () => {
    expect(nestingDepth(JSON.parse('{"__proto__":{"a":{}}}'), 10)).toBe(3);
  });
});

describe('JSON.parse, which the limits rely on', () => {
  it('builds values nested far deeper than any message the limits let through, without recursion', () => {
    // A 1 MiB HTTP body (the default limit) nests at most about 512 Ki levels; text is parsed, then measured.
    const levels = 512 * 1024;
    expect(nestingDepth(JSON.parse(nested(levels)), 100)).toBe(101);
    expect(nestingDepth(JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`), 100)).toBe(101);
  });
});

describe('tooDeepArguments', () => {
  it('names the tool, what was not done, and the limit', () => {
    expect(tooDeepArguments('echo', 'no execution was started')).toBe(
      'Invalid arguments for tool "echo"; no execution was started. Fix these and call again:\n' +
        `- (root): nested more than ${MAX_ARGUMENT_DEPTH} levels deep; arguments may nest objects and arrays ` +
        `at most ${MAX_ARGUMENT_DEPTH} levels deep`,
    );
    expect(MAX_ARGUMENT_DEPTH).toBe(64);
  });
});
