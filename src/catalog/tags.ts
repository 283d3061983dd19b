/**
 * Where a discovery run's tags come from: nowhere (no rule needs them), the Resource Groups Tagging
 * API in bulk (GetResources: up to 100 machines per call), or one ListTagsForResource per machine
 * (read in describe.ts).
 */
import type {
  ResourceGroupsTaggingAPIClient,
  TagFilter as AwsTagFilter,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { taggingSdk } from '../aws/clients.js';
import { awsErrorText } from '../aws/errors.js';
import type { Logger } from '../log.js';
import type { SelectionRules, TagList } from './selection.js';

export type TaggingClient = Pick<ResourceGroupsTaggingAPIClient, 'send'>;

export type TagSource = { kind: 'none' } | { kind: 'each' } | { kind: 'bulk'; tags: Map<string, TagList> };

/**
 * The tags of every state machine in the region, or (with `keyFilter`) of those carrying that
 * key: a machine absent from the map has none of the requested tags. `onCall` counts calls.
 */
export async function readTagsInBulk(
  client: TaggingClient,
  opts: { keyFilter?: string; onCall?: () => void } = {},
): Promise<Map<string, TagList>> {
  const tags = new Map<string, TagList>();
  const filters: AwsTagFilter[] | undefined = opts.keyFilter ? [{ Key: opts.keyFilter }] : undefined;
  // The Tagging SDK is loaded only by runs that read tags in bulk.
  const { GetResourcesCommand } = taggingSdk();
  let token: string | undefined;
  do {
    opts.onCall?.();
    const page = await client.send(
      new GetResourcesCommand({
        ResourceTypeFilters: ['states:stateMachine'],
        ResourcesPerPage: 100,
        ...(filters ? { TagFilters: filters } : {}),
        ...(token ? { PaginationToken: token } : {}),
      }),
    );
    for (const mapping of page.ResourceTagMappingList ?? []) {
      if (!mapping.ResourceARN) continue;
      tags.set(
        mapping.ResourceARN,
        (mapping.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value })),
      );
    }
    token = page.PaginationToken || undefined;
  } while (token);
  return tags;
}

export interface TagSourceRequest {
  /** Tags are needed in this run (discover.ts tagsNeeded) and some machine is left to read. */
  needed: boolean;
  rules: SelectionRules;
  tagsInBulk: boolean;
  readTags: 'auto' | 'always';
  tagging: TaggingClient | undefined;
  /** Remembers across runs that GetResources failed (DiscoveryMemo.bulkTagsUnavailable). */
  memo: { bulkTagsUnavailable: string | undefined };
  log: Logger;
  onCall: () => void;
}

/**
 * In bulk when asked for and GetResources works; per machine otherwise. A GetResources failure is
 * a warning (tags are then read per machine, in this run and the next ones), never a failed run.
 */
export async function chooseTagSource(
  request: TagSourceRequest,
): Promise<{ source: TagSource; warnings: string[] }> {
  const { needed, rules, tagging, memo } = request;
  if (!needed) return { source: { kind: 'none' }, warnings: [] };
  if (!request.tagsInBulk || memo.bulkTagsUnavailable !== undefined) {
    return { source: { kind: 'each' }, warnings: [] };
  }
  if (!tagging) {
    request.log.debug('tags in bulk requested without a Tagging API client; reading them per machine');
    return { source: { kind: 'each' }, warnings: [] };
  }
  // A tag filter alone needs only the machines that carry its key.
  const keyOnly = rules.tagFilter.kind === 'exact' && !rules.schemaArnTagKey && request.readTags !== 'always';
  try {
    const tags = await readTagsInBulk(tagging, {
      ...(keyOnly && rules.tagFilter.kind === 'exact' ? { keyFilter: rules.tagFilter.key } : {}),
      onCall: request.onCall,
    });
    return { source: { kind: 'bulk', tags }, warnings: [] };
  } catch (err) {
    memo.bulkTagsUnavailable = awsErrorText(err);
    const warning = `tags cannot be read in bulk with the Resource Groups Tagging API (${memo.bulkTagsUnavailable}); reading them per state machine with ListTagsForResource instead`;
    return { source: { kind: 'each' }, warnings: [warning] };
  }
}
