/**
 * fast-check arbitraries for the schema property tests (schema.property.test.ts): JSON Schema draft-04
 * documents, OpenAPI 3.0 documents, and values shaped after a schema so that many of them pass it. The
 * generators aim at valid documents; the tests keep only those the draft-04 oracle compiles.
 */
import fc from 'fast-check';

type Json = Record<string, unknown>;

/** Property names, few enough that schemas and values meet; `__proto__` and `constructor` on purpose. */
const KEYS = ['a', 'b', 'id', 'input', 'x-y', '__proto__', 'constructor'];
const PATTERNS = ['^a', 'b$', '^[a-c]*$', '\\d'];
const FORMATS = ['date-time', 'email', 'uuid'];
const SCALAR_TYPES = ['string', 'integer', 'number', 'boolean', 'null'] as const;

/** Any small JSON value (also what a careless client sends). */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2 });

const keySet = (min = 0): fc.Arbitrary<string[]> =>
  fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: min, maxLength: 3 });

/** `{ key: schema }` for a set of keys. */
function schemaMap(node: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return keySet().chain((keys) =>
    fc
      .tuple(...keys.map(() => node))
      .map((schemas) => Object.fromEntries(keys.map((k, i) => [k, schemas[i]]))),
  );
}

function stringSchema(): fc.Arbitrary<Json> {
  return fc.record(
    {
      type: fc.constant('string'),
      minLength: fc.nat(3),
      maxLength: fc.integer({ min: 3, max: 8 }),
      pattern: fc.constantFrom(...PATTERNS),
      format: fc.constantFrom(...FORMATS),
    },
    { requiredKeys: ['type'] },
  );
}

/** Numbers with draft-04's boolean exclusive bounds (what the conversion rewrites). */
function numberSchema(): fc.Arbitrary<Json> {
  return fc
    .record(
      {
        type: fc.constantFrom('integer', 'number'),
        minimum: fc.integer({ min: -5, max: 0 }),
        maximum: fc.integer({ min: 1, max: 9 }),
        exclusiveMinimum: fc.boolean(),
        exclusiveMaximum: fc.boolean(),
        multipleOf: fc.integer({ min: 1, max: 3 }),
      },
      { requiredKeys: ['type'] },
    )
    .map(({ exclusiveMinimum, exclusiveMaximum, ...s }) => ({
      ...s,
      // Draft-04 allows a boolean exclusive bound only beside its bound.
      ...(s.minimum !== undefined && exclusiveMinimum !== undefined ? { exclusiveMinimum } : {}),
      ...(s.maximum !== undefined && exclusiveMaximum !== undefined ? { exclusiveMaximum } : {}),
    }));
}

function leafSchema(): fc.Arbitrary<Json> {
  return fc.oneof(
    stringSchema(),
    numberSchema(),
    fc.record({ type: fc.constantFrom(...SCALAR_TYPES) }),
    fc.record({
      type: fc.uniqueArray(fc.constantFrom(...SCALAR_TYPES, 'object'), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ enum: fc.uniqueArray(fc.oneof(fc.constantFrom('a', 'b', 1, null, true)), { minLength: 1 }) }),
    fc.constant({}),
    fc.constant({ $ref: '#/definitions/shared' }),
  );
}

/** The draft-04 keywords the conversion rewrites or keeps, around `node` for their subschemas. */
function draft4Composite(node: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  const objectSchema = fc.record(
    {
      type: fc.constant('object'),
      properties: schemaMap(node),
      required: keySet(1),
      additionalProperties: fc.oneof(fc.boolean(), node),
      patternProperties: fc.record({ '^x': node }),
      dependencies: fc.record({ a: fc.oneof(keySet(1), node) }, { requiredKeys: [] }),
      minProperties: fc.nat(2),
      maxProperties: fc.integer({ min: 2, max: 5 }),
    },
    { requiredKeys: [] },
  );
  const arraySchema = fc.record(
    {
      type: fc.constant('array'),
      items: fc.oneof(node, fc.array(node, { minLength: 1, maxLength: 3 })),
      additionalItems: fc.oneof(fc.boolean(), node),
      minItems: fc.nat(2),
      maxItems: fc.integer({ min: 2, max: 4 }),
      uniqueItems: fc.boolean(),
    },
    { requiredKeys: ['type'] },
  );
  const list = fc.array(node, { minLength: 1, maxLength: 3 });
  return fc.oneof(
    objectSchema,
    arraySchema,
    fc.record({ allOf: list }),
    fc.record({ anyOf: list }),
    fc.record({ oneOf: list }),
    fc.record({ not: node }),
    fc.record({ id: fc.constant('#anchor'), type: fc.constant('string') }),
  );
}

/** A draft-04 subschema, up to a few levels deep. */
export const draft4Node: fc.Arbitrary<Json> = fc.letrec<{ node: Json }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafSchema(), draft4Composite(tie('node'))),
})).node;

/** A whole draft-04 document: `$schema`, maybe an absolute `id`, and the `definitions` the leaves' `$ref`s name. */
export const draft4Document: fc.Arbitrary<Json> = fc
  .record({
    root: draft4Node,
    shared: fc.oneof(
      leafSchema().filter((s) => s.$ref === undefined),
      fc.constant({ type: 'object' }),
    ),
    id: fc.option(fc.constant('http://example.com/schemas/order.json#'), { nil: undefined }),
    rootRef: fc.boolean(),
  })
  .map(({ root, shared, id, rootRef }) => ({
    $schema: 'http://json-schema.org/draft-04/schema#',
    ...(id !== undefined ? { id } : {}),
    ...(rootRef ? { $ref: '#/definitions/shared' } : root),
    definitions: { shared },
  }));

