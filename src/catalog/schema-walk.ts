/**
 * Walks over the subschemas of a JSON Schema. Only schema positions are
 * visited, so a property that happens to be named `id`, `$ref` or `example`
 * is data and stays untouched.
 *
 * Not json-schema-traverse (Ajv's walker, 1.0.0): it does not know `prefixItems`,
 * `dependentSchemas`, `unevaluatedProperties` or `unevaluatedItems`, its `allKeys`
 * option walks into data such as an OpenAPI `example`, and it mutates in place
 * with no way to stop below a node, where these walks copy and rebuild.
 */

import { isObject } from '../result.js';

/** A schema object (or any JSON object) as the walk hands it over. */
export type JsonObject = Record<string, unknown>;

/** The value when it is a JSON object, otherwise an empty one. */
export function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

/** Keywords whose value is a map from names to subschemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);
/** Keywords whose value is one subschema (`items` may also be a draft-04 tuple). */
const SCHEMA_VALUES = new Set([
  'items',
  'additionalProperties',
  'additionalItems',
  'unevaluatedProperties',
  'unevaluatedItems',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
]);
/** Keywords whose value is an array of subschemas. */
const SCHEMA_ARRAYS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

/**
 * A shallow copy of `node` with `map` applied to each direct subschema;
 * every other keyword value is deep-copied as data.
 */
export function mapSubschemas(node: JsonObject, map: (child: unknown) => unknown): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, map(v)]));
    } else if (SCHEMA_VALUES.has(key)) {
      out[key] = Array.isArray(value) ? value.map(map) : map(value);
    } else if (SCHEMA_ARRAYS.has(key) && Array.isArray(value)) {
      out[key] = value.map(map);
    } else if (key === 'dependencies' && isObject(value)) {
      // Draft-04 `dependencies`: a property list (data) or a subschema per property.
      out[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? structuredClone(v) : map(v)]),
      );
    } else {
      out[key] = structuredClone(value);
    }
  }
  return out;
}

/**
 * Copies `schema`, walking into every subschema first, then hands each copied
 * schema object to `visit` (post-order) and uses what it returns. Boolean and
 * other non-object schemas are copied as they are.
 */
export function transformSchema(schema: unknown, visit: (node: JsonObject) => JsonObject): unknown {
  if (!isObject(schema)) return structuredClone(schema);
  return visit(mapSubschemas(schema, (child) => transformSchema(child, visit)));
}
