/**
 * The 2020-12 meta-schema check of src/catalog/json-schema.ts, done by the validator generated ahead of
 * time (src/catalog/meta-schema-validator.generated.cjs, scripts/generate-meta-schema-validator.ts): the
 * checked-in file is what the generator writes today, and its answers and messages are those of Ajv's
 * validateSchema, which the server used to call (and compile the meta-schema for) at run time.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  GENERATED_VALIDATOR,
  REGENERATE,
  metaSchemaValidatorCode,
} from '../../scripts/generate-meta-schema-validator.js';
import { newAjv } from '../../src/catalog/ajv-instance.js';
import { compileSchema, metaSchemaCheck, schemaCheck } from '../../src/catalog/json-schema.js';
import { errorMessage } from '../../src/result.js';
import { anyJson } from './schema-arbitraries.js';

type Json = Record<string, unknown>;

let runTimePath: Ajv2020 | undefined;

/** What Ajv's own path says: validateSchema with the meta-schema compiled at run time, as the server did. */
function ajvSays(schema: Json): string {
  try {
    (runTimePath ??= newAjv(true, 'all')).validateSchema(structuredClone(schema), true);
    return 'valid';
  } catch (err) {
    return errorMessage(err);
  }
}

function checkSays(schema: Json): string {
  const checked = metaSchemaCheck(schema);
  return checked.ok ? 'valid' : checked.error;
}

describe('the generated meta-schema validator', () => {
  it('is the code the generator writes with the Ajv installed', () => {
    const current = metaSchemaValidatorCode() === readFileSync(GENERATED_VALIDATOR, 'utf8');
    expect(current, `${GENERATED_VALIDATOR} is out of date: run \`${REGENERATE}\``).toBe(true);
  });
});

// The messages were written down by running the run-time path once (Ajv's validateSchema, before the
// validator was generated); ajvSays still runs it, so both paths are seen to agree on each of them.
const refused: [string, Json, string][] = [
  [
    'a wrong type',
    { type: 'object', properties: { qty: { type: 'integr' } } },
    'schema is invalid: data/properties/qty/type must be equal to one of the allowed values, ' +
      'data/properties/qty/type must be array, data/properties/qty/type must match a schema in anyOf',
  ],
  [
    'a negative minLength',
    { type: 'string', minLength: -1 },
    'schema is invalid: data/minLength must be >= 0',
  ],
  [
    'a $defs entry with a bad keyword',
    { $defs: { Item: { type: 7 } }, $ref: '#/$defs/Item' },
    'schema is invalid: data/$defs/Item/type must be equal to one of the allowed values, ' +
      'data/$defs/Item/type must be array, data/$defs/Item/type must match a schema in anyOf',
  ],
  [
    'a $defs entry that is no schema',
    { $defs: { Item: 'not a schema' } },
    `schema is invalid: ${Array(8).fill('data/$defs/Item must be object,boolean').join(', ')}`,
  ],
  [
    'several mistakes',
    { type: 'object', required: 'orderId', properties: { a: { minLength: 'three' }, b: { enum: 1 } } },
    'schema is invalid: data/properties/a/minLength must be integer, data/properties/b/enum must be array, ' +
      'data/required must be array',
  ],
  [
    'an $anchor that is no name',
    { $anchor: '1abc' },
    'schema is invalid: data/$anchor must match pattern "^[A-Za-z_][-A-Za-z0-9._]*$"',
  ],
  ['an $id that is no string', { $id: 7 }, 'schema is invalid: data/$id must be string'],
  [
    'the 2020-12 $schema, with a mistake',
    { $schema: 'https://json-schema.org/draft/2020-12/schema#', type: 'object', minProperties: -2 },
    'schema is invalid: data/minProperties must be >= 0',
  ],
  ['a $schema that is no string', { $schema: 7, type: 'object' }, '$schema must be a string'],
];

