/**
 * EventBridge Schema Registry documents -> the MCP tool's inputSchema.
 *
 * MCP clients read an inputSchema without `$schema` as JSON Schema 2020-12, and
 * the execution layer validates with Ajv's 2020 dialect, so every document is
 * rewritten into 2020-12 terms: draft-04 keywords for `JSONSchemaDraft4`, and
 * `components.schemas` with their `$ref`s resolved for `OpenApi3`; then its root is
 * made an object (schema-object-root.ts).
 */
import { errorMessage, isObject } from '../result.js';
import { ensureObjectRoot, type ConvertedInputSchema } from './schema-object-root.js';
import { transformSchema, type JsonObject } from './schema-walk.js';

/** What DescribeSchema returns that matters here. */
export interface RegistrySchemaDocument {
  /** `JSONSchemaDraft4` or `OpenApi3`. */
  type: string;
  /** The document text as stored in the registry. */
  content: string;
  /** The registry schema name; picks the OpenAPI component when one has that name. */
  schemaName?: string;
}

/** A registry document that cannot serve as an input schema; the message says why. */
export class SchemaConversionError extends Error {
  override name = 'SchemaConversionError';
}

/** The inputSchema of a machine without a registry schema: any object is the input. */
export function openInputSchema(): JsonObject {
  return { type: 'object', additionalProperties: true };
}

export function registrySchemaToInputSchema(doc: RegistrySchemaDocument): ConvertedInputSchema {
  const parsed = parseDocument(doc.content);
  switch (doc.type) {
    case 'JSONSchemaDraft4':
      return ensureObjectRoot(normalizeJsonSchema(parsed));
    case 'OpenApi3':
      return ensureObjectRoot(openApiToJsonSchema(parsed, doc.schemaName));
    default:
      throw new SchemaConversionError(
        `unsupported schema type "${doc.type}" (expected JSONSchemaDraft4 or OpenApi3)`,
      );
  }
}

function parseDocument(content: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (err) {
    throw new SchemaConversionError(`the schema document is not valid JSON: ${errorMessage(err)}`);
  }
  if (!isObject(parsed)) throw new SchemaConversionError('the schema document is not a JSON object');
  return parsed;
}

// ---------------------------------------------------------------------------
// JSON Schema draft-04 (and other pre-2020 drafts) -> 2020-12

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

function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

/** Draft-04/OpenAPI 3.0 `exclusiveMaximum: true` modifies `maximum`; 2020-12 holds the bound itself. */
function exclusiveBound(out: JsonObject, exclusive: string, inclusive: string): void {
  if (typeof out[exclusive] !== 'boolean') return;
  if (out[exclusive] === true && typeof out[inclusive] === 'number') {
    out[exclusive] = out[inclusive];
    delete out[inclusive];
  } else {
    delete out[exclusive];
  }
}

// ---------------------------------------------------------------------------
// OpenAPI 3 -> one self-contained 2020-12 schema

const COMPONENT_REF = '#/components/schemas/';
/** Serialised size past which shared components go under `$defs` instead of being copied. */
const INLINE_BUDGET_CHARS = 1_000_000;
/** OpenAPI-only keywords with no JSON Schema meaning. */
const OPENAPI_ONLY = ['example', 'discriminator', 'xml', 'externalDocs'];

class InlineBudgetExceeded extends Error {}

/**
 * The schema under `components.schemas`: the one named like the registry schema
 * if present, otherwise the single one no other schema references, otherwise the
 * first. Non-recursive `$ref`s are inlined; schemas on a reference cycle go under
 * `$defs` with their refs rewritten to `#/$defs/<name>`.
 */
export function openApiToJsonSchema(document: JsonObject, schemaName?: string): JsonObject {
  const components = isObject(document.components) ? document.components.schemas : undefined;
  if (!isObject(components) || Object.keys(components).length === 0) {
    throw new SchemaConversionError('the OpenAPI document has no schemas under components.schemas');
  }
  for (const [name, schema] of Object.entries(components)) {
    if (!isObject(schema) && typeof schema !== 'boolean') {
      throw new SchemaConversionError(`components.schemas.${name} is not a schema object`);
    }
  }
  const refs = new Map(Object.entries(components).map(([name, s]) => [name, componentRefs(s, components)]));
  const root = chooseRoot(components, refs, schemaName);
  const cyclic = componentsOnCycles(refs);
  try {
    return resolveComponents(components, root, cyclic);
  } catch (err) {
    if (!(err instanceof InlineBudgetExceeded)) throw err;
    // Copying shared schemas everywhere grows exponentially on some documents: share them instead.
    return resolveComponents(components, root, new Set([...cyclic, ...sharedComponents(refs, root)]));
  }
}

function chooseRoot(components: JsonObject, refs: Map<string, string[]>, schemaName?: string): string {
  if (schemaName !== undefined && Object.hasOwn(components, schemaName)) return schemaName;
  const names = Object.keys(components);
  const referenced = new Set<string>();
  for (const [from, targets] of refs) for (const to of targets) if (to !== from) referenced.add(to);
  const unreferenced = names.filter((n) => !referenced.has(n));
  return unreferenced.length === 1 ? unreferenced[0]! : names[0]!;
}

