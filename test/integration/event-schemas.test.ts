/**
 * EventBridge event schemas end to end: the built server over stdio, the real MCP client, the local
 * engine's Step Functions and Schemas APIs. A tool whose schema is an event schema takes the event's
 * detail; the machine starts with the whole event an EventBridge rule would deliver (read back with
 * DescribeExecution and from the machine's output). With SFN_MCP_EVENT_ENVELOPE=full the tool takes the
 * whole event, and SFN_MCP_CHECK_FORMATS decides whether `format` refuses arguments. Documents:
 * test/catalog/event-documents.ts.
 */
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DANGLING_DETAIL,
  DRAFT4_NO_ROOT_TYPE,
  EVENT_FIELDS,
  PARTNER_SOURCE,
  PARTNER_TICKET,
  PUBLICATION_EXAMPLE,
  PUBLICATION_REQUESTED,
} from '../catalog/event-documents.js';
import { attachSchema, createMachines, useEngine } from '../helpers/engine.js';
import { connectStdio, engineEnv, type Connected } from '../helpers/server.js';

const SCHEMA_TAG = 'input-schema-arn';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SECOND = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** A machine started by an EventBridge rule: it reads the event's fields and its detail. */
const readsTheEvent = {
  StartAt: 'Read',
  States: {
    Read: {
      Type: 'Pass',
      Parameters: { 'ticket.$': '$.detail.ticketId', 'source.$': '$.source', 'event.$': '$' },
      End: true,
    },
  },
};

const local = useEngine();
let arns: Record<string, string>;

beforeAll(async () => {
  const names = ['tickets', 'publications', 'publications-renamed', 'orders-dangling', 'audit'];
  const created = await createMachines(local.engine, [
    { name: 'tickets', type: 'EXPRESS', definition: readsTheEvent },
    { name: 'publications', type: 'STANDARD' },
    { name: 'publications-renamed', type: 'STANDARD' },
    { name: 'orders-dangling', type: 'EXPRESS' },
    { name: 'audit', type: 'EXPRESS' },
  ]);
  arns = Object.fromEntries(names.map((n, i) => [n, created[i]!]));
  const attach = (machine: string, name: string, type: 'OpenApi3' | 'JSONSchemaDraft4', doc: object) =>
    attachSchema(local.engine, arns[machine]!, SCHEMA_TAG, {
      registry: 'events',
      name,
      type,
      content: JSON.stringify(doc),
    });
  await attach('tickets', 'mongodb.com@Ticket.Created', 'OpenApi3', PARTNER_TICKET);
  await attach('publications', 'unicorn.web@PublicationApprovalRequested', 'OpenApi3', PUBLICATION_REQUESTED);
  await attach('publications-renamed', 'PublicationApprovalRequested', 'OpenApi3', PUBLICATION_REQUESTED);
  await attach('orders-dangling', 'com.example.shop@OrderPlaced', 'OpenApi3', DANGLING_DETAIL);
  await attach('audit', 'AuditPayload', 'JSONSchemaDraft4', DRAFT4_NO_ROOT_TYPE);
});

