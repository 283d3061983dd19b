/**
 * search_workflows: finds selected workflows by words in their names and descriptions, and returns for
 * each match what its own tool would have listed (name, description, input and output schemas,
 * annotations), a page at a time.
 * Reads the catalogue only: no AWS call.
 */
import { RUN_TOOL, SEARCH_TOOL } from '../../catalog/naming.js';
import type { MachineTool } from '../../catalog/types.js';
import { refusalResult } from '../../execution/index.js';
import { checkArguments } from '../../execution/validate.js';
import type { ToolDefinition, ToolResult } from '../../mcp/provider.js';
import { ok, type Result } from '../../result.js';
import { rankTools } from './ranking.js';

export const DEFAULT_SEARCH_LIMIT = 10;
export const MAX_SEARCH_LIMIT = 50;
const MAX_QUERY_LENGTH = 500;

const TITLE = 'Search the workflows';

export function searchToolDefinition(): ToolDefinition {
  return {
    name: SEARCH_TOOL,
    title: TITLE,
    description:
      'Finds the workflows (AWS Step Functions state machines) this server can run, by words in their ' +
      "names and descriptions. Returns, best match first, each workflow's name, description, inputSchema " +
      `(and outputSchema, when its result has one) and annotations (title and hints); run one with ${RUN_TOOL}, passing that name and arguments that match that inputSchema. ` +
      'An empty query lists every workflow. Reads nothing outside this server.',
    inputSchema: {
      type: 'object',
      properties: {
        query: {
          type: 'string',
          maxLength: MAX_QUERY_LENGTH,
          description:
            'Words to look for, in any order and any case, e.g. "refund order". Empty: all workflows.',
        },
        limit: {
          type: 'integer',
          minimum: 1,
          maximum: MAX_SEARCH_LIMIT,
          description: `How many workflows to return at most (default ${DEFAULT_SEARCH_LIMIT}).`,
        },
        offset: {
          type: 'integer',
          minimum: 0,
          description:
            'How many of the best matches to skip: the nextOffset of the previous answer, for the next page.',
        },
      },
      additionalProperties: false,
    },
    annotations: {
      title: TITLE,
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
  };
}

/** The tool's own inputSchema as a tool for checkArguments, made once so it is compiled once. */
let schemaTool: MachineTool | undefined;

export interface SearchArgs {
  query: string;
  limit: number;
  offset: number;
}

/** The arguments, checked against the tool's inputSchema with every machine tool's validation. */
export function parseSearchArgs(args: unknown): Result<SearchArgs> {
  schemaTool ??= { name: SEARCH_TOOL, inputSchema: searchToolDefinition().inputSchema } as MachineTool;
  const checked = checkArguments(schemaTool, args, 'nothing was searched');
  if (!checked.ok) return checked;
  const a = checked.value as Partial<SearchArgs>;
  return ok({ query: a.query ?? '', limit: a.limit ?? DEFAULT_SEARCH_LIMIT, offset: a.offset ?? 0 });
}

/** One page of the ranked matches among `tools` (the ones the caller may use). Pure. */
export function searchWorkflows(tools: readonly MachineTool[], args: unknown): ToolResult {
  const parsed = parseSearchArgs(args);
  if (!parsed.ok) return refusalResult(parsed.error);
  const { query, limit, offset } = parsed.value;
  const ranked = rankTools(tools, query);
  const page = ranked.slice(offset, offset + limit);
  const answer = {
    total: ranked.length,
    results: page.map((t) => ({
      name: t.name,
      description: t.description,
      inputSchema: t.inputSchema,
      ...(t.outputSchema ? { outputSchema: t.outputSchema } : {}),
      // The title and hints (read-only, destructive...) a client would see on the workflow's own tool.
      annotations: { ...t.annotations },
    })),
    ...(offset + page.length < ranked.length ? { nextOffset: offset + page.length } : {}),
  };
  return { content: [{ type: 'text', text: JSON.stringify(answer) }], structuredContent: answer };
}
