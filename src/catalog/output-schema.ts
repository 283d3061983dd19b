/**
 * A tool's outputSchema from a registry schema converted like an input schema (assemble.ts,
 * `SchemaMemo.usable`). MCP wants an object at the root of structured results (the 2025 revisions
 * require one), so a non-object output schema is served as `{ result: <schema> }` and the output is
 * wrapped the same way on a call. Pure.
 */
import { isObject } from '../result.js';
import { WRAPPED_INPUT_PROPERTY, type ConvertedInputSchema } from './schema-object-root.js';

/** The property that carries a wrapped non-object output. */
export const WRAPPED_OUTPUT_PROPERTY = 'result';

export interface ConvertedOutputSchema {
  outputSchema: Record<string, unknown>;
  /** True when a non-object schema was wrapped as `{ result: <schema> }`. */
  wrapsOutput: boolean;
}

/** One per converted document, so that an unchanged schema keeps its outputSchema object (and validator). */
const converted = new WeakMap<ConvertedInputSchema, ConvertedOutputSchema>();

export function outputSchemaOf(schema: ConvertedInputSchema): ConvertedOutputSchema {
  let out = converted.get(schema);
  if (!out) {
    out = schema.wrapsInput
      ? { outputSchema: renameWrapper(schema.inputSchema), wrapsOutput: true }
      : { outputSchema: schema.inputSchema, wrapsOutput: false };
    converted.set(schema, out);
  }
  return out;
}

/** `{ input: <schema> }` (refs rebased under it) as `{ result: <schema> }`, refs rebased again. */
function renameWrapper(wrapped: Record<string, unknown>): Record<string, unknown> {
  const from = `#/properties/${WRAPPED_INPUT_PROPERTY}`;
  const to = `#/properties/${WRAPPED_OUTPUT_PROPERTY}`;
  const rebase = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rebase);
    // A subschema with its own $id resolves its refs against itself: left as it is.
    if (!isObject(node) || typeof node.$id === 'string') return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [
        key,
        key === '$ref' && typeof value === 'string' && (value === from || value.startsWith(`${from}/`))
          ? to + value.slice(from.length)
          : rebase(value),
      ]),
    );
  };
  const properties = wrapped.properties as Record<string, unknown>;
  return {
    type: 'object',
    properties: { [WRAPPED_OUTPUT_PROPERTY]: rebase(properties[WRAPPED_INPUT_PROPERTY]) },
    required: [WRAPPED_OUTPUT_PROPERTY],
  };
}