const accepted: [string, Json][] = [
  [
    'a recursive schema through $dynamicRef',
    {
      $id: 'https://example.com/tree',
      $dynamicAnchor: 'node',
      type: 'object',
      properties: { children: { type: 'array', items: { $dynamicRef: '#node' } } },
    },
  ],
  [
    '$defs and formats',
    {
      $defs: { Email: { type: 'string', format: 'email' } },
      type: 'object',
      properties: { to: { $ref: '#/$defs/Email' }, when: { format: 'date-time' } },
    },
  ],
  // The meta-schema's `format: "regex"` is not asserted (Ajv compiles meta-schemas without formats):
  // Ajv's compile refuses the pattern, below.
  ['an invalid regex in pattern', { type: 'string', pattern: '(' }],
  ['the 2020-12 $schema', { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' }],
];

describe('metaSchemaCheck', () => {
  it.each(refused)("refuses %s with Ajv's validateSchema message", (_label, schema, message) => {
    expect(metaSchemaCheck(schema)).toEqual({ ok: false, error: message });
    expect(ajvSays(schema)).toBe(message);
  });

  it.each(accepted)('accepts %s, as Ajv does', (_label, schema) => {
    expect(metaSchemaCheck(schema)).toEqual({ ok: true, value: undefined });
    expect(ajvSays(schema)).toBe('valid');
  });

  it("agrees with Ajv's validateSchema on any schema, valid or not", () => {
    fc.assert(
      fc.property(schemaLike, (schema) => {
        expect(checkSays(schema)).toBe(ajvSays(schema));
      }),
      { numRuns: 300 },
    );
  });
});

describe('schemaCheck and compileSchema with the generated validator', () => {
  afterEach(() => vi.restoreAllMocks());

  it("refuse what the meta-schema refuses with its message, and an invalid regex with Ajv's compile's", () => {
    for (const [, schema, message] of refused) {
      expect(schemaCheck()(schema)).toEqual({ ok: false, error: message });
      expect(compileSchema(structuredClone(schema))).toEqual({ ok: false, error: message });
    }
    // Written down from the run-time path, as above.
    expect(schemaCheck()({ type: 'string', pattern: '(' })).toEqual({
      ok: false,
      error: 'Invalid regular expression: /(/u: Unterminated group',
    });
    expect(schemaCheck()({ type: 'object', patternProperties: { '[': {} } })).toEqual({
      ok: false,
      error: 'Invalid regular expression: /[/u: Unterminated character class',
    });
  });

  it('never have Ajv validate a schema against the meta-schema, which would compile it', () => {
    const validateSchema = vi.spyOn(Ajv2020.prototype, 'validateSchema');
    for (const [, schema] of [...refused, ...accepted]) {
      schemaCheck()(schema);
      schemaCheck(['email'])(schema);
      compileSchema(structuredClone(schema));
    }
    expect(schemaCheck()(accepted[1]![1])).toEqual({ ok: true, value: undefined });
    expect(validateSchema).not.toHaveBeenCalled();
  });
});

const KEYWORDS = [
  'type',
  'minLength',
  'maximum',
  'required',
  'enum',
  'const',
  'pattern',
  'format',
  '$id',
  '$anchor',
  '$ref',
  '$dynamicRef',
  'additionalProperties',
  'uniqueItems',
];
const SCHEMA_MAPS = ['properties', '$defs', 'patternProperties', 'dependentSchemas'];

/** Objects of JSON Schema keywords with any small JSON value, or nested schemas, many of them invalid. */
const schemaLike: fc.Arbitrary<Json> = fc.letrec<{ node: Json }>((tie) => ({
  node: fc
    .record(
      {
        keywords: fc.dictionary(
          fc.constantFrom(...KEYWORDS),
          fc.oneof(
            {
              arbitrary: fc.constantFrom('string', 'object', 'integr', -1, 3, true, ['a'], '^a', '('),
              weight: 4,
            },
            { arbitrary: anyJson, weight: 1 },
          ),
          { maxKeys: 3 },
        ),
        maps: fc.dictionary(
          fc.constantFrom(...SCHEMA_MAPS),
          fc.dictionary(
            fc.constantFrom('a', 'b', '^x'),
            fc.oneof({ maxDepth: 3 }, fc.boolean(), anyJson, tie('node')),
            { maxKeys: 2 },
          ),
          { maxKeys: 2 },
        ),
        items: fc.option(tie('node'), { maxDepth: 3 }),
      },
      { requiredKeys: ['keywords', 'maps'] },
    )
    .map(({ keywords, maps, items }) => ({ ...keywords, ...maps, ...(items ? { items } : {}) })),
})).node;
