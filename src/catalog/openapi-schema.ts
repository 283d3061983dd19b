/**
 * OpenAPI 3 documents (the registry's `OpenApi3` type): the component schemas under `components.schemas`,
 * with their `$ref`s resolved into one self-contained JSON Schema 2020-12 (recursive ones under `$defs`).
 * Pure.
 */
import { isObject } from '../result.js';
import { exclusiveBound } from './draft4-schema.js';
import { SchemaConversionError } from './schema-error.js';
import { asObject, transformSchema, type JsonObject } from './schema-walk.js';

const COMPONENT_REF = '#/components/schemas/';
/** Serialised size past which shared components go under `$defs` instead of being copied. */
const INLINE_BUDGET_CHARS = 1_000_000;
/** OpenAPI-only keywords with no JSON Schema meaning. */
const OPENAPI_ONLY = ['example', 'discriminator', 'xml', 'externalDocs'];

class InlineBudgetExceeded extends Error {}

/** A document's component schemas and the references between them, read once. */
export interface OpenApiComponents {
  schemas: JsonObject;
  /** Each component's references to components, in order, duplicates kept (they count as sharing). */
  refs: Map<string, string[]>;
}

/** Which component a document's tool takes, and a warning when the document left it open. */
export interface RootChoice {
  name: string;
  warning?: string;
}

/**
 * The component schemas of a document and their references. Throws a SchemaConversionError when there
 * are none or when one is not a schema. A `$ref` that cannot be resolved (see componentOfRef) is left
 * out of `refs`: it makes the document unusable only when the component the tool takes reaches it.
 */
export function readComponents(document: JsonObject): OpenApiComponents {
  const schemas = isObject(document.components) ? document.components.schemas : undefined;
  if (!isObject(schemas) || Object.keys(schemas).length === 0) {
    throw new SchemaConversionError('the OpenAPI document has no schemas under components.schemas');
  }
  for (const [name, schema] of Object.entries(schemas)) {
    if (!isObject(schema) && typeof schema !== 'boolean') {
      throw new SchemaConversionError(`components.schemas.${name} is not a schema object`);
    }
  }
  const refs = new Map(Object.entries(schemas).map(([name, s]) => [name, componentRefs(s, schemas)]));
  return { schemas, refs };
}

/** The root component (see chooseRoot) as one self-contained schema. */
export function openApiToJsonSchema(document: JsonObject, schemaName?: string): JsonObject {
  const components = readComponents(document);
  return componentSchema(components, chooseRoot(components, schemaName).name);
}

/**
 * One component with every `$ref` resolved: non-recursive refs are inlined; components on a reference
 * cycle go under `$defs` with their refs rewritten to `#/$defs/<name>`.
 */
export function componentSchema(components: OpenApiComponents, root: string): JsonObject {
  const { schemas, refs } = components;
  const cyclic = componentsOnCycles(refs);
  try {
    return resolveComponents(schemas, root, cyclic);
  } catch (err) {
    if (!(err instanceof InlineBudgetExceeded)) throw err;
    // Copying shared schemas everywhere grows exponentially on some documents: share them instead.
    return resolveComponents(schemas, root, new Set([...cyclic, ...sharedComponents(refs, root)]));
  }
}

/**
 * The component the tool takes: the one named like the registry schema, or like the part of its name
 * after the last `@` (the registry names discovered schemas `<source>@<DetailType>`); otherwise the one
 * no other component refers to. When several qualify (or none, all being on cycles), the one that
 * reaches the most components through its refs, the first in the document on a tie, with a warning.
 */
