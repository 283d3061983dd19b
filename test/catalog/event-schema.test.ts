/**
 * EventBridge event schemas as tools: the arguments are the event's detail (or, with
 * SFN_MCP_EVENT_ENVELOPE=full, the whole event), whatever the registry calls the document; references
 * to component names holding `/`; a dangling reference; a draft-04 document without a root type.
 * Documents: event-documents.ts.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildTool } from '../../src/catalog/assemble.js';
import { ENVELOPE_ARGUMENT, ENVELOPE_FIELDS } from '../../src/catalog/event-schema.js';
import { registrySchemaToInputSchema, type SchemaOptions } from '../../src/catalog/schema.js';
import type { JsonObject } from '../../src/catalog/schema-walk.js';
import {
  DANGLING_DETAIL,
  DRAFT4_NO_ROOT_TYPE,
  EC2_STATE_CHANGE,
  EVENT_FIELDS,
  minimalEvent,
  PARTNER_SOURCE,
  PARTNER_TICKET,
  PUBLICATION_DETAIL_RESOLVED,
  PUBLICATION_EXAMPLE,
  PUBLICATION_REQUESTED,
  TICKET,
} from './event-documents.js';

const MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Publications';
const SCHEMA_ARN = 'arn:aws:schemas:us-east-1:123456789012:schema/discovered-schemas/x';

const openApi = (document: JsonObject, schemaName?: string, options: SchemaOptions = {}) =>
  registrySchemaToInputSchema(
    { type: 'OpenApi3', content: JSON.stringify(document), ...(schemaName ? { schemaName } : {}) },
    options,
  );

/** A validator as the execution layer compiles one (formats are annotations). */
function compile(schema: JsonObject) {
  return new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
}

const publication = PUBLICATION_EXAMPLE;

