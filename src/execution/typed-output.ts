/**
 * Results of a tool with an outputSchema (src/catalog/output-schema.ts). MCP asks such a tool for
 * `structuredContent` that conforms on every result that is not an error, and clients check it, so:
 * - a SUCCEEDED output that conforms is the structuredContent (wrapped as `{ result }` when the schema is);
 * - one that does not conform is an isError result naming each violation, never passed on silently;
 * - a result with no output (the execution still running when the wait ended) is an isError result
 *   with the same words, for that tool's own answers (the companion result tool declares no schema).
 * Pure.
 */
import type { MachineTool } from '../catalog/types.js';
import { compileSchema } from '../catalog/index.js';
import type { ToolCallResult } from './types.js';
import { formatValidationErrors } from './validate.js';

export interface TypedResultOptions {
  /** The result answers the tool that declares the schema (its call or its task), not another tool. */
  declared: boolean;
}

export function typedResult(
  tool: Pick<MachineTool, 'name' | 'outputSchema' | 'wrapsOutput'>,
  result: ToolCallResult,
  opts: TypedResultOptions,
): ToolCallResult {
  const schema = tool.outputSchema;
  if (!schema || result.isError) return result;
  if (result._meta?.status !== 'SUCCEEDED') return opts.declared ? { ...result, isError: true } : result;
  const output = parsedOutput(result);
  const value = tool.wrapsOutput ? { result: output } : output;
  const compiled = compileSchema(schema);
  if (!compiled.ok) return result;
  if (compiled.value(value)) return { ...result, structuredContent: value as Record<string, unknown> };
  const lines = formatValidationErrors(compiled.value.errors ?? []);
  return {
    content: [
      {
        type: 'text',
        text:
          `Execution SUCCEEDED, but its output does not match the output schema of tool "${tool.name}"` +
          `${tool.wrapsOutput ? ' (the output is checked as { "result": <output> })' : ''}:\n` +
          `${lines.map((l) => `- ${l}`).join('\n')}\n` +
          'The workflow or its output schema in the schema registry needs fixing; calling again will not ' +
          `help. The output was:\n${result.content[0]?.text ?? ''}`,
      },
    ],
    isError: true,
    _meta: { ...result._meta, outputSchemaViolation: true },
  };
}

/** The output a success result carries as JSON text (results.ts writes it so). */
function parsedOutput(result: ToolCallResult): unknown {
  try {
    return JSON.parse(result.content[0]?.text ?? 'null');
  } catch {
    return result.content[0]?.text;
  }
}
