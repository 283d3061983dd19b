/**
 * Property tests of the schema conversion (src/catalog/schema.ts): any valid JSON Schema draft-04 or
 * OpenAPI 3.0 document becomes an inputSchema that the project's validator compiles, and the arguments the
 * original document accepts are accepted (for draft-04, exactly those). The oracle for "the original
 * accepts" is Ajv's own draft-04 class (ajv-draft-04), with the same formats; OpenAPI documents are given
 * to it whole, so their `#/components/schemas/...` refs resolve as written. Each run picks a format
 * policy: formats checked (SFN_MCP_CHECK_FORMATS naming the generators' formats; the oracle checks them
 * too) or annotations (the default; an oracle that checks none). Generators:
 * schema-arbitraries.ts. fast-check prints the seed and the shrunk counterexample of a failure.
 */
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/catalog/json-schema.js';
import { registrySchemaToInputSchema } from '../../src/catalog/schema.js';
import { executionInputOf } from '../../src/execution/input.js';
import { isObject } from '../../src/result.js';
import { draft4Document, openApiDocument, valuesFor } from './schema-arbitraries.js';

// Both packages are CommonJS: under NodeNext the default import is the module object.
const Ajv04 = Ajv04Module.default;
const addFormats = addFormatsModule.default;

/** Runs per property: bounded so the suite stays quick (the OpenAPI oracle compiles whole documents). */
const DRAFT4_RUNS = 200;
const OPENAPI_RUNS = 100;
type Json = Record<string, unknown>;
type Check = (value: unknown) => boolean;

/** The formats the generators use (schema-arbitraries.ts), checked when a run checks formats. */
const CHECKED = ['date-time', 'email', 'uuid'];
const checking = new Ajv04({ strict: false, allErrors: true, addUsedSchema: false, logger: false });
addFormats(checking);
const annotating = new Ajv04({
  strict: false,
  allErrors: true,
  addUsedSchema: false,
  logger: false,
  validateFormats: false,
});

/** The original document's validator, or undefined when Ajv's draft-04 class refuses the document. */
function draft4Oracle(document: Json, formats: boolean): Check | undefined {
  const oracle = formats ? checking : annotating;
  try {
    const validate = oracle.compile(document);
    return (value) => validate(value);
  } catch {
    return undefined;
  } finally {
    oracle.removeSchema(document);
  }
}

let documents = 0;

function openApiOracle(document: Json, root: string, formats: boolean): Check | undefined {
  const oracle = formats ? checking : annotating;
  // A fresh key each time: Ajv keeps what getSchema resolved under `key#...` past removeSchema(key).
  const key = `openapi-document-${++documents}`;
  try {
    oracle.addSchema(document, key);
    const pointer = encodeURIComponent(root.replaceAll('~', '~0').replaceAll('/', '~1'));
    const validate = oracle.getSchema(`${key}#/components/schemas/${pointer}`);
    return validate ? (value) => validate(value) === true : undefined;
  } catch {
    return undefined;
  } finally {
    oracle.removeSchema(key);
  }
}

/** What a client sends for the execution input `value`, when MCP arguments can carry it at all. */
function argumentsFor(converted: { wrapsInput: boolean }, value: unknown): unknown {
  if (converted.wrapsInput) return { input: value };
  return isObject(value) ? value : undefined;
}

/** Converts the document and returns the served schema's validator; fails the property when either step fails. */
function served(
  type: 'JSONSchemaDraft4' | 'OpenApi3',
  document: Json,
  formats: boolean,
  schemaName?: string,
) {
  const converted = registrySchemaToInputSchema({
    type,
    content: JSON.stringify(document),
    ...(schemaName !== undefined ? { schemaName } : {}),
  });
  expect(converted.inputSchema.type).toBe('object');
  const compiled = compileSchema(converted.inputSchema, formats ? CHECKED : []);
  if (!compiled.ok) throw new Error(`the served schema does not compile: ${compiled.error}`);
  return { ...converted, validate: compiled.value };
}

describe('JSONSchemaDraft4 documents', () => {
  it('become a schema the validator compiles, accepting exactly the arguments the original accepts', () => {
    const cases = draft4Document.chain((document) =>
      fc.tuple(
        fc.constant(document),
        fc.array(valuesFor(document, document), { minLength: 1, maxLength: 8 }),
      ),
    );
    fc.assert(
      fc.property(cases, fc.boolean(), ([document, values], formats) => {
        const original = draft4Oracle(document, formats);
        fc.pre(original !== undefined);
        const tool = served('JSONSchemaDraft4', document, formats);
        for (const value of values) {
          const args = argumentsFor(tool, value);
          if (args === undefined) continue;
          expect({ value, accepted: tool.validate(args) }).toEqual({ value, accepted: original(value) });
          expect(executionInputOf(tool as never, args)).toEqual(value);
        }
      }),
      { numRuns: DRAFT4_RUNS },
    );
  });
});

describe('OpenApi3 documents', () => {
  it('become a schema the validator compiles, accepting every argument the original accepts', () => {
    const cases = openApiDocument.chain(({ document, root }) => {
      const schemas = (document.components as Json).schemas as Json;
      return fc.tuple(
        fc.constant({ document, root }),
        fc.array(valuesFor(schemas[root] as Json, document), { minLength: 1, maxLength: 8 }),
      );
    });
    fc.assert(
      fc.property(cases, fc.boolean(), ([{ document, root }, values], formats) => {
        const original = openApiOracle(document, root, formats);
        fc.pre(original !== undefined);
        const tool = served('OpenApi3', document, formats, root);
        for (const value of values) {
          const args = argumentsFor(tool, value);
          if (args === undefined || !original(value)) continue;
          expect({ value, accepted: tool.validate(args) }).toEqual({ value, accepted: true });
        }
      }),
      { numRuns: OPENAPI_RUNS },
    );
  });
});