describe('an EventBridge event schema, detail mode (the default)', () => {
  it('serves the detail-type component, its references resolved, plus the optional envelope argument', () => {
    const converted = openApi(PUBLICATION_REQUESTED, 'unicorn.web@PublicationApprovalRequested');
    const { [ENVELOPE_ARGUMENT]: envelope, ...detailProperties } = converted.inputSchema
      .properties as JsonObject;
    expect({ ...converted.inputSchema, properties: detailProperties }).toEqual(PUBLICATION_DETAIL_RESOLVED);
    expect(converted.wrapsInput).toBe(false);
    expect(converted.event).toEqual({
      source: 'unicorn.web',
      detailType: 'PublicationApprovalRequested',
      envelopeArgument: ENVELOPE_ARGUMENT,
    });
    expect(converted.warnings).toEqual([]);
    // Each envelope field but detail, optional, typed as EventBridge delivers it, its default said.
    expect(envelope).toMatchObject({ type: 'object', additionalProperties: false });
    const fields = (envelope as { properties: Record<string, JsonObject> }).properties;
    expect(Object.keys(fields)).toEqual(Object.keys(ENVELOPE_FIELDS));
    expect(fields.resources).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(fields.source?.description).toBe('default "unicorn.web"');
    expect(fields['detail-type']?.description).toBe('default "PublicationApprovalRequested"');
    expect((envelope as JsonObject).required).toBeUndefined();
  });

  it('accepts the detail alone, and envelope overrides such as a realistic ARN list in resources', () => {
    const validate = compile(openApi(PUBLICATION_REQUESTED).inputSchema);
    expect(validate(publication)).toBe(true);
    expect(
      validate({
        ...publication,
        [ENVELOPE_ARGUMENT]: {
          resources: ['arn:aws:s3:::unicorn-images/front.jpg'],
          time: '2019-02-26T19:42:21',
        },
      }),
    ).toBe(true);
    expect(validate({ ...publication, address: { city: 'Anytown' } })).toBe(false);
    expect(validate({ ...publication, [ENVELOPE_ARGUMENT]: { detail: {} } })).toBe(false);
    expect(validate({ ...publication, [ENVELOPE_ARGUMENT]: { resources: [{ arn: 'x' }] } })).toBe(false);
  });

  it('gives the same tool whatever the registry calls the document', () => {
    const names = [
      undefined,
      'unicorn.web@PublicationApprovalRequested',
      'PublicationApprovalRequested',
      'Address',
      'AWSEvent',
    ];
    const [first, ...others] = names.map((name) => openApi(PUBLICATION_REQUESTED, name));
    for (const other of others) expect(other).toEqual(first);
  });

  it('resolves component names that hold "/" (a partner event source)', () => {
    const converted = openApi(PARTNER_TICKET, `${PARTNER_SOURCE}@Ticket.Created`);
    expect(converted.event).toMatchObject({ source: PARTNER_SOURCE, detailType: 'Ticket.Created' });
    const properties = converted.inputSchema.properties as JsonObject;
    expect(properties.customer).toEqual({
      type: 'object',
      required: ['email'],
      properties: { email: { type: 'string', format: 'email' }, name: { type: 'string' } },
    });
    const validate = compile(converted.inputSchema);
    expect(validate({ ticketId: 'T-1', customer: { email: 'ada@example.com' } })).toBe(true);
    expect(validate({ ticketId: 'T-1', customer: {} })).toBe(false);
  });

  it('recognises an envelope by its x-amazon-events fields when it is not called AWSEvent', () => {
    const converted = openApi({
      components: {
        schemas: {
          Order: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
          OrderEvent: {
            type: 'object',
            'x-amazon-events-source': 'com.example.shop',
            'x-amazon-events-detail-type': 'OrderPlaced',
            properties: { detail: { $ref: '#/components/schemas/Order' }, source: { type: 'string' } },
          },
        },
      },
    });
    expect(converted.event).toMatchObject({ source: 'com.example.shop', detailType: 'OrderPlaced' });
    expect((converted.inputSchema as { required: unknown }).required).toEqual(['id']);
  });

  it('serves an inline detail, and takes the other components of an envelope without detail as usual', () => {
    const inline = openApi({
      components: {
        schemas: {
          AWSEvent: {
            type: 'object',
            'x-amazon-events-source': 'com.example',
            'x-amazon-events-detail-type': 'Ping',
            properties: { detail: { type: 'object', properties: { n: { type: 'integer' } } } },
          },
        },
      },
    });
    expect(inline.event).toBeDefined();
    expect((inline.inputSchema.properties as JsonObject).n).toEqual({ type: 'integer' });
    const noDetail = openApi({
      components: { schemas: { AWSEvent: { type: 'object', properties: { id: {} } } } },
    });
    expect(noDetail.event).toBeUndefined();
    expect(noDetail.inputSchema).toEqual({ type: 'object', properties: { id: {} } });
  });

  it('warns when the envelope names no source or detail-type: the event leaves them out unless a call sets them', () => {
    const converted = openApi({
      components: {
        schemas: {
          AWSEvent: { type: 'object', properties: { detail: { $ref: '#/components/schemas/D' } } },
          D: { type: 'object' },
        },
      },
    });
    expect(converted.event).toEqual({ envelopeArgument: ENVELOPE_ARGUMENT });
    expect(converted.warnings).toEqual([
      'the event schema\'s AWSEvent component has no x-amazon-events-source ("source") and no ' +
        'x-amazon-events-detail-type ("detail-type"): the event the server builds leaves the field out unless ' +
        `a call sets it in "${ENVELOPE_ARGUMENT}"`,
    ]);
  });

  it.each([
    [
      'declares a field of that name',
      { type: 'object', properties: { [ENVELOPE_ARGUMENT]: { type: 'string' } } },
      'the detail declares a field "_envelope"',
    ],
    [
      'has a root combinator',
      { type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }] },
      'the detail schema\'s root uses "oneOf"',
    ],
    [
      'counts its properties',
      { type: 'object', maxProperties: 2 },
      'the detail schema\'s root uses "maxProperties"',
    ],
  ])('offers no envelope argument, with a warning, when the detail %s', (_label, detail, why) => {
    const converted = openApi(minimalEvent(detail, {}));
    expect(converted.inputSchema).toEqual(detail);
    expect(converted.event).toEqual({ source: 's', detailType: 'd' });
    expect(converted.warnings).toEqual([
      `the event's envelope fields cannot be given in "${ENVELOPE_ARGUMENT}" (${why}); they take the server's defaults`,
    ]);
  });

  it('wraps a non-object detail as { input } and puts the envelope argument beside it', () => {
    const converted = openApi(minimalEvent({ type: 'array', items: { type: 'string' } }, {}));
    expect(converted.wrapsInput).toBe(true);
    expect(Object.keys(converted.inputSchema.properties as JsonObject)).toEqual(['input', ENVELOPE_ARGUMENT]);
    expect(converted.inputSchema.required).toEqual(['input']);
  });
});

