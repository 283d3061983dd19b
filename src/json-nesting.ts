/**
 * How deeply JSON nests, measured without recursion, so that a value of any depth can be measured (and
 * refused) before anything recursive (a validator, JSON.stringify, a logger) meets it. Depth counts objects
 * and arrays: a scalar is 0, `{}` and `[]` are 1, `{"a":[1]}` is 2. JSON.parse itself builds values of any
 * depth without recursion (V8's parser keeps its own stack), so text is parsed first and measured after.
 */

/**
 * How deeply tool arguments may nest (objects and arrays; the arguments object itself is level 1). Real
 * inputs stay far below it. A JSON-RPC message has its own limit (src/mcp/inbound.ts), which counts a
 * tools/call's arguments as one level: arguments are judged by this limit alone, so that a call with deep
 * arguments gets a tool error naming it.
 */
export const MAX_ARGUMENT_DEPTH = 64;

/** The refusal of arguments nested too deeply, in the words of every other invalid-arguments result. */
export function tooDeepArguments(toolName: string, nothingDone: string): string {
  return (
    `Invalid arguments for tool "${toolName}"; ${nothingDone}. Fix these and call again:\n` +
    `- (root): nested more than ${MAX_ARGUMENT_DEPTH} levels deep; arguments may nest objects and arrays ` +
    `at most ${MAX_ARGUMENT_DEPTH} levels deep`
  );
}

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
