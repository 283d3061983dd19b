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
 * the 2020-12 meta-schema, as Ajv's compile does, by a validator generated ahead of time and checked in
 * (meta-schema-validator.generated.cjs, Ajv's standalone code, written by
 * scripts/generate-meta-schema-validator.ts): compiling the meta-schema at run time cost 60 to 90 ms of
 * CPU in the interpreter the bin runs (src/footprint.ts), before the first tools/list of a server serving
 * a schema; loading the generated code costs about 3 ms.
 *
 * `format` is an annotation unless the operator names it (SFN_MCP_CHECK_FORMATS): JSON Schema 2020-12
 * makes format assertion opt-in, and neither EventBridge nor Step Functions checks formats, so an
 * event EventBridge delivers (a `time` without a zone, say) is not refused here by default. Each
 * format policy (a run has one) has its compiling instances; a tool names its policy (checkedFormats).
 */
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { errorMessage, fail, ok, type Result } from '../result.js';
import { DRAFT_2020, newAjv, type CheckedFormats } from './ajv-instance.js';
import metaSchemaValid from './meta-schema-validator.generated.cjs';

export type { CheckedFormats } from './ajv-instance.js';

/** Compilations for calls made by one Ajv instance before the next one takes over. */
export const COMPILES_PER_INSTANCE = 200;

/** The validator Ajv compiled, or Ajv's message saying why it cannot compile the schema. */
export type CompiledSchema = Result<ValidateFunction>;

/** One policy's key: its formats, sorted, without repeats. */
function policyKey(formats: CheckedFormats): string {
  return [...new Set(formats)].sort().join(',');
}

/**
 * Whether the 2020-12 meta-schema accepts a schema, checked with the validator generated from it; when
 * not, the message Ajv's validateSchema(schema, true), and so its compile, throws (`schema is invalid:
 * ...`; for a `$schema` that is no string, `$schema must be a string`). Otherwise the schema's `$schema`
 * is absent or names 2020-12: SchemaCompiler drops another draft's.
 */
export function metaSchemaCheck(schema: Record<string, unknown>): Result<void> {
  if (schema.$schema !== undefined && typeof schema.$schema !== 'string')
    return fail('$schema must be a string');
  if (metaSchemaValid(schema)) return ok(undefined);
  return fail(`schema is invalid: ${errorsText(metaSchemaValid.errors ?? [])}`);
}

/** Ajv's errorsText (ajv/lib/core.ts) with its default options: each error's place and message. */
function errorsText(errors: readonly ErrorObject[]): string {
  return errors.map((e) => `data${e.instancePath} ${e.message}`).join(', ');
}

/**
 * Compiles schemas checking `formats` with one Ajv instance at a time, replaced after `perInstance`
 * compilations.
 */
class SchemaCompiler {
  private ajv: Ajv2020 | undefined;
  private compiles = 0;

  constructor(
    private readonly formats: CheckedFormats,
    private readonly perInstance = Infinity,
  ) {}

  compile(schema: Record<string, unknown>): CompiledSchema {
    if (!this.ajv || this.compiles >= this.perInstance) {
      this.ajv = newAjv(false, this.formats);
      this.compiles = 0;
    }
    this.compiles++;
    // A leftover $schema naming another draft would make Ajv look for a meta-schema it does not have.
    const target =
      typeof schema.$schema === 'string' && schema.$schema.replace(/#$/, '') !== DRAFT_2020
        ? (({ $schema: _ignored, ...rest }) => rest)(schema)
        : schema;
    // Before Ajv sees the schema: its removeSchema would throw on one the meta-schema refuses (an `$id` not a string).
    const valid = metaSchemaCheck(target);
    if (!valid.ok) return valid;
    try {
      return ok(this.ajv.compile(target));
    } catch (err) {
      return fail(errorMessage(err));
    } finally {
      this.ajv.removeSchema(target);
    }
  }
}

// The compilers for calls, one per format policy; per schema object, one result per policy.
const forCalls = new Map<string, SchemaCompiler>();
const cache = new WeakMap<object, Map<string, CompiledSchema>>();

/**
 * The schema compiled by Ajv, or why it cannot be, checking the `formats` named (none by default).
 * Cached per schema object and policy: compiling the same object again (on every call of the tool
 * that serves it) costs a lookup.
 */
export function compileSchema(schema: Record<string, unknown>, formats: CheckedFormats = []): CompiledSchema {
  const key = policyKey(formats);
  let byPolicy = cache.get(schema);
  const hit = byPolicy?.get(key);
  if (hit) return hit;
  let compiler = forCalls.get(key);
  if (!compiler) forCalls.set(key, (compiler = new SchemaCompiler(formats, COMPILES_PER_INSTANCE)));
  const compiled = compiler.compile(schema);
  if (!byPolicy) cache.set(schema, (byPolicy = new Map()));
  byPolicy.set(key, compiled);
  return compiled;
}

/** Whether Ajv compiles a schema, and Ajv's message when it does not. */
export type SchemaCheck = (schema: Record<string, unknown>) => Result<void>;

/**
 * A check for one catalogue build: its own Ajv instance, dropped with the check, so the code compiled
 * to check a schema is not kept (compileSchema compiles again on the tool's first call; Ajv gives the
 * same answer for the same schema).
 */
export function schemaCheck(formats: CheckedFormats = []): SchemaCheck {
  const compiler = new SchemaCompiler(formats);
  return (schema) => {
    const compiled = compiler.compile(schema);
    return compiled.ok ? ok(undefined) : compiled;
  };
}
