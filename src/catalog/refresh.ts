/**
 * Incremental refresh: one discovery run against the memo of earlier runs, and the pure
 * comparison that says whether clients must be told (`notifications/tools/list_changed`).
 *
 * What a refresh reads (AWS has no cheaper change signal for state machines: ListStateMachines
 * carries only ARN, name, type and creationDate, and only DescribeStateMachine tells a revision):
 *  - every page of ListStateMachines (new, deleted and re-created machines);
 *  - tags, when needed: a few GetResources calls in bulk, or one ListTagsForResource per machine;
 *  - DescribeStateMachine only for new or re-created machines, machines newly selected, and an
 *    evenly spread 1/recheckEvery of the unchanged ones (each is re-read at least every
 *    recheckEvery refreshes); a full refresh (SIGHUP) re-reads all;
 *  - DescribeSchema once per distinct schema ARN (its SchemaVersion tells whether it moved).
 * A schema document whose content did not change is not converted or checked again: its tool
 * keeps the same inputSchema object, and the validator a call compiled for it (DiscoveryMemo.schemas).
 */
import { runDiscovery, type CatalogClients, type DiscoveryRunOptions } from './discover.js';
import type { DiscoveryMemo } from './memo.js';
import type { SelectionRules } from './selection.js';
import type { Catalog, MachineTool } from './types.js';

export interface CatalogDiff {
  /** Tool names new in the next catalogue. */
  added: string[];
  /** Tool names gone from it. */
  removed: string[];
  /** Tools whose description, input or output schema, annotations or target changed. */
  changed: string[];
}

export interface RefreshResult {
  catalog: Catalog;
  /** True when the tool set or any tool's name, description, schema or annotations changed. */
  changed: boolean;
  diff: CatalogDiff;
  /** AWS API calls the refresh made (SDK retries not counted). */
  calls: number;
  /** Machines whose description was re-read. */
  described: number;
}

/**
 * What clients see of a tool, plus what a call runs: any difference is a change. Compared field by
 * field, the cheap ones first; an unchanged schema is the same object (DiscoveryMemo.schemas), so
 * thousands of tools are compared without serialising their schemas.
 */
function sameTool(a: MachineTool, b: MachineTool): boolean {
  return (
    a.description === b.description &&
    a.wrapsInput === b.wrapsInput &&
    a.machine.invokeArn === b.machine.invokeArn &&
    a.machine.type === b.machine.type &&
    a.confirm === b.confirm &&
    JSON.stringify(a.event) === JSON.stringify(b.event) &&
    JSON.stringify(a.annotations) === JSON.stringify(b.annotations) &&
    (a.inputSchema === b.inputSchema || JSON.stringify(a.inputSchema) === JSON.stringify(b.inputSchema)) &&
    a.wrapsOutput === b.wrapsOutput &&
    (a.outputSchema === b.outputSchema || JSON.stringify(a.outputSchema) === JSON.stringify(b.outputSchema))
  );
}

/** Pure: which tools were added, removed or changed between two catalogues. */
export function diffCatalogs(previous: Catalog | undefined, next: Catalog): CatalogDiff {
  const before = new Map((previous?.tools ?? []).map((t) => [t.name, t]));
  const after = new Set(next.tools.map((t) => t.name));
  const added = next.tools.filter((t) => !before.has(t.name)).map((t) => t.name);
  const removed = [...before.keys()].filter((n) => !after.has(n));
  const changed = next.tools
    .filter((t) => {
      const old = before.get(t.name);
      return old !== undefined && !sameTool(old, t);
    })
    .map((t) => t.name);
  return { added, removed, changed };
}

export function hasChanges(diff: CatalogDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length > 0;
}

export async function refreshCatalog(
  clients: CatalogClients,
  rules: SelectionRules,
  memo: DiscoveryMemo,
  previous: Catalog | undefined,
  opts: DiscoveryRunOptions,
): Promise<RefreshResult> {
  const result = await runDiscovery(clients, rules, memo, opts);
  const diff = diffCatalogs(previous, result.catalog);
  return {
    catalog: result.catalog,
    changed: previous === undefined || hasChanges(diff),
    diff,
    calls: result.calls,
    described: result.described,
  };
}