async function listed(client: Client, name: string) {
  const { tools } = await client.listTools();
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name} in ${tools.map((t) => t.name).join(', ')}`);
  return tool;
}

function text(result: { content?: unknown }): string {
  return (result.content as Array<{ text?: string }>).map((c) => c.text ?? '').join('\n');
}

const ticket = { ticketId: 'T-1', priority: 2, customer: { email: 'ada@example.com' } };
const publication = PUBLICATION_EXAMPLE;

describe('default settings: the tool takes the detail', () => {
  let conn: Connected;
  beforeAll(async () => {
    conn = await connectStdio(
      engineEnv(local.engine.endpoint, { STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: SCHEMA_TAG }),
    );
  });
  afterAll(async () => {
    await conn?.close();
  });

  it('starts the machine with the full event around a call that gives only the detail', async () => {
    const result = await conn.client.callTool({ name: 'tickets', arguments: ticket });
    expect(result.isError, text(result)).toBeFalsy();
    const output = result.structuredContent as {
      ticket: string;
      source: string;
      event: Record<string, unknown>;
    };
    expect(output.ticket).toBe('T-1');
    expect(output.source).toBe(PARTNER_SOURCE);
    expect(output.event).toEqual({
      version: '0',
      id: expect.stringMatching(UUID),
      'detail-type': 'Ticket.Created',
      source: PARTNER_SOURCE,
      account: local.engine.accountId,
      time: expect.stringMatching(SECOND),
      region: local.engine.region,
      resources: [],
      detail: ticket,
    });
  });

  it('records the full event as the execution input, with the overrides the call gives', async () => {
    const envelope = { resources: ['arn:aws:s3:::unicorn-images/front.jpg'], time: '2019-02-26T19:42:21' };
    const result = await conn.client.callTool({
      name: 'publications',
      arguments: { ...publication, _envelope: envelope },
    });
    expect(result.isError, text(result)).toBeFalsy();
    const executionArn = String(result._meta?.executionArn);
    const described = await local.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(described.input!)).toEqual({
      version: '0',
      id: expect.stringMatching(UUID),
      'detail-type': 'PublicationApprovalRequested',
      source: 'unicorn.web',
      account: local.engine.accountId,
      time: '2019-02-26T19:42:21',
      region: local.engine.region,
      resources: envelope.resources,
      detail: publication,
    });
  });

  it('serves the same tool for the same document under either registry name', async () => {
    const [named, renamed] = await Promise.all([
      listed(conn.client, 'publications'),
      listed(conn.client, 'publications_renamed'),
    ]);
    expect(renamed.inputSchema).toEqual(named.inputSchema);
    expect(Object.keys(named.inputSchema.properties ?? {})).toContain('_envelope');
    expect(named.inputSchema.required).toContain('property_id');
    expect(named.description).toContain(
      'Arguments: the detail of the EventBridge event "PublicationApprovalRequested" from unicorn.web.',
    );
  });

  it('refuses a detail the schema refuses and starts nothing', async () => {
    const result = await conn.client.callTool({
      name: 'tickets',
      arguments: { ticketId: 'T-2', customer: {} },
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("- /customer: must have required property 'email'");
  });

  it('says plainly that a tool whose schema has a dangling reference does not check its input', async () => {
    const tool = await listed(conn.client, 'orders_dangling');
    expect(tool.description).not.toContain('Input Schema:');
    expect(tool.description).toContain('Input not checked: the server could not use the input schema below');
    expect(tool.description).toContain('refers to a component that does not exist');
    expect(tool.inputSchema).toEqual({ type: 'object', additionalProperties: true });
    expect(conn.stderr()).toContain(
      '$ref \\"#/components/schemas/OrderPlaced\\" refers to a component that does not exist',
    );
  });

  it('serves a draft-04 document without a root type as it is: {} starts the machine', async () => {
    const result = await conn.client.callTool({ name: 'audit', arguments: {} });
    expect(result.isError, text(result)).toBeFalsy();
    expect(result.structuredContent).toEqual({});
  });
});

describe('SFN_MCP_EVENT_ENVELOPE=full and SFN_MCP_CHECK_FORMATS=date-time', () => {
  let conn: Connected;
  beforeAll(async () => {
    conn = await connectStdio(
      engineEnv(local.engine.endpoint, {
        STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: SCHEMA_TAG,
        SFN_MCP_EVENT_ENVELOPE: 'full',
        SFN_MCP_CHECK_FORMATS: 'date-time',
      }),
    );
  });
  afterAll(async () => {
    await conn?.close();
  });

  const event = (time: string) => ({
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'Ticket.Created',
    source: PARTNER_SOURCE,
    account: '123456789012',
    time,
    region: 'eu-west-1',
    resources: ['arn:aws:s3:::tickets/T-1'],
    detail: ticket,
  });

  it('takes the whole event and starts the machine with it as it is', async () => {
    const tool = await listed(conn.client, 'tickets');
    expect([...(tool.inputSchema.required as string[])].sort()).toEqual([...EVENT_FIELDS].sort());
    const result = await conn.client.callTool({ name: 'tickets', arguments: event('2019-02-26T19:42:21Z') });
    expect(result.isError, text(result)).toBeFalsy();
    expect((result.structuredContent as { event: unknown }).event).toEqual(event('2019-02-26T19:42:21Z'));
  });

  it('refuses a time without a zone once date-time is a checked format', async () => {
    const result = await conn.client.callTool({ name: 'tickets', arguments: event('2019-02-26T19:42:21') });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('- /time: must match format "date-time"');
  });
});
