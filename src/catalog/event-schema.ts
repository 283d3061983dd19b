/**
 * EventBridge event schemas: OpenAPI documents whose `AWSEvent` component (or a component carrying
 * `x-amazon-events-source` / `x-amazon-events-detail-type`) is the event envelope, with `detail`
 * referring to the detail-type component. That is how the Schema Registry writes every discovered and
 * `aws.events` schema, whatever the schema's name.
 *
 * A state machine started by an EventBridge rule receives the whole event and reads `$.detail...`. By
 * default (`detail`) the tool's arguments are the detail and the server builds the envelope around them
 * when it starts the execution (src/execution/event-envelope.ts); `full` serves the whole envelope.
 * Pure.
 */
import type { EventEnvelopeMode } from '../config/index.js';
import { isObject } from '../result.js';
import type { EventTemplate } from './types.js';
import { componentOfRef, componentSchema, type OpenApiComponents } from './openapi-schema.js';
import { ensureObjectRoot, type ConvertedInputSchema, type ObjectRootSchema } from './schema-object-root.js';
import { asObject, type JsonObject } from './schema-walk.js';

/** Where EventBridge's documents keep the envelope. */
const ENVELOPE_COMPONENT = 'AWSEvent';
const SOURCE_MARKER = 'x-amazon-events-source';
const DETAIL_TYPE_MARKER = 'x-amazon-events-detail-type';

/**
 * The optional argument of an event tool that sets envelope fields. A name no event detail uses: a
 * leading `_`, and still within the property names model providers accept (`[A-Za-z0-9_.-]`). A detail
 * schema that declares it anyway gets no such argument (see envelopeArgumentRefusal).
 */
export const ENVELOPE_ARGUMENT = '_envelope';

/** EventBridge's envelope fields besides `detail`, typed as EventBridge delivers them. */
export const ENVELOPE_FIELDS: Readonly<Record<string, JsonObject>> = {
  version: { type: 'string' },
  id: { type: 'string' },
  'detail-type': { type: 'string' },
  source: { type: 'string' },
  account: { type: 'string' },
  time: { type: 'string', format: 'date-time' },
  region: { type: 'string' },
  resources: { type: 'array', items: { type: 'string' } },
};

/** An event document: its envelope component and what the envelope says about the event. */
export interface EventDocument {
  envelope: string;
  source?: string;
  detailType?: string;
}

/** The document's envelope, when it is an EventBridge event schema with a `detail`. */
export function eventDocumentOf(components: OpenApiComponents): EventDocument | undefined {
  const { schemas } = components;
  const envelope = Object.hasOwn(schemas, ENVELOPE_COMPONENT)
    ? ENVELOPE_COMPONENT
    : Object.keys(schemas).find((name) => {
        const schema = schemas[name];
        return isObject(schema) && (SOURCE_MARKER in schema || DETAIL_TYPE_MARKER in schema);
      });
  if (envelope === undefined) return undefined;
  const schema = schemas[envelope];
  if (!isObject(schema) || !isObject(schema.properties) || !Object.hasOwn(schema.properties, 'detail')) {
    return undefined;
  }
  const source = schema[SOURCE_MARKER];
  const detailType = schema[DETAIL_TYPE_MARKER];
  return {
    envelope,
    ...(typeof source === 'string' ? { source } : {}),
    ...(typeof detailType === 'string' ? { detailType } : {}),
  };
}

/** The tool's inputSchema for an event document, in the operator's mode. */
export function eventInputSchema(
  components: OpenApiComponents,
  event: EventDocument,
  mode: EventEnvelopeMode,
): ConvertedInputSchema {
  if (mode === 'full') {
    return {
      ...ensureObjectRoot(withEnvelopeFields(componentSchema(components, event.envelope))),
      warnings: [],
    };
  }
  const detail = ensureObjectRoot(detailSchema(components, event));
  const template: EventTemplate = {
    ...(event.source !== undefined ? { source: event.source } : {}),
    ...(event.detailType !== undefined ? { detailType: event.detailType } : {}),
  };
  const warnings = missingMarkers(event);
  const refusal = envelopeArgumentRefusal(detail);
  if (refusal !== undefined) {
    warnings.push(
      `the event's envelope fields cannot be given in "${ENVELOPE_ARGUMENT}" (${refusal}); they take the server's defaults`,
    );
    return { ...detail, event: template, warnings };
  }
  const inputSchema = {
    ...detail.inputSchema,
    properties: {
      ...asObject(detail.inputSchema.properties),
      [ENVELOPE_ARGUMENT]: envelopeArgumentSchema(event),
    },
  };
  return {
    inputSchema,
    wrapsInput: detail.wrapsInput,
    event: { ...template, envelopeArgument: ENVELOPE_ARGUMENT },
    warnings,
  };
}

