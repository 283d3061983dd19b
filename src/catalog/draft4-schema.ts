/**
 * JSON Schema draft-04 (the registry's `JSONSchemaDraft4` type) and other pre-2020 drafts, rewritten into
 * the JSON Schema 2020-12 that MCP clients assume for an inputSchema without `$schema`. Pure.
 */
import { isObject } from '../result.js';
import { asObject, transformSchema, type JsonObject } from './schema-walk.js';

/** `$schema` values older than 2020-12; 2020-12 readers would misread them or refuse them. */
const OLD_DRAFT = /json-schema\.org\/(draft-0[3-7]|draft\/2019-09)\/(hyper-)?schema/;

/**
 * Rewrites pre-2020 keywords into their 2020-12 form and keeps everything else:
 * old `$schema` dropped, `id` -> `$id` (a fragment-only id becomes `$anchor`),
 * boolean `exclusiveMaximum`/`exclusiveMinimum` -> the numeric form, tuple `items`
 * -> `prefixItems` (with `additionalItems` -> `items`), `dependencies` ->
 * `dependentRequired`/`dependentSchemas`.
 *
 * Not json-schema-migrate (`draft2020`, 2.0.0, unchanged since 2021) nor its fork
 * json-schema-migrate-x: they write a `$schema` into every document (2019-09 in the
 * original), turn `{}` into `true` and `{"not":{}}` into `false` (boolean subschemas,
 * which some model providers' tool-schema checks refuse), turn a one-value `enum`
 * into `const`, drop a `dependencies` entry when the schema also has
 * `dependentRequired`/`dependentSchemas`, drop a numeric exclusive bound in a draft-04
 * document with a console warning, and throw on an `id` with two `#`.
 */
export function normalizeJsonSchema(schema: JsonObject): JsonObject {
  return transformSchema(schema, (node) => normalizeKeywords(node)) as JsonObject;
}

function normalizeKeywords(node: JsonObject): JsonObject {
  const out = { ...node };
  if (typeof out.$schema === 'string' && OLD_DRAFT.test(out.$schema)) delete out.$schema;

  if (typeof out.id === 'string') {
    const id = out.id;
    delete out.id;
    if (id.startsWith('#')) {
      // Draft-04 location-independent ids are 2020-12 anchors.
      if (id.length > 1 && out.$anchor === undefined) out.$anchor = id.slice(1);
    } else if (out.$id === undefined) {
      out.$id = id.endsWith('#') ? id.slice(0, -1) : id;
    }
  }

  exclusiveBound(out, 'exclusiveMaximum', 'maximum');
  exclusiveBound(out, 'exclusiveMinimum', 'minimum');

  if (Array.isArray(out.items)) {
    out.prefixItems = out.items;
    delete out.items;
    if (out.additionalItems !== undefined) out.items = out.additionalItems;
    delete out.additionalItems;
  } else if (out.additionalItems !== undefined) {
    // Ignored by every draft when `items` is a single schema.
    delete out.additionalItems;
  }

  if (isObject(out.dependencies)) {
    const required: JsonObject = {};
    const schemas: JsonObject = {};
    for (const [k, v] of Object.entries(out.dependencies)) {
      if (Array.isArray(v)) required[k] = v;
      else schemas[k] = v;
    }
    delete out.dependencies;
    if (Object.keys(required).length > 0)
      out.dependentRequired = { ...required, ...asObject(out.dependentRequired) };
    if (Object.keys(schemas).length > 0)
      out.dependentSchemas = { ...schemas, ...asObject(out.dependentSchemas) };
  }
  return out;
}

/** Draft-04/OpenAPI 3.0 `exclusiveMaximum: true` modifies `maximum`; 2020-12 holds the bound itself. */
export function exclusiveBound(out: JsonObject, exclusive: string, inclusive: string): void {
  if (typeof out[exclusive] !== 'boolean') return;
  if (out[exclusive] === true && typeof out[inclusive] === 'number') {
    out[exclusive] = out[inclusive];
    delete out[inclusive];
  } else {
    delete out[exclusive];
  }
}
