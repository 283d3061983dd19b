/**
 * Reading machine tags in bulk with the Resource Groups Tagging API (GetResources): up to 100
 * machines per call instead of one ListTagsForResource per machine.
 */
import {
  GetResourcesCommand,
  type ResourceGroupsTaggingAPIClient,
  type TagFilter as AwsTagFilter,
} from '@aws-sdk/client-resource-groups-tagging-api';
import type { TagList } from './selection.js';

export type TaggingClient = Pick<ResourceGroupsTaggingAPIClient, 'send'>;

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