/** The detail's schema: the component `detail` refers to, or the envelope's own `detail` subschema. */
function detailSchema(components: OpenApiComponents, event: EventDocument): JsonObject {
  const properties = (components.schemas[event.envelope] as JsonObject).properties as JsonObject;
  const detail = properties.detail;
  if (isObject(detail) && typeof detail.$ref === 'string' && Object.keys(detail).length === 1) {
    return componentSchema(components, componentOfRef(detail.$ref, components.schemas));
  }
  const envelope = componentSchema(components, event.envelope);
  const inner = asObject(envelope.properties).detail;
  const root: JsonObject = isObject(inner) ? { ...inner } : inner === false ? { not: {} } : {};
  // Components on reference cycles stay under the envelope's $defs: they move to the detail's root.
  if (envelope.$defs !== undefined) root.$defs = { ...asObject(envelope.$defs), ...asObject(root.$defs) };
  return root;
}

/** The envelope's standard fields retyped as EventBridge delivers them (discovered schemas guess from samples). */
function withEnvelopeFields(envelope: JsonObject): JsonObject {
  if (!isObject(envelope.properties)) return envelope;
  const properties = { ...envelope.properties };
  for (const [field, schema] of Object.entries(ENVELOPE_FIELDS)) {
    if (Object.hasOwn(properties, field)) properties[field] = structuredClone(schema);
  }
  return { ...envelope, properties };
}

/** Root keywords beside which an extra optional property changes nothing the detail accepts. */
const PLAIN_ROOT_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'unevaluatedProperties',
  'patternProperties',
  'title',
  'description',
  '$schema',
  '$id',
  '$comment',
  '$defs',
  'definitions',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$anchor',
  '$dynamicAnchor',
]);

/**
 * Why the envelope argument cannot join the detail's root, or undefined when it can: the detail
 * declares a field of that name, or its root does more than list properties (a combinator or a count
 * could refuse the extra property, or count it as detail).
 */
function envelopeArgumentRefusal(detail: ObjectRootSchema): string | undefined {
  if (detail.wrapsInput) return undefined;
  const root = detail.inputSchema;
  const other = Object.keys(root).find((key) => !PLAIN_ROOT_KEYWORDS.has(key) && !key.startsWith('x-'));
  if (other !== undefined) return `the detail schema's root uses "${other}"`;
  const declared =
    Object.hasOwn(asObject(root.properties), ENVELOPE_ARGUMENT) ||
    (Array.isArray(root.required) && root.required.includes(ENVELOPE_ARGUMENT)) ||
    Object.keys(asObject(root.patternProperties)).some((pattern) => matches(pattern, ENVELOPE_ARGUMENT));
  return declared ? `the detail declares a field "${ENVELOPE_ARGUMENT}"` : undefined;
}

/** True when the pattern matches the name, or cannot be read (then it may). */
function matches(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(name);
  } catch {
    return true;
  }
}

/** How the envelope argument describes the default of a field the document may name. */
function namedDefault(value: string | undefined): string {
  return value !== undefined
    ? `default ${JSON.stringify(value)}`
    : 'no default: left out of the event unless set here';
}

function envelopeArgumentSchema(event: EventDocument): JsonObject {
  const defaults: Record<string, string> = {
    version: 'default "0"',
    id: 'default: a new UUID',
    'detail-type': namedDefault(event.detailType),
    source: namedDefault(event.source),
    account: "default: the state machine's account",
    time: 'ISO 8601 in UTC, e.g. 2019-02-26T19:42:21Z; default: the time of the call',
    region: "default: the state machine's region",
    resources: 'ARNs of the resources the event concerns; default: []',
  };
  const properties = Object.fromEntries(
    Object.entries(ENVELOPE_FIELDS).map(([field, schema]) => [
      field,
      { ...schema, description: defaults[field] },
    ]),
  );
  return {
    type: 'object',
    description:
      'Optional. Fields of the EventBridge event the server builds around the other arguments (its detail) ' +
      'to start the execution; each field left out takes its default.',
    properties,
    additionalProperties: false,
  };
}

/** Warnings for an envelope that does not name its event's source or detail-type. */
function missingMarkers(event: EventDocument): string[] {
  const missing = [
    ...(event.source === undefined ? [`${SOURCE_MARKER} ("source")`] : []),
    ...(event.detailType === undefined ? [`${DETAIL_TYPE_MARKER} ("detail-type")`] : []),
  ];
  if (missing.length === 0) return [];
  return [
    `the event schema's ${event.envelope} component has no ${missing.join(' and no ')}: the event the server ` +
      `builds leaves the field out unless a call sets it in "${ENVELOPE_ARGUMENT}"`,
  ];
}
