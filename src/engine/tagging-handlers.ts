import type { EngineContext } from './context.js';
import { ApiError } from './errors.js';
import { paginate } from './pagination.js';
import type { Body } from './validate.js';

/**
 * The Resource Groups Tagging API (JSON 1.1, `X-Amz-Target: ResourceGroupsTaggingAPI_20170126.<Op>`):
 * GetResources over the engine's state machines, so a caller reads the tags of many machines per call.
 */

export type TaggingOperation = (body: Body, ctx: EngineContext) => unknown;

const DEFAULT_PAGE = 100;

function invalid(message: string): ApiError {
  return new ApiError('InvalidParameterException', message);
}

function stringList(body: Body, key: string, max: number): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw invalid(`${key} must be a list of strings`);
  if (value.length > max) throw invalid(`${key} has ${value.length} entries; at most ${max} are allowed`);
  return value as string[];
}

interface TagFilter {
  key: string;
  values: string[];
}

function tagFilters(body: Body): TagFilter[] {
  const value = body.TagFilters;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('TagFilters must be a list of { Key, Values }');
  if (value.length > 50) throw invalid(`TagFilters has ${value.length} entries; at most 50 are allowed`);
  return value.map((f: unknown, i) => {
    if (f === null || typeof f !== 'object' || Array.isArray(f))
      throw invalid(`TagFilters.${i + 1} must be an object { Key, Values }`);
    const filter = f as Body;
    if (typeof filter.Key !== 'string' || filter.Key === '')
      throw invalid(`TagFilters.${i + 1}.Key must be a non-empty string`);
    return { key: filter.Key, values: stringList(filter, 'Values', 20) ?? [] };
  });
}

/** `states`, `states:stateMachine` select state machines; any other type selects nothing here. */
function wantsStateMachines(types: string[] | undefined): boolean {
  if (!types || types.length === 0) return true;
  return types.some((t) => t === 'states' || t === 'states:stateMachine');
}

export const taggingOperations: Record<string, TaggingOperation> = {
  GetResources(body, ctx) {
    const types = stringList(body, 'ResourceTypeFilters', 100);
    const arns = stringList(body, 'ResourceARNList', 100);
    const filters = tagFilters(body);
    if (arns && (types || filters.length > 0))
      throw invalid('ResourceARNList cannot be combined with ResourceTypeFilters or TagFilters');
    const perPage = body.ResourcesPerPage;
    if (
      perPage !== undefined &&
      perPage !== null &&
      (typeof perPage !== 'number' || !Number.isInteger(perPage) || perPage < 1 || perPage > 100)
    )
      throw invalid('ResourcesPerPage must be a whole number from 1 to 100');
    const size = typeof perPage === 'number' ? perPage : DEFAULT_PAGE;
    const token = body.PaginationToken;
    if (token !== undefined && token !== null && typeof token !== 'string')
      throw invalid('PaginationToken must be a string');

    const wanted = arns ? new Set(arns) : undefined;
    const matching = (wantsStateMachines(types) ? ctx.store.sortedMachines() : []).filter((m) => {
      if (wanted && !wanted.has(m.arn)) return false;
      return filters.every((f) => {
        const value = m.tags.get(f.key);
        return value !== undefined && (f.values.length === 0 || f.values.includes(value));
      });
    });
    const { page, nextToken } = paginate(matching, {
      scope: 'GetResources',
      token: typeof token === 'string' && token !== '' ? token : undefined,
      size,
      position: (m) => m.arn,
      order: 'ascending',
    });
    return {
      // AWS answers an empty string on the last page.
      PaginationToken: nextToken ?? '',
      ResourceTagMappingList: page.map((m) => ({
        ResourceARN: m.arn,
        Tags: [...m.tags].map(([Key, Value]) => ({ Key, Value })),
      })),
    };
  },
};
