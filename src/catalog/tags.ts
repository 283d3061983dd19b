/**
 * Where a discovery run's tags come from: nowhere (no rule needs them), the Resource Groups Tagging
 * API in bulk (GetResources: up to 100 machines per call, the default), or one ListTagsForResource per
 * machine (read in describe.ts): only when asked for, or when tag:GetResources is denied. AWS's quota
 * for ListTagsForResource refills one a second, so per machine a thousand machines take minutes.
 */
import type {
  ResourceGroupsTaggingAPIClient,
  TagFilter as AwsTagFilter,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { loadTaggingSdk } from '../aws/clients.js';
import { awsErrorFamily, awsErrorInfo, awsErrorText, isTransient } from '../aws/errors.js';
import type { Logger } from '../log.js';
import { MCP_TAGS } from './annotations.js';
import type { SelectionRules, TagList } from './selection.js';

export type TaggingClient = Pick<ResourceGroupsTaggingAPIClient, 'send'>;

export type TagSource = { kind: 'none' } | { kind: 'each' } | { kind: 'bulk'; tags: Map<string, TagList> };

/** Where a run reads tags from, and the warning saying why not in bulk when GetResources cannot be used. */
export interface TagSourceChoice {
  source: TagSource;
  warnings: string[];
}

/**
 * The GetResources queries that find every tag a run uses, each a list of TagFilters. With a tag
 * filter, one: the machines carrying the filter's key (GetResources answers all their tags, the schema
 * and `mcp:` tags with them; a machine without the key is outside the selection). The value is checked
 * on the answer, so that a machine left out is reported with the value it carries. Without a tag
 * filter, one query per key the run reads: the input and output schema tags and the `mcp:` tags
 * (annotations and confirmation; keys are matched exactly, as AWS matches them). Pure.
 */
export function bulkQueries(rules: SelectionRules): AwsTagFilter[][] {
  const filter = rules.tagFilter;
  if (filter.kind === 'exact') return [[{ Key: filter.key }]];
  const schemaKeys = [rules.schemaArnTagKey, rules.outputSchemaArnTagKey].filter((k) => k !== undefined);
  const keys = [...schemaKeys, ...MCP_TAGS];
  return [...new Set(keys)].map((Key) => [{ Key }]);
}

/**
 * The tags of every state machine that one of `queries` finds: a machine absent from the map carries
 * none of the tags asked for. `onCall` counts calls.
 */
export async function readTagsInBulk(
  client: TaggingClient,
  queries: readonly AwsTagFilter[][],
  onCall?: () => void,
): Promise<Map<string, TagList>> {
  const tags = new Map<string, TagList>();
  // The Tagging SDK is loaded only by runs that read tags in bulk.
  const { GetResourcesCommand } = await loadTaggingSdk();
  for (const filters of queries) {
    let token: string | undefined;
    do {
      onCall?.();
      const page = await client.send(
        new GetResourcesCommand({
          ResourceTypeFilters: ['states:stateMachine'],
          ResourcesPerPage: 100,
          TagFilters: filters,
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
  }
  return tags;
}

/** For a run that needs tags (discover.ts tagsNeeded). */
export interface TagSourceRequest {
  rules: SelectionRules;
  tagsInBulk: boolean;
  /** Read only when tags are read in bulk (a getter may make the client then). */
  readonly tagging: TaggingClient | undefined;
  /** Remembers across runs that GetResources cannot be used (DiscoveryMemo.bulkTagsUnavailable). */
  memo: { bulkTagsUnavailable: string | undefined };
  log: Logger;
  onCall: () => void;
}

/**
 * In bulk unless asked otherwise. GetResources denied (or not served) is one warning naming the
 * permission, and tags are then read per machine, in this run and the next ones. A passing failure
 * (throttling, 5xx, network, after the SDK's retries) fails the run, as a failed listing does: reading
 * thousands of machines one a second instead would be far slower than the next refresh.
 */
export async function chooseTagSource(request: TagSourceRequest): Promise<TagSourceChoice> {
  const { rules, memo } = request;
  if (!request.tagsInBulk || memo.bulkTagsUnavailable !== undefined) {
    return { source: { kind: 'each' }, warnings: [] };
  }
  // Read only now: the Tagging API client is made on first use.
  const tagging = request.tagging;
  if (!tagging) {
    request.log.debug('tags in bulk requested without a Tagging API client; reading them per machine');
    return { source: { kind: 'each' }, warnings: [] };
  }
  try {
    const tags = await readTagsInBulk(tagging, bulkQueries(rules), request.onCall);
    return { source: { kind: 'bulk', tags }, warnings: [] };
  } catch (err) {
    if (isTransient(err)) throw err;
    memo.bulkTagsUnavailable = awsErrorText(err);
    return { source: { kind: 'each' }, warnings: [bulkUnavailableWarning(err)] };
  }
}

/** Why tags are read per machine from now on, and what to do about it. */
export function bulkUnavailableWarning(err: unknown): string {
  const denied = awsErrorFamily(awsErrorInfo(err).name) === 'access' || awsErrorInfo(err).httpStatus === 403;
  const why = denied
    ? `the permission tag:GetResources is denied (${awsErrorText(err)})`
    : `the Resource Groups Tagging API cannot be used (${awsErrorText(err)})`;
  return (
    `tags cannot be read in bulk: ${why}; reading them per state machine with ListTagsForResource instead, ` +
    `within its quota of one a second (slow with many machines). Allow tag:GetResources on "*", or set ` +
    `SFN_MCP_TAGS_IN_BULK=false to read per machine without this warning`
  );
}
