/**
 * How the project's Ajv instances are made: src/catalog/json-schema.ts makes them, and
 * scripts/generate-meta-schema-validator.ts makes the one whose meta-schema validator it writes out, so
 * that the generated validator is the one these options compile. Apart from json-schema.ts because it
 * must not import the generated file it helps to write.
 */
import { Ajv2020, type CodeOptions } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatName } from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is the module object, which also carries `.default`.
const addFormats = addFormatsModule.default;

/** JSON Schema 2020-12's meta-schema: what MCP clients read an inputSchema without `$schema` as. */
export const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';

/** The formats a validator checks; others are annotations. Empty: none is checked. */
export type CheckedFormats = readonly string[];

/**
 * An Ajv instance checking `formats` (`all`: every format ajv-formats knows). `addUsedSchema: false` so
 * two schemas with the same $id do not collide; each compiled schema is removed from Ajv's own cache.
 * `logger: false`: Ajv would otherwise warn on the console (stdout carries the stdio protocol), e.g.
 * about a format it does not check. `validateSchema: false` for the compiling instances: the
 * meta-schema check is done before, by metaSchemaCheck. `code`: how Ajv writes the code it compiles
 * (the generator asks for its source, on lines of its own).
 */
export function newAjv(
  validateSchema: boolean,
  formats: CheckedFormats | 'all',
  code?: CodeOptions,
): Ajv2020 {
  const checks = formats === 'all' || formats.length > 0;
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    addUsedSchema: false,
    logger: false,
    validateSchema,
    validateFormats: checks,
    ...(code ? { code } : {}),
  });
  if (formats === 'all') addFormats(ajv);
  else if (checks) addFormats(ajv, [...formats] as FormatName[]);
  return ajv;
}
