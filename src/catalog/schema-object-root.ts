/**
 * MCP tool arguments are always an object, so an inputSchema's root must be one: an object schema,
 * or a root that constrains nothing, is served as an object schema; anything else is wrapped as
 * `{ input: <schema> }` (execution unwraps it on a call). Pure.
 */
import { isObject } from '../result.js';
import type { EventTemplate } from './types.js';
import { mapSubschemas, transformSchema, type JsonObject } from './schema-walk.js';

/** A schema served as a tool's inputSchema: its root an object. */
export interface ObjectRootSchema {
  inputSchema: JsonObject;
  /** True when a non-object schema was wrapped as `{ input: <schema> }`. */
  wrapsInput: boolean;
}

/** What a registry document converts to. */
export interface ConvertedInputSchema extends ObjectRootSchema {
  /** Set when the arguments are an EventBridge event's detail (src/catalog/event-schema.ts). */
  event?: EventTemplate;
  /** Choices worth a warning that still leave a usable schema (an ambiguous root, say). */
  warnings: string[];
}

/** The property that carries a wrapped non-object input. */
export const WRAPPED_INPUT_PROPERTY = 'input';

const OBJECT_KEYWORDS = new Set([
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedProperties',
]);
/** Keywords that constrain something other than an object (or cannot be followed here). */
const NON_OBJECT_KEYWORDS = new Set([
  'enum',
  'const',
  '$dynamicRef',
  'items',
  'prefixItems',
  'contains',
  'minContains',
  'maxContains',
  'minItems',
  'maxItems',
  'uniqueItems',
  'unevaluatedItems',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
]);
/** Keywords that combine subschemas: an untyped schema is object-like when they only combine object-like ones. */
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
/** The branches of a conditional: `if` is the condition that picks one, not a branch. */
const CONDITIONAL_BRANCHES = ['then', 'else'] as const;
/**
 * Root keywords that do not constrain the instance: they stay at the root when a root `$ref`
 * is resolved. `definitions`/`$defs` stay there so that the refs inside keep resolving.
 */
const ROOT_ONLY_KEYWORDS = new Set([
  '$schema',
  '$id',
  '$comment',
  'definitions',
  '$defs',
  'title',
  'description',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
]);
/** Keywords that say nothing about which instances a schema accepts. */
const ANNOTATION_KEYWORDS = new Set([...ROOT_ONLY_KEYWORDS, '$anchor', '$dynamicAnchor']);
/** Keywords that constrain an instance (beside `type`): a root with none of them accepts every object. */
const CONSTRAINING_KEYWORDS = new Set([
  ...OBJECT_KEYWORDS,
  ...NON_OBJECT_KEYWORDS,
  ...SCHEMA_LISTS,
  'not',
  'if',
  'then',
  'else',
  '$ref',
  'format',
  'dependencies',
  'additionalItems',
]);
/** How deep object-likeness follows refs and combinators (refs can form cycles). */
const MAX_OBJECT_LIKE_DEPTH = 32;

/**
 * Serves an object schema as it is, a root that constrains nothing (`{}`, only a title and
 * definitions) as an object schema that accepts every object, and wraps anything else as
 * `{ type: 'object', properties: { input: <schema> }, required: ['input'] }`.
 *
 * Two common forms count as object schemas although their root does not say `type: 'object'`:
 * - a root `$ref` to a local definition (draft-04 documents often name their root schema under
 *   `definitions`): the referenced schema is served as the root, `definitions`/`$defs` stay
 *   beside it so the refs inside still resolve;
 * - an untyped root whose keywords and combined branches are all object-like (`properties`,
 *   `required`, `additionalProperties`, ..., `anyOf`/`oneOf`/`allOf` of such branches, including
 *   required-only ones): it gets `type: 'object'` spelled out, since MCP arguments are always an object.
 */
