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
 *
 * `format` is an annotation unless the operator names it (SFN_MCP_CHECK_FORMATS): JSON Schema 2020-12
 * makes format assertion opt-in, and neither EventBridge nor Step Functions checks formats, so an
 * event EventBridge delivers (a `time` without a zone, say) is not refused here by default. Each
 * format policy (a run has one) has its compiling instances; a tool names its policy (checkedFormats).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatName } from 'ajv-formats';
import { errorMessage, fail, ok, type Result } from '../result.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object, which also carries `.default`.
const addFormats = addFormatsModule.default;

const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';

/** Compilations for calls made by one Ajv instance before the next one takes over. */
export const COMPILES_PER_INSTANCE = 200;

/** The formats a validator checks; others are annotations. Empty: none is checked. */
export type CheckedFormats = readonly string[];

/** The validator Ajv compiled, or Ajv's message saying why it cannot compile the schema. */
export type CompiledSchema = Result<ValidateFunction>;

/** One policy's key: its formats, sorted, without repeats. */
function policyKey(formats: CheckedFormats): string {
  return [...new Set(formats)].sort().join(',');
}

/**
 * An Ajv instance checking `formats` (`all`: every format ajv-formats knows). `addUsedSchema: false` so
 * two schemas with the same $id do not collide; each compiled schema is removed from Ajv's own cache.
 * `logger: false`: Ajv would otherwise warn on the console (stdout carries the stdio protocol), e.g.
 * about a format it does not check. `validateSchema: false` for the compiling instances: the
 * meta-schema check is done before, by metaSchemaCheck.
 */
function newAjv(validateSchema: boolean, formats: CheckedFormats | 'all'): Ajv2020 {
  const checks = formats === 'all' || formats.length > 0;
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    addUsedSchema: false,
    logger: false,
    validateSchema,
    validateFormats: checks,
  });
  if (formats === 'all') addFormats(ajv);
  else if (checks) addFormats(ajv, [...formats] as FormatName[]);
  return ajv;
}

let metaSchemaChecker: Ajv2020 | undefined;

/** Throws what Ajv's compile throws for a schema the meta-schema refuses (`schema is invalid: ...`). */
function metaSchemaCheck(schema: Record<string, unknown>): void {
  (metaSchemaChecker ??= newAjv(true, 'all')).validateSchema(schema, true);
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
