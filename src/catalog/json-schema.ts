/**
 * The project's one JSON Schema validator: Ajv's 2020-12 dialect (what MCP clients read an
 * inputSchema without `$schema` as) with ajv-formats. The catalogue checks that every schema it
 * serves compiles (SchemaCheck), so a schema Ajv refuses is never served; the execution layer
 * validates arguments with the function compiled on the tool's first call (compileSchema).
 *
 * An Ajv instance keeps every function it compiled in its own scope until the instance itself is
 * dropped, whatever happens to the schema. So the checks of one catalogue build share an instance
 * that goes with the build (thousands of schemas, most of whose tools are never called), and the
 * instance that compiles for calls is replaced every COMPILES_PER_INSTANCE compilations, so that
 * schemas gone from the catalogue eventually free their code. Every schema is first validated against
 * the 2020-12 meta-schema, as Ajv's compile does, by one instance kept for that: the meta-schema's
 * own validator (half a megabyte of code) is compiled once for the process, not once per instance.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { errorMessage, fail, ok, type Result } from '../result.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object, which also carries `.default`.
const addFormats = addFormatsModule.default;

const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';

/** Compilations for calls made by one Ajv instance before the next one takes over. */
export const COMPILES_PER_INSTANCE = 200;

/** The validator Ajv compiled, or Ajv's message saying why it cannot compile the schema. */
export type CompiledSchema = Result<ValidateFunction>;

/**
 * An Ajv instance. `addUsedSchema: false` so two schemas with the same $id do not collide; each
 * compiled schema is removed from Ajv's own cache. `logger: false`: Ajv would otherwise warn on the
 * console (stdout carries the stdio protocol). `validateSchema: false` for the compiling instances:
 * the meta-schema check is done before, by metaSchemaCheck.
 */
function newAjv(validateSchema: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    addUsedSchema: false,
    logger: false,
    validateSchema,
  });
  addFormats(ajv);
  return ajv;
}

let metaSchemaChecker: Ajv2020 | undefined;

/** Throws what Ajv's compile throws for a schema the meta-schema refuses (`schema is invalid: ...`). */
function metaSchemaCheck(schema: Record<string, unknown>): void {
  (metaSchemaChecker ??= newAjv(true)).validateSchema(schema, true);
}

/** Compiles schemas with one Ajv instance at a time, replaced after `perInstance` compilations. */
class SchemaCompiler {
  private ajv: Ajv2020 | undefined;
  private compiles = 0;

  constructor(private readonly perInstance = Infinity) {}

  compile(schema: Record<string, unknown>): CompiledSchema {
    if (!this.ajv || this.compiles >= this.perInstance) {
      this.ajv = newAjv(false);
      this.compiles = 0;
    }
    this.compiles++;
    // A leftover $schema naming another draft would make Ajv look for a meta-schema it does not have.
    const target =
      typeof schema.$schema === 'string' && schema.$schema.replace(/#$/, '') !== DRAFT_2020
        ? (({ $schema: _ignored, ...rest }) => rest)(schema)
        : schema;
    try {
      metaSchemaCheck(target);
      return ok(this.ajv.compile(target));
    } catch (err) {
      return fail(errorMessage(err));
    } finally {
      this.ajv.removeSchema(target);
    }
  }
}

const forCalls = new SchemaCompiler(COMPILES_PER_INSTANCE);
const cache = new WeakMap<object, CompiledSchema>();

/**
 * The schema compiled by Ajv, or why it cannot be. Cached per schema object: compiling the same
 * object again (on every call of the tool that serves it) costs a lookup.
 */
export function compileSchema(schema: Record<string, unknown>): CompiledSchema {
  const hit = cache.get(schema);
  if (hit) return hit;
  const compiled = forCalls.compile(schema);
  cache.set(schema, compiled);
  return compiled;
}

/** Whether Ajv compiles a schema, and Ajv's message when it does not. */
export type SchemaCheck = (schema: Record<string, unknown>) => Result<void>;

/**
 * A check for one catalogue build: its own Ajv instance, dropped with the check, so the code compiled
 * to check a schema is not kept (compileSchema compiles again on the tool's first call; Ajv gives the
 * same answer for the same schema).
 */
export function schemaCheck(): SchemaCheck {
  const compiler = new SchemaCompiler();
  return (schema) => {
    const compiled = compiler.compile(schema);
    return compiled.ok ? ok(undefined) : compiled;
  };
}
