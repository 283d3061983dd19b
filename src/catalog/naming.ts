/**
 * MCP tool names from state machine names. The first steps are the reference server's, so prompts
 * written for it keep working; the length cap and collision handling are ours. Pure and
 * deterministic: the same set of machine names always gives the same tool names, whatever their order.
 */
import { createHash } from 'node:crypto';

/**
 * The tools a large selection is served as, in place of one tool per machine (src/bridge/meta-tools/).
 * The catalogue keeps machines off these names, like off the companion tool's, so a machine's tool name
 * does not change when the selection crosses the tool budget.
 */
export const SEARCH_TOOL = 'search_workflows';
export const RUN_TOOL = 'run_workflow';
export const META_TOOLS: readonly string[] = [SEARCH_TOOL, RUN_TOOL];

/** Clients such as Amazon Q and Claude reject longer tool names. */
export const MAX_TOOL_NAME_LENGTH = 64;
const HASH_HEX_LENGTH = 8;

/**
 * The reference-compatible name: prefix removed, every character outside
 * [A-Za-z0-9_] replaced by `_`, `_` before a leading digit; an empty result
 * (the name equals the prefix) falls back to the full name. Not yet capped.
 *
 * Replacement is per code point, not per UTF-16 code unit: the reference (Python)
 * substitutes per code point, so an emoji or other astral character becomes one
 * `_` there too, and the names stay identical.
 */
export function baseToolName(machineName: string, prefix: string): string {
  const stripped = prefix && machineName.startsWith(prefix) ? machineName.slice(prefix.length) : machineName;
  const source = stripped === '' ? machineName : stripped;
  let cleaned = '';
  for (const ch of source) cleaned += /^[A-Za-z0-9_]$/.test(ch) ? ch : '_';
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

/** A short suffix that depends only on the full machine name, so it survives restarts. */
export function nameHash(machineName: string, hexLength = HASH_HEX_LENGTH): string {
  return createHash('sha256').update(machineName, 'utf8').digest('hex').slice(0, hexLength);
}

function withHash(base: string, machineName: string, hexLength: number): string {
  const suffix = `_${nameHash(machineName, hexLength)}`;
  return base.slice(0, MAX_TOOL_NAME_LENGTH - suffix.length) + suffix;
}

/**
 * Tool names for a set of machines (keyed by machine name). Names over 64
 * characters are cut and given `_<8 hex of sha256(machine name)>`; names that
 * collide (including a hashed name that meets another machine's plain name) all
 * get their own hash suffix, and so does a name equal to one of `reservedNames`
 * (tools the server serves itself, such as `get_execution_result`). The loop
 * only ever adds suffixes, so it ends, and it depends on the set of names only,
 * never on their order.
 */
export function assignToolNames(
  machineNames: Iterable<string>,
  prefix: string,
  reservedNames: Iterable<string> = [],
): Map<string, string> {
  const names = [...new Set(machineNames)].sort();
  const reserved = new Set(reservedNames);
  const base = new Map(names.map((n) => [n, baseToolName(n, prefix)]));
  // 0 = plain, otherwise the number of hex characters in the suffix.
  const hexLength = new Map(
    names.map((n) => [n, base.get(n)!.length > MAX_TOOL_NAME_LENGTH ? HASH_HEX_LENGTH : 0]),
  );
  const render = (n: string): string => {
    const len = hexLength.get(n)!;
    return len === 0 ? base.get(n)! : withHash(base.get(n)!, n, len);
  };

  for (;;) {
    const holders = new Map<string, string[]>();
    for (const n of names) {
      const tool = render(n);
      holders.set(tool, [...(holders.get(tool) ?? []), n]);
    }
    let changed = false;
    for (const [tool, group] of holders) {
      if (group.length < 2 && !reserved.has(tool)) continue;
      for (const n of group) {
        const len = hexLength.get(n)!;
        // Two hashed names can only meet by a hash-prefix collision: lengthen the hash.
        const next = len === 0 ? HASH_HEX_LENGTH : Math.min(len * 2, 32);
        if (next !== len) {
          hexLength.set(n, next);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return new Map(names.map((n) => [n, render(n)]));
}
