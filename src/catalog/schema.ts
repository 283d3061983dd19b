/**
 * EventBridge Schema Registry documents -> the MCP tool's inputSchema.
 *
 * MCP clients read an inputSchema without `$schema` as JSON Schema 2020-12, and
 * the execution layer validates with Ajv's 2020 dialect, so every document is
 * rewritten into 2020-12 terms: draft-04 keywords for `JSONSchemaDraft4`
 * (draft4-schema.ts), and `components.schemas` with their `$ref`s resolved for
 * `OpenApi3` (openapi-schema.ts), where an EventBridge event schema gives its
 * event's detail (event-schema.ts); then its root is made an object
 * (schema-object-root.ts). Pure.
 */
import type { EventEnvelopeMode } from '../config/index.js';
import { errorMessage, isObject } from '../result.js';
import { normalizeJsonSchema } from './draft4-schema.js';
import { eventDocumentOf, eventInputSchema } from './event-schema.js';
import { chooseRoot, componentSchema, openApiToJsonSchema, readComponents } from './openapi-schema.js';
import { SchemaConversionError } from './schema-error.js';
import { ensureObjectRoot, type ConvertedInputSchema } from './schema-object-root.js';
import type { JsonObject } from './schema-walk.js';

export { normalizeJsonSchema, openApiToJsonSchema, SchemaConversionError };
export type { ConvertedInputSchema };

/** What DescribeSchema returns that matters here. */
export interface RegistrySchemaDocument {
  /** `JSONSchemaDraft4` or `OpenApi3`. */
  type: string;
  /** The document text as stored in the registry. */
  content: string;
  /** The registry schema name; picks the OpenAPI component when one has that name. */
  schemaName?: string;
}

/** The operator's choices that shape a conversion. */
export interface SchemaOptions {
  /** EventBridge event schemas: the tool takes the `detail` (default) or the `full` event. */
  eventEnvelope?: EventEnvelopeMode;
}

/** The inputSchema of a machine without a registry schema: any object is the input. */
export function openInputSchema(): JsonObject {
  return { type: 'object', additionalProperties: true };
}

export function registrySchemaToInputSchema(
  doc: RegistrySchemaDocument,
  options: SchemaOptions = {},
): ConvertedInputSchema {
  const parsed = parseDocument(doc.content);
  switch (doc.type) {
    case 'JSONSchemaDraft4':
      return { ...ensureObjectRoot(normalizeJsonSchema(parsed)), warnings: [] };
    case 'OpenApi3':
      return openApiInputSchema(parsed, doc.schemaName, options);
    default:
      throw new SchemaConversionError(
        `unsupported schema type "${doc.type}" (expected JSONSchemaDraft4 or OpenApi3)`,
      );
  }
}

/**
 * An EventBridge event schema gives its event (see event-schema.ts), whatever the registry calls it;
 * any other document gives the component chooseRoot picks.
 */
function openApiInputSchema(
  document: JsonObject,
  schemaName: string | undefined,
  options: SchemaOptions,
): ConvertedInputSchema {
  const components = readComponents(document);
  const event = eventDocumentOf(components);
  if (event) return eventInputSchema(components, event, options.eventEnvelope ?? 'detail');
  const root = chooseRoot(components, schemaName);
  const converted = ensureObjectRoot(componentSchema(components, root.name));
  return { ...converted, warnings: root.warning !== undefined ? [root.warning] : [] };
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
