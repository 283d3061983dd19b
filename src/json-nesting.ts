/**
 * How deeply JSON nests, measured without recursion, so that a value or a text of any depth can be
 * measured (and refused) before anything recursive (a validator, JSON.stringify, a logger) meets it.
 * Depth counts objects and arrays: a scalar is 0, `{}` and `[]` are 1, `{"a":[1]}` is 2.
 */

/** The nesting depth of a parsed value; stops at `limit + 1` (anything deeper is "too deep"). */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    const here = depth + 1;
    if (here > limit) return limit + 1;
    if (here > deepest) deepest = here;
    // Own enumerable values, as JSON.parse made them (an own `__proto__` key included).
    for (const child of Object.values(item)) {
      if (typeof child === 'object' && child !== null) pending.push([child, here]);
    }
  }
  return deepest;
}

/**
 * The nesting depth of JSON text, in one pass over its characters (brackets inside strings do not
 * count); stops at `limit + 1`. The text need not be valid JSON: an unclosed `[[[` counts as deep.
 */
export function textNestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > limit) return limit + 1;
      if (depth > deepest) deepest = depth;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