describe('an EventBridge event schema, full mode (SFN_MCP_EVENT_ENVELOPE=full)', () => {
  it('serves the whole envelope with its fields typed as EventBridge delivers them', () => {
    const converted = openApi(PUBLICATION_REQUESTED, undefined, { eventEnvelope: 'full' });
    expect(converted.event).toBeUndefined();
    const properties = converted.inputSchema.properties as JsonObject;
    expect(properties.detail).toEqual(PUBLICATION_DETAIL_RESOLVED);
    // Discovered schemas type resources items as objects and list regions: EventBridge sends ARNs, any region.
    expect(properties.resources).toEqual({ type: 'array', items: { type: 'string' } });
    expect(properties.region).toEqual({ type: 'string' });
    const event = {
      version: '0',
      id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      'detail-type': 'PublicationApprovalRequested',
      source: 'unicorn.web',
      account: '123456789012',
      time: '2019-02-26T19:42:21',
      region: 'ap-southeast-2',
      resources: ['arn:aws:s3:::unicorn-images/front.jpg'],
      detail: publication,
    };
    const validate = compile(converted.inputSchema);
    expect(validate(event)).toBe(true);
    expect(validate(publication)).toBe(false);
  });

  it('gives the same tool whatever the registry calls the document, too', () => {
    const full = { eventEnvelope: 'full' } as const;
    expect(openApi(EC2_STATE_CHANGE, 'EC2InstanceStateChangeNotification', full)).toEqual(
      openApi(EC2_STATE_CHANGE, 'aws.ec2@EC2InstanceStateChangeNotification', full),
    );
  });
});

describe('documents the server cannot use', () => {
  it('names the dangling reference, says the target does not exist, and says the input is not checked', () => {
    const content = JSON.stringify(DANGLING_DETAIL);
    const { tool, warnings } = buildTool(
      {
        machine: machine(),
        schema: { arn: SCHEMA_ARN, type: 'OpenApi3', content, schemaName: 'com.example.shop@OrderPlaced' },
      },
      'Publications',
    );
    const why =
      '$ref "#/components/schemas/OrderPlaced" refers to a component that does not exist: components.schemas has no "OrderPlaced"';
    expect(warnings).toEqual([
      `state machine Publications: the input schema ${SCHEMA_ARN} cannot be used (${why}); the tool accepts any JSON object`,
    ]);
    expect(warnings[0]).not.toContain('points inside');
    expect(tool.description).not.toContain('Input Schema:');
    expect(tool.description).toContain(
      `Input not checked: the server could not use the input schema below (${why}), so it accepts any JSON object as the input.\n${content}`,
    );
    expect(tool.inputSchema).toEqual({ type: 'object', additionalProperties: true });
    expect(tool.event).toBeUndefined();
    expect(tool.hasSchema).toBe(false);
  });

  it('serves a draft-04 document without a root type as it is: {} and any object are inputs', () => {
    const converted = registrySchemaToInputSchema({
      type: 'JSONSchemaDraft4',
      content: JSON.stringify(DRAFT4_NO_ROOT_TYPE),
    });
    const { $schema: _draft, ...rest } = DRAFT4_NO_ROOT_TYPE;
    expect(converted).toEqual({ inputSchema: { type: 'object', ...rest }, wrapsInput: false, warnings: [] });
    const validate = compile(converted.inputSchema);
    expect(validate({})).toBe(true);
    expect(validate({ actor: { id: 'u-1' }, action: 'login' })).toBe(true);
  });
});

describe('the event tool buildTool makes', () => {
  it('says in its description that the arguments are the detail and the server builds the event', () => {
    const details = {
      machine: machine(),
      schema: {
        arn: SCHEMA_ARN,
        type: 'OpenApi3',
        content: JSON.stringify(PARTNER_TICKET),
        schemaName: TICKET,
      },
    };
    const { tool, warnings } = buildTool(details, 'Publications');
    expect(warnings).toEqual([]);
    expect(tool.event).toEqual({
      source: PARTNER_SOURCE,
      detailType: 'Ticket.Created',
      envelopeArgument: ENVELOPE_ARGUMENT,
    });
    expect(tool.description).toContain(
      `Arguments: the detail of the EventBridge event "Ticket.Created" from ${PARTNER_SOURCE}. The server starts ` +
        'the execution with the whole event around them (version, id, detail-type, source, account, time, ' +
        'region, resources and detail), as an EventBridge rule delivers it. The optional "_envelope" argument ' +
        'sets any of those fields.',
    );
    // Lean by default: the detail schema is the inputSchema; the document is written only when asked for.
    expect(tool.description).not.toContain('Input Schema:');
    const written = buildTool(details, 'Publications', { schemaInDescription: true }).tool;
    expect(written.description).toContain('Input Schema:\n');
  });

  it('takes the whole event, with no event to build, when the operator keeps the envelope', () => {
    const { tool } = buildTool(
      {
        machine: machine(),
        schema: { arn: SCHEMA_ARN, type: 'OpenApi3', content: JSON.stringify(EC2_STATE_CHANGE) },
      },
      'Publications',
      { settings: { eventEnvelope: 'full' } },
    );
    expect(tool.event).toBeUndefined();
    expect(tool.description).not.toContain('Arguments:');
    expect((tool.inputSchema.required as string[]).sort()).toEqual([...EVENT_FIELDS].sort());
  });
});

function machine() {
  return { arn: MACHINE_ARN, name: 'Publications', type: 'STANDARD' as const, invokeArn: MACHINE_ARN };
}
