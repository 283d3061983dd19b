/** Nesting depth without recursion (src/json-nesting.ts): values and text of any depth are measured safely. */
import { describe, expect, it } from 'vitest';
import { nestingDepth, textNestingDepth } from '../src/json-nesting.js';

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

describe('textNestingDepth', () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['{"a":[1,{"b":2}]}', 3],
    ['"[[[[{{{{"', 0],
    ['{"a":"\\"[[[[", "b":[]}', 2],
    ['["\\\\", [[]]]', 3],
  ])('measures %s as %i', (text, depth) => {
    expect(textNestingDepth(text, 100)).toBe(depth);
  });

  it('stops one past the limit, also in text that never closes', () => {
    expect(textNestingDepth(nested(10_000), 100)).toBe(101);
    expect(textNestingDepth('['.repeat(1_000_000), 100)).toBe(101);
    expect(textNestingDepth(nested(100), 100)).toBe(100);
  });
});