export function ensureObjectRoot(schema: JsonObject): ObjectRootSchema {
  const root = resolveRootRef(schema) ?? schema;
  if (root.type === 'object') return { inputSchema: root, wrapsInput: false };
  if (Array.isArray(root.type) && root.type.length === 1 && root.type[0] === 'object') {
    return { inputSchema: { ...root, type: 'object' }, wrapsInput: false };
  }
  if (root.type === undefined && (objectLike(root, schema, 0) || constrainsNothing(root))) {
    return { inputSchema: { type: 'object', ...root }, wrapsInput: false };
  }
  const inner = rebaseLocalRefs(schema);
  return {
    inputSchema: {
      type: 'object',
      properties: { [WRAPPED_INPUT_PROPERTY]: inner },
      required: [WRAPPED_INPUT_PROPERTY],
    },
    wrapsInput: true,
  };
}

/**
 * True when no keyword of an untyped root constrains an instance (annotations, definitions, unknown
 * keywords): every object passes, so MCP's object arguments lose nothing and `{}` stays accepted.
 */
function constrainsNothing(root: JsonObject): boolean {
  return Object.keys(root).every((key) => !CONSTRAINING_KEYWORDS.has(key));
}

function isObjectType(type: unknown): boolean {
  return type === 'object' || (Array.isArray(type) && type.length === 1 && type[0] === 'object');
}

/**
 * True when every instance the schema accepts that is not an object is one MCP never sends:
 * an object type, or no type and only object keywords, combinators of object-like branches
 * and local refs to object-like schemas (at least one of them). `{}` is not object-like.
 *
 * `not` and `if` are not branches: `not` accepts what its subschema refuses, and `if` only picks
 * `then` or `else`. Neither makes a schema object-like: that takes its other keywords. A `not` of
 * a schema that every object passes (`{"not":{"type":"object"}}`) refuses every object, so the
 * schema is not object-like whatever its other keywords say. `then`/`else` are branches when there
 * is an `if` (each must be object-like) and have no effect without one.
 */
function objectLike(node: unknown, document: JsonObject, depth: number): boolean {
  if (!isObject(node) || depth > MAX_OBJECT_LIKE_DEPTH) return false;
  if (isObjectType(node.type)) return true;
  if (node.type !== undefined) return false;
  let evidence = false;
  for (const [key, value] of Object.entries(node)) {
    if (OBJECT_KEYWORDS.has(key)) {
      evidence = true;
    } else if (NON_OBJECT_KEYWORDS.has(key)) {
      return false;
    } else if (SCHEMA_LISTS.has(key)) {
      if (!Array.isArray(value) || value.length === 0) return false;
      if (!value.every((branch) => objectLike(branch, document, depth + 1))) return false;
      evidence = true;
    } else if (key === 'not') {
      if (acceptsEveryObject(value)) return false;
    } else if (key === 'if') {
      for (const branch of CONDITIONAL_BRANCHES) {
        if (!(branch in node)) continue;
        if (!objectLike(node[branch], document, depth + 1)) return false;
        evidence = true;
      }
    } else if (key === '$ref') {
      const target = typeof value === 'string' ? localRefTarget(document, value) : undefined;
      if (!objectLike(target, document, depth + 1)) return false;
      evidence = true;
    }
  }
  return evidence;
}

/** True when the schema surely accepts every object: `true`, `{}`, `{"type":"object"}` and the like. */
function acceptsEveryObject(schema: unknown): boolean {
  if (schema === true) return true;
  if (!isObject(schema)) return false;
  return Object.entries(schema).every(
    ([key, value]) =>
      ANNOTATION_KEYWORDS.has(key) ||
      (key === 'type' &&
        (value === 'object' || (Array.isArray(value) && (value as unknown[]).includes('object')))) ||
      ((key === 'additionalProperties' || key === 'unevaluatedProperties') &&
        (value === true || (isObject(value) && Object.keys(value).length === 0))),
  );
}

