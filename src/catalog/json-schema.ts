/**
 * The project's one JSON Schema validator: Ajv's 2020-12 dialect (what MCP clients read an
 * inputSchema without `$schema` as) with ajv-formats. The catalogue compiles every schema it
 * serves, so a schema Ajv refuses is never served; the execution layer validates arguments with
 * the same compiled function, which it gets from here.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { errorMessage, fail, ok, type Result } from '../result.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object, which also carries `.default`.
const addFormats = addFormatsModule.default;

const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';

// One instance for all tools. `addUsedSchema: false` so two schemas with the same $id do not collide;
// each compiled schema is removed from Ajv's own cache (ours is a WeakMap), so refreshed catalogues do not
// pile up. `logger: false`: Ajv would otherwise warn on the console (stdout carries the stdio protocol).
const ajv = new Ajv2020({ allErrors: true, strict: false, addUsedSchema: false, logger: false });
addFormats(ajv);

/** The validator Ajv compiled, or Ajv's message saying why it cannot compile the schema. */
export type CompiledSchema = Result<ValidateFunction>;

const cache = new WeakMap<object, CompiledSchema>();

/**
 * The schema compiled by Ajv, or why it cannot be. Cached per schema object: compiling the same
 * object again (on every call of the tool that serves it) costs a lookup.
 */
export function compileSchema(schema: Record<string, unknown>): CompiledSchema {
  const hit = cache.get(schema);
  if (hit) return hit;
  let compiled: CompiledSchema;
  // A leftover $schema naming another draft would make Ajv look for a meta-schema it does not have.
  const target =
    typeof schema.$schema === 'string' && schema.$schema.replace(/#$/, '') !== DRAFT_2020
      ? (({ $schema: _ignored, ...rest }) => rest)(schema)
      : schema;
  try {
    compiled = ok(ajv.compile(target));
  } catch (err) {
    compiled = fail(errorMessage(err));
  } finally {
    ajv.removeSchema(target);
  }
  cache.set(schema, compiled);
  return compiled;
}
