/**
 * The confirmation tag: a machine tagged `mcp:confirm=true` is started only after the person at the
 * client confirms the call's arguments (MCP elicitation). Key and value case-insensitive, value trimmed;
 * `false` says so explicitly, anything else is ignored with a warning (and the machine starts without
 * confirmation, as untagged ones do). Pure.
 */
import type { TagList } from './selection.js';

export const CONFIRM_TAG = 'mcp:confirm';

export function confirmFromTags(
  machineName: string,
  tags: TagList | undefined,
): { confirm: boolean; warnings: string[] } {
  const tag = (tags ?? []).find((t) => t.key?.toLowerCase() === CONFIRM_TAG);
  if (tag === undefined) return { confirm: false, warnings: [] };
  const value = (tag.value ?? '').trim().toLowerCase();
  if (value === 'true') return { confirm: true, warnings: [] };
  if (value === 'false') return { confirm: false, warnings: [] };
  return {
    confirm: false,
    warnings: [
      `state machine ${machineName}: tag ${CONFIRM_TAG} has the value "${tag.value ?? ''}"; use true or false (ignored: it starts without confirmation)`,
    ],
  };
}