/**
 * The root with its `$ref` (followed through chains) replaced by the local schema it names, or
 * undefined when there is no root `$ref` or it cannot be resolved safely (not a local pointer, a
 * cycle, a target that holds its own `$id`). Keywords beside the `$ref` that constrain the instance
 * still apply: they join the result under `allOf`.
 */
function resolveRootRef(document: JsonObject): JsonObject | undefined {
  if (typeof document.$ref !== 'string') return undefined;
  let root = document;
  const seen = new Set<string>();
  while (typeof root.$ref === 'string') {
    const ref = root.$ref;
    if (seen.has(ref)) return undefined;
    seen.add(ref);
    const target = localRefTarget(document, ref);
    if (!isObject(target) || target === document || holdsId(target)) return undefined;
    root = hoist(root, target);
  }
  return root;
}

/** `current` without its `$ref`, with the referenced schema's keywords in its place. */
function hoist(current: JsonObject, target: JsonObject): JsonObject {
  // The definitions stay where the document has them, so anchors copied out of them would be duplicates.
  const copy = transformSchema(target, ({ $anchor: _a, $dynamicAnchor: _d, ...rest }) => rest) as JsonObject;
  const { $ref: _ref, ...siblings } = current;
  const constraints: JsonObject = {};
  const kept: JsonObject = {};
  for (const [key, value] of Object.entries(siblings)) {
    if (ROOT_ONLY_KEYWORDS.has(key)) kept[key] = value;
    else constraints[key] = value;
  }
  // The target's own definitions are still reachable where the document has them.
  delete copy.definitions;
  delete copy.$defs;
  if (Object.keys(constraints).length === 0) return { ...copy, ...kept };
  // Keywords beside a $ref apply as well (2020-12). Kept apart from the target's, since keywords
  // such as additionalProperties and unevaluatedProperties read their neighbours.
  if (copy.unevaluatedProperties !== undefined || copy.unevaluatedItems !== undefined) {
    return { ...kept, allOf: [copy, constraints] };
  }
  const allOf = Array.isArray(copy.allOf) ? copy.allOf : [];
  return { ...copy, ...kept, allOf: [...allOf, constraints] };
}

/** The schema a local JSON pointer ref (`#`, `#/definitions/Order`, ...) names in the document. */
function localRefTarget(document: JsonObject, ref: string): unknown {
  let fragment = ref;
  const base = typeof document.$id === 'string' ? document.$id.replace(/#$/, '') : undefined;
  if (base && ref.startsWith(`${base}#`)) fragment = ref.slice(base.length);
  if (fragment === '#') return document;
  if (!fragment.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of fragment.slice(2).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    } catch {
      return undefined;
    }
    if (Array.isArray(node)) node = /^(0|[1-9][0-9]*)$/.test(token) ? node[Number(token)] : undefined;
    else if (isObject(node) && Object.hasOwn(node, token)) node = node[token];
    else return undefined;
  }
  return node;
}

/** True when a schema, or one inside it, declares its own `$id` (a separate resource). */
function holdsId(schema: JsonObject): boolean {
  let found = false;
  transformSchema(schema, (node) => {
    if (typeof node.$id === 'string') found = true;
    return node;
  });
  return found;
}

/**
 * Moving a schema under `properties.input` moves what its `#/...` refs point at.
 * Its root `$id` goes too: it would make the inner schema a separate resource
 * that many MCP clients cannot resolve. Nested resources (`$id`) keep their refs.
 */
function rebaseLocalRefs(schema: JsonObject): JsonObject {
  const base = `#/properties/${WRAPPED_INPUT_PROPERTY}`;
  const rewrite = (node: unknown): unknown => {
    if (!isObject(node) || typeof node.$id === 'string') return structuredClone(node);
    const out = mapSubschemas(node, rewrite);
    if (typeof out.$ref === 'string' && (out.$ref === '#' || out.$ref.startsWith('#/'))) {
      out.$ref = base + out.$ref.slice(1);
    }
    return out;
  };
  const { $id: _rootId, ...rest } = schema;
  return rewrite(rest) as JsonObject;
}