/** Every component a schema references, in order, duplicates kept (they count as sharing). */
function componentRefs(schema: unknown, components: JsonObject): string[] {
  const found: string[] = [];
  transformSchema(schema, (node) => {
    if (typeof node.$ref === 'string') found.push(refTarget(node.$ref, components));
    return node;
  });
  return found;
}

/** The component a `$ref` names; any other kind of reference is refused. */
function refTarget(ref: string, components: JsonObject): string {
  if (!ref.startsWith(COMPONENT_REF)) {
    throw new SchemaConversionError(
      `unsupported $ref "${ref}": only references to ${COMPONENT_REF}<name> inside the document are resolved`,
    );
  }
  const token = ref.slice(COMPONENT_REF.length);
  if (token.includes('/')) {
    throw new SchemaConversionError(
      `unsupported $ref "${ref}": it points inside a schema, not at a whole schema`,
    );
  }
  let name: string;
  try {
    name = decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~');
  } catch {
    throw new SchemaConversionError(`malformed $ref "${ref}"`);
  }
  if (!Object.hasOwn(components, name)) {
    throw new SchemaConversionError(`$ref "${ref}" points at no schema in components.schemas`);
  }
  return name;
}

/** Components on a reference cycle (Tarjan's strongly connected components). */
function componentsOnCycles(refs: Map<string, string[]>): Set<string> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cyclic = new Set<string>();
  let counter = 0;

  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of refs.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (refs.get(v) ?? []).includes(v)) for (const s of scc) cyclic.add(s);
    }
  };
  for (const v of refs.keys()) if (!index.has(v)) visit(v);
  return cyclic;
}

/** Components referenced more than once from what the root reaches. */
function sharedComponents(refs: Map<string, string[]>, root: string): string[] {
  const count = new Map<string, number>();
  const seen = new Set<string>([root]);
  const queue = [root];
  while (queue.length > 0) {
    for (const to of refs.get(queue.shift()!) ?? []) {
      count.set(to, (count.get(to) ?? 0) + 1);
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return [...count].filter(([, n]) => n > 1).map(([name]) => name);
}

function defsPointer(name: string): string {
  return `#/$defs/${encodeURIComponent(name.replaceAll('~', '~0').replaceAll('/', '~1'))}`;
}

/** The root component with every ref resolved; `asDefs` names the components kept under `$defs`. */
function resolveComponents(components: JsonObject, root: string, asDefs: Set<string>): JsonObject {
  const converted = new Map<string, { schema: unknown; size: number }>();
  const usedDefs = new Set<string>();
  let budget = INLINE_BUDGET_CHARS;

  const convert = (name: string): { schema: unknown; size: number } => {
    const done = converted.get(name);
    if (done) return done;
    const schema = transformSchema(components[name], (node) => {
      if (typeof node.$ref !== 'string') return openApiKeywords(node);
      const { $ref, ...siblings } = node;
      const target = refTarget($ref as string, components);
      if (asDefs.has(target)) {
        usedDefs.add(target);
        return openApiKeywords({ $ref: defsPointer(target), ...siblings });
      }
      // Not on a cycle, so this recursion ends.
      const inlined = convert(target);
      budget -= inlined.size;
      if (budget < 0) throw new InlineBudgetExceeded();
      const copy = structuredClone(inlined.schema);
      // OpenAPI 3.0 ignores $ref siblings, but authors put description or nullable there: keep them.
      if (Object.keys(siblings).length === 0) return isObject(copy) ? copy : { allOf: [copy] };
      return openApiKeywords(isObject(copy) ? { ...copy, ...siblings } : { allOf: [copy], ...siblings });
    });
    const result = { schema, size: JSON.stringify(schema).length };
    converted.set(name, result);
    return result;
  };

  const rootSchema = convert(root).schema;
  const out: JsonObject = isObject(rootSchema) ? { ...rootSchema } : { allOf: [rootSchema] };
  // $defs bodies may use further $defs: collect until nothing new appears.
  const defs: JsonObject = {};
  for (let added = true; added;) {
    added = false;
    for (const name of [...usedDefs]) {
      if (Object.hasOwn(defs, name)) continue;
      defs[name] = structuredClone(convert(name).schema);
      added = true;
    }
  }
  if (Object.keys(defs).length > 0) {
    out.$defs = {
      ...asObject(out.$defs),
      ...Object.fromEntries(
        Object.keys(defs)
          .sort()
          .map((k) => [k, defs[k]]),
      ),
    };
  }
  return out;
}

/** OpenAPI 3.0 keywords -> JSON Schema 2020-12 (idempotent). */
function openApiKeywords(node: JsonObject): JsonObject {
  const out = { ...node };
  for (const key of OPENAPI_ONLY) delete out[key];
  if (out.nullable === true) {
    // OpenAPI 3.0: nullable only widens an explicit `type`.
    if (typeof out.type === 'string' && out.type !== 'null') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  delete out.nullable;
  exclusiveBound(out, 'exclusiveMaximum', 'maximum');
  exclusiveBound(out, 'exclusiveMinimum', 'minimum');
  return out;
}
