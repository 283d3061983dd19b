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
 * A schema document whose content did not change is not converted or compiled again: its tool
 * keeps the same inputSchema object, and the validator compiled for it (DiscoveryMemo.schemas).
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
  /** Tools whose description, input schema, annotations or target changed. */
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

/** What clients see of a tool, plus what a call runs: any difference is a change. */
function fingerprint(tool: MachineTool): string {
  return JSON.stringify([
    tool.description,
    tool.inputSchema,
    tool.annotations,
    tool.wrapsInput,
    tool.event ?? null,
    tool.machine.invokeArn,
    tool.machine.type,
  ]);
}

/** Pure: which tools were added, removed or changed between two catalogues. */
export function diffCatalogs(previous: Catalog | undefined, next: Catalog): CatalogDiff {
  const before = new Map((previous?.tools ?? []).map((t) => [t.name, fingerprint(t)]));
  const after = new Map(next.tools.map((t) => [t.name, fingerprint(t)]));
  const added = [...after.keys()].filter((n) => !before.has(n));
  const removed = [...before.keys()].filter((n) => !after.has(n));
  const changed = [...after].filter(([n, f]) => before.has(n) && before.get(n) !== f).map(([n]) => n);
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
