/** What every operations tool call gets, and how its arguments are checked before any AWS call. */
import type { AwsClients } from '../aws/clients.js';
import type { MachineTool } from '../catalog/types.js';
import { checkArguments, type ToolCallResult } from '../execution/index.js';
import type { Logger } from '../log.js';
import type { Result } from '../result.js';
import type { OperationsToolDefinition } from './definitions.js';

export interface OperationsCall {
  clients: AwsClients;
  /** The machine tools the caller may use: the selection, narrowed by HTTP tool scopes. */
  tools: readonly MachineTool[];
  log: Logger;
  signal?: AbortSignal;
}

export type OperationsResult = ToolCallResult;

/** Each definition's schema as the tool checkArguments validates against; compiled once per schema. */
const schemaTools = new WeakMap<OperationsToolDefinition, MachineTool>();

/** The arguments as the tool's inputSchema accepts them (absent = `{}`), or the refusal's words. */
export function checkedArguments<T>(definition: OperationsToolDefinition, args: unknown): Result<T> {
  let tool = schemaTools.get(definition);
  if (!tool) {
    tool = { name: definition.name, inputSchema: definition.inputSchema } as MachineTool;
    schemaTools.set(definition, tool);
  }
  return checkArguments(tool, args, 'nothing was done') as Result<T>;
}

/** A result that describes what a tool found or did: readable text, and the same as structured data. */
export function operationsResult(
  text: string,
  structured: Record<string, unknown>,
  meta: Record<string, unknown> = {},
): OperationsResult {
  return { content: [{ type: 'text', text }], structuredContent: structured, _meta: meta };
}

/** ISO 8601, or undefined. */
export function isoDate(date: Date | undefined): string | undefined {
  return date ? date.toISOString() : undefined;
}
