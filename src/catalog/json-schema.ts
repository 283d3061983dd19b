/**
 * The project's one JSON Schema validator: Ajv's 2020-12 dialect (what MCP clients read an
 * inputSchema without `$schema` as) with ajv-formats. The catalogue compiles every schema it
 * serves, so a schema Ajv refuses is never served; the execution layer validates arguments with
 * the same compiled function, which it gets from here.
 *
 * `format` is an annotation unless the operator names it (SFN_MCP_CHECK_FORMATS): JSON Schema 2020-12
 * makes format assertion opt-in, and neither EventBridge nor Step Functions checks formats, so an
 * event EventBridge delivers (a `time` without a zone, say) is not refused here by default.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatName } from 'ajv-formats';
import { errorMessage, fail, ok, type Result } from '../result.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object, which also carries `.default`.
const addFormats = addFormatsModule.default;

const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';

/** The formats a validator checks; others are annotations. Empty: none is checked. */
export type CheckedFormats = readonly string[];

/** The validator Ajv compiled, or Ajv's message saying why it cannot compile the schema. */
export type CompiledSchema = Result<ValidateFunction>;

// One instance per format policy (a run has one). `addUsedSchema: false` so two schemas with the same $id
// do not collide; each compiled schema is removed from Ajv's own cache (ours is a WeakMap), so refreshed
// catalogues do not pile up. `logger: false`: Ajv would otherwise warn on the console (stdout carries the
// stdio protocol), e.g. about a format it does not check. `strict: false` ignores unknown formats.
const validators = new Map<string, Ajv2020>();

/** One policy's key: its formats, sorted, without repeats. */
function policyKey(formats: CheckedFormats): string {
  return [...new Set(formats)].sort().join(',');
}

function validatorFor(key: string): Ajv2020 {
  let ajv = validators.get(key);
  if (!ajv) {
    const formats = key === '' ? [] : (key.split(',') as FormatName[]);
    ajv = new Ajv2020({
      allErrors: true,
      strict: false,
      addUsedSchema: false,
      logger: false,
      validateFormats: formats.length > 0,
    });
    if (formats.length > 0) addFormats(ajv, formats);
    validators.set(key, ajv);
  }
  return ajv;
}

// Per schema object, one compiled result per format policy.
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
  const ajv = validatorFor(key);
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
  if (!byPolicy) cache.set(schema, (byPolicy = new Map()));
  byPolicy.set(key, compiled);
  return compiled;
}