export function chooseRoot(components: OpenApiComponents, schemaName?: string): RootChoice {
  const { schemas, refs } = components;
  const named =
    schemaName === undefined ? [] : [schemaName, schemaName.slice(schemaName.lastIndexOf('@') + 1)];
  const byName = named.find((n) => n !== '' && Object.hasOwn(schemas, n));
  if (byName !== undefined) return { name: byName };
  const names = Object.keys(schemas);
  const referenced = new Set<string>();
  for (const [from, targets] of refs) for (const to of targets) if (to !== from) referenced.add(to);
  const unreferenced = names.filter((n) => !referenced.has(n));
  const pool = unreferenced.length > 0 ? unreferenced : names;
  if (pool.length === 1) return { name: pool[0]! };
  const reach = new Map(pool.map((n) => [n, reachable(refs, n).size]));
  // Stable: on a tie the first in the document stays first.
  const name = [...pool].sort((a, b) => reach.get(b)! - reach.get(a)!)[0]!;
  const others = pool.filter((n) => n !== name).map((n) => `"${n}"`);
  const why =
    unreferenced.length > 0 ? 'no other component refers to any of them' : 'they all refer to one another';
  return {
    name,
    warning:
      `the OpenAPI document does not say which component is the input (${pool.length} candidates: ${why}); ` +
      `the tool takes "${name}", which reaches the most components, over ${others.join(', ')}. ` +
      `Name the registry schema after the component meant (or "<anything>@<component>") to choose it`,
  };
}

/** Every component `root` reaches through its refs, itself included. */
function reachable(refs: Map<string, string[]>, root: string): Set<string> {
  const seen = new Set([root]);
  const queue = [root];
  while (queue.length > 0) {
    for (const to of refs.get(queue.shift()!) ?? []) {
      if (seen.has(to)) continue;
      seen.add(to);
      queue.push(to);
    }
  }
  return seen;
}

/** Every component a schema references, in order, duplicates kept (they count as sharing). */
function componentRefs(schema: unknown, schemas: JsonObject): string[] {
  const found: string[] = [];
  transformSchema(schema, (node) => {
    if (typeof node.$ref !== 'string') return node;
    try {
      found.push(componentOfRef(node.$ref, schemas));
    } catch (err) {
      // Only what the tool's root reaches must resolve: resolveComponents refuses such a ref there.
      if (!(err instanceof SchemaConversionError)) throw err;
    }
    return node;
  });
  return found;
}

/**
 * The component a `$ref` names. Like AWS's own schema tooling (the SAM CLI and the AWS Toolkit read
 * everything after `#/components/schemas/` as the name), a name may hold `/`, as partner event schemas'
 * names do (`#/components/schemas/aws.partner/mongodb.com/Ticket.Created`); a name written as a JSON
 * pointer token (`~1` for `/`, percent-encoding) is found too. Anything else is refused, saying whether
 * the ref points inside a component or at one that does not exist.
 */
export function componentOfRef(ref: string, schemas: JsonObject): string {
  if (!ref.startsWith(COMPONENT_REF)) {
    throw new SchemaConversionError(
      `unsupported $ref "${ref}": only references to ${COMPONENT_REF}<name> inside the document are resolved`,
    );
  }
  const tail = ref.slice(COMPONENT_REF.length);
  if (Object.hasOwn(schemas, tail)) return tail;
  const decoded = pointerToken(tail);
  if (decoded === undefined) throw new SchemaConversionError(`malformed $ref "${ref}"`);
  if (Object.hasOwn(schemas, decoded)) return decoded;
  const container = containingComponent(tail, schemas);
  if (container !== undefined) {
    throw new SchemaConversionError(
      `unsupported $ref "${ref}": it points inside the component "${container.name}" (at ${container.path}), ` +
        'not at a whole component',
    );
  }
  throw new SchemaConversionError(
    `$ref "${ref}" refers to a component that does not exist: components.schemas has no "${decoded}"`,
  );
}

/** A JSON pointer token unescaped (`~1` -> `/`, `~0` -> `~`, percent-decoded); undefined when malformed. */
function pointerToken(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
  } catch {
    return undefined;
  }
}

/** The longest leading part of a ref's path that names a component, and the path left inside it. */
function containingComponent(tail: string, schemas: JsonObject): { name: string; path: string } | undefined {
  const segments = tail.split('/');
  for (let i = segments.length - 1; i >= 1; i--) {
    const head = segments.slice(0, i).join('/');
    const name = Object.hasOwn(schemas, head) ? head : i === 1 ? pointerToken(head) : undefined;
    if (name !== undefined && Object.hasOwn(schemas, name)) {
      return { name, path: `/${segments.slice(i).join('/')}` };
    }
  }
  return undefined;
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
      const target = componentOfRef($ref as string, components);
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
