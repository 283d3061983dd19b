/**
 * Tool annotations from machine tags: the title defaults to the machine name and the hints stay
 * unset (MCP's cautious defaults) unless the machine carries these tags. Pure.
 *
 *   mcp:title        any non-blank text, at most 256 characters (AWS's tag value limit)
 *   mcp:readOnly     true | false   -> readOnlyHint
 *   mcp:destructive  true | false   -> destructiveHint
 *   mcp:idempotent   true | false   -> idempotentHint
 *   mcp:openWorld    true | false   -> openWorldHint
 *
 * Keys and values are compared case-insensitively, values trimmed; anything else is ignored with a
 * warning, as is an unknown `mcp:` key (almost always a typo). `mcp:confirm` is read by confirm-tag.ts.
 */
import type { TagList } from './selection.js';
import { CONFIRM_TAG } from './confirm-tag.js';
import type { ToolAnnotations } from './types.js';

export const ANNOTATION_TAG_PREFIX = 'mcp:';
export const TITLE_TAG = 'mcp:title';

const HINT_TAGS: ReadonlyArray<[string, Exclude<keyof ToolAnnotations, 'title'>]> = [
  ['mcp:readOnly', 'readOnlyHint'],
  ['mcp:destructive', 'destructiveHint'],
  ['mcp:idempotent', 'idempotentHint'],
  ['mcp:openWorld', 'openWorldHint'],
];

export const ANNOTATION_TAGS: readonly string[] = [TITLE_TAG, ...HINT_TAGS.map(([tag]) => tag)];
/** Every `mcp:` tag the server reads. */
export const MCP_TAGS: readonly string[] = [...ANNOTATION_TAGS, CONFIRM_TAG];

export function annotationsFromTags(
  machineName: string,
  tags: TagList | undefined,
): { annotations: ToolAnnotations; warnings: string[] } {
  const annotations: ToolAnnotations = { title: machineName };
  const warnings: string[] = [];
  const byKey = new Map<string, string>();
  const original = new Map<string, string>();
  for (const t of tags ?? []) {
    if (t.key === undefined || !t.key.toLowerCase().startsWith(ANNOTATION_TAG_PREFIX)) continue;
    byKey.set(t.key.toLowerCase(), t.value ?? '');
    original.set(t.key.toLowerCase(), t.key);
  }

  const title = byKey.get(TITLE_TAG.toLowerCase())?.trim();
  if (title) annotations.title = title;
  else if (byKey.has(TITLE_TAG.toLowerCase()))
    warnings.push(
      `state machine ${machineName}: tag ${TITLE_TAG} is blank; the title stays "${machineName}"`,
    );

  for (const [tag, hint] of HINT_TAGS) {
    const raw = byKey.get(tag.toLowerCase());
    if (raw === undefined) continue;
    const value = raw.trim().toLowerCase();
    if (value === 'true') annotations[hint] = true;
    else if (value === 'false') annotations[hint] = false;
    else
      warnings.push(
        `state machine ${machineName}: tag ${tag} has the value "${raw}"; use true or false (ignored)`,
      );
  }
  const known = new Set(MCP_TAGS.map((t) => t.toLowerCase()));
  for (const key of byKey.keys()) {
    if (!known.has(key))
      warnings.push(
        `state machine ${machineName}: tag ${original.get(key)} is not a tag this server reads (${MCP_TAGS.join(', ')}); ignored`,
      );
  }
  return { annotations, warnings };
}