/** OpenAPI 3.0 component schemas: draft-04-like nodes, `nullable`, OpenAPI-only keywords and refs between them. */
export const openApiDocument: fc.Arbitrary<{ document: Json; root: string }> = fc
  .uniqueArray(fc.constantFrom('Order', 'Line', 'Customer', 'Note~1', 'With Space'), {
    minLength: 1,
    maxLength: 4,
  })
  .chain((names) => {
    const ref = fc.constantFrom(...names).map((n) => ({
      $ref: `#/components/schemas/${encodeURIComponent(n.replaceAll('~', '~0').replaceAll('/', '~1'))}`,
    }));
    const withExtras = (s: Json): fc.Arbitrary<Json> =>
      fc
        .record(
          { nullable: fc.boolean(), example: anyJson, description: fc.string({ maxLength: 5 }) },
          { requiredKeys: [] },
        )
        .map((extra) => ({ ...s, ...(typeof s.type === 'string' ? extra : { description: 'no type' }) }));
    const node = fc.letrec<{ node: Json }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leafSchema()
          .filter((s) => s.$ref === undefined)
          .chain(withExtras),
        ref,
        optionalRefObject(tie('node')),
      ),
    })).node;
    return fc.tuple(...names.map(() => node), fc.constantFrom(...names)).map((parts) => {
      const root = parts.at(-1) as string;
      const schemas = Object.fromEntries(names.map((n, i) => [n, parts[i]]));
      return {
        document: {
          openapi: '3.0.3',
          info: { title: 't', version: '1' },
          paths: {},
          components: { schemas },
        },
        root,
      };
    });
  });

/** An object whose properties are optional, so recursive references still admit finite values. */
function optionalRefObject(node: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc.record({ type: fc.constant('object'), properties: schemaMap(node), nullable: fc.boolean() });
}

/** The local schema a `#/...` pointer names in `document`, if any. */
function pointerTarget(document: Json, ref: string): Json | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const token = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    node = typeof node === 'object' && node !== null ? (node as Json)[token] : undefined;
  }
  return typeof node === 'object' && node !== null ? (node as Json) : undefined;
}

function scalarFor(type: unknown, schema: Json): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.stringMatching(/^[a-c]{1,6}$/),
        fc.constantFrom(
          'a1b',
          'abc',
          'x@example.com',
          '2024-01-02T03:04:05Z',
          '123e4567-e89b-12d3-a456-426614174000',
        ),
      );
    case 'integer':
    case 'number':
      return fc.integer({ min: Number(schema.minimum ?? -6), max: Number(schema.maximum ?? 10) });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return anyJson;
  }
}

function objectFor(schema: Json, document: Json, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Json;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const keys = [...new Set([...Object.keys(properties), ...required])];
  const values = keys.map((k) => {
    const sub = properties[k];
    return typeof sub === 'object' && sub !== null ? valuesFor(sub as Json, document, depth + 1) : anyJson;
  });
  return fc
    .tuple(fc.tuple(...values), fc.array(fc.boolean(), { minLength: keys.length, maxLength: keys.length }))
    .map(([vs, keep]) =>
      Object.fromEntries(
        keys.flatMap((k, i) => (required.includes(k) || keep[i] ? [[k, vs[i]] as [string, unknown]] : [])),
      ),
    );
}

function arrayFor(schema: Json, document: Json, depth: number): fc.Arbitrary<unknown> {
  const items = schema.items;
  if (Array.isArray(items)) return fc.tuple(...items.map((s) => valuesFor(s as Json, document, depth + 1)));
  const item =
    typeof items === 'object' && items !== null ? valuesFor(items as Json, document, depth + 1) : anyJson;
  return fc.array(item, { maxLength: 4 });
}

/**
 * Values shaped after `schema` (resolving `#/...` refs in `document`), mixed with arbitrary JSON: many
 * pass the schema, many do not; the tests ask the oracle which.
 */
export function valuesFor(schema: Json, document: Json, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 4) return anyJson;
  if (typeof schema.$ref === 'string') {
    const target = pointerTarget(document, schema.$ref);
    return target ? valuesFor(target, document, depth + 1) : anyJson;
  }
  const shaped: fc.Arbitrary<unknown>[] = [];
  if (Array.isArray(schema.enum)) shaped.push(fc.constantFrom(...(schema.enum as unknown[])));
  for (const key of ['allOf', 'anyOf', 'oneOf'])
    if (Array.isArray(schema[key]))
      for (const s of schema[key] as Json[]) shaped.push(valuesFor(s, document, depth + 1));
  const types = Array.isArray(schema.type) ? schema.type : schema.type !== undefined ? [schema.type] : [];
  for (const type of types) {
    if (type === 'object') shaped.push(objectFor(schema, document, depth));
    else if (type === 'array') shaped.push(arrayFor(schema, document, depth));
    else shaped.push(scalarFor(type, schema));
  }
  if (types.length === 0 && (schema.properties || schema.required))
    shaped.push(objectFor(schema, document, depth));
  return fc.oneof(
    { weight: 1, arbitrary: anyJson },
    ...shaped.map((arbitrary) => ({ weight: 3, arbitrary })),
  );
}
