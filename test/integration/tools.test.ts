/** Tool names, descriptions and input schemas as a client sees them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { TagResourceCommand } from '@aws-sdk/client-sfn';
import { connectStdio, engineEnv, type Connected } from '../helpers/server.js';
import { attachSchema, createMachines, useEngine } from '../helpers/engine.js';

const SCHEMA_TAG = 'input-schema-arn';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- schemas are read field by field below
type JsonSchema = Record<string, any>;
const LONG = 'x'.repeat(80);

const local = useEngine();
let conn: Connected;
let client: Client;

const draft4 = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  properties: { customerId: { type: 'string' }, age: { type: 'number', minimum: 0, exclusiveMinimum: true } },
  required: ['customerId'],
};
const draft4Text = JSON.stringify(draft4, null, 2);
const openApi = {
  openapi: '3.0.0',
  info: { title: 'Order', version: '1.0.0' },
  paths: {},
  components: {
    schemas: {
      Order: {
        type: 'object',
        required: ['orderId', 'items'],
        properties: {
          orderId: { type: 'string' },
          items: { type: 'array', items: { $ref: '#/components/schemas/Item' } },
        },
      },
      Item: {
        type: 'object',
        required: ['sku'],
        properties: { sku: { type: 'string' }, qty: { type: 'integer' } },
      },
    },
  },
};
const openApiText = JSON.stringify(openApi);
const listSchema = JSON.stringify({
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'array',
  items: { type: 'string' },
});

beforeAll(async () => {
  const arns = await createMachines(local.engine, [
    { name: 'orders.v2' },
    { name: 'my-flow' },
    { name: 'café-ünïcode' },
    { name: LONG },
    { name: '1st-step' },
    { name: 'a-b' },
    { name: 'a_b' },
    { name: 'plain' },
    { name: 'described', description: 'Looks up a customer by id.' },
    {
      name: 'commented',
      description: 'Charges a card.',
      definition: {
        Comment: 'First validates, then charges.',
        StartAt: 'P',
        States: { P: { Type: 'Pass', End: true } },
      },
    },
    {
      name: 'comment-only',
      definition: { Comment: 'Only a comment.', StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    },
    { name: 'with-draft4', description: 'Customer lookup.' },
    {
      name: 'with-openapi',
      description: 'Places an order.',
      definition: { Comment: 'Order flow.', StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    },
    { name: 'with-list-schema' },
    { name: 'with-missing-schema' },
  ]);
  const arn = (name: string) => arns.find((a) => a.endsWith(`:${name}`))!;
  await attachSchema(local.engine, arn('with-draft4'), SCHEMA_TAG, {
    registry: 'reg',
    name: 'Customer',
    type: 'JSONSchemaDraft4',
    content: draft4Text,
  });
  await attachSchema(local.engine, arn('with-openapi'), SCHEMA_TAG, {
    registry: 'reg',
    name: 'Order',
    type: 'OpenApi3',
    content: openApiText,
  });
  await attachSchema(local.engine, arn('with-list-schema'), SCHEMA_TAG, {
    registry: 'reg',
    name: 'Names',
    type: 'JSONSchemaDraft4',
    content: listSchema,
  });
  await local.sfn.send(
    new TagResourceCommand({
      resourceArn: arn('with-missing-schema'),
      tags: [
        {
          key: SCHEMA_TAG,
          value: `arn:aws:schemas:us-east-1:${local.engine.accountId}:schema/reg/DoesNotExist`,
        },
      ],
    }),
  );
  conn = await connectStdio(
    engineEnv(local.engine.endpoint, { STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: SCHEMA_TAG }),
  );
  client = conn.client;
});

afterAll(async () => {
  await conn?.close();
});

async function tool(name: string) {
  const { tools } = await client.listTools();
  const found = tools.find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name} in ${tools.map((t) => t.name).join(', ')}`);
  return found;
}

describe('tool names', () => {
  it('cleans awkward machine names the way the reference does', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('orders_v2');
    expect(names).toContain('my_flow');
    expect(names).toContain('caf___n_code');
    expect(names).toContain('_1st_step');
  });

  it('cuts names over 64 characters with a stable hash suffix', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    const long = names.find((n) => n.startsWith('xxxxxxxx'));
    expect(long).toBeDefined();
    expect(long!.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^x+_[0-9a-f]{8}$/);
  });

  it('gives names that collide after cleaning each their own hash suffix', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name).filter((n) => n.startsWith('a_b'));
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
    for (const n of names) expect(n).toMatch(/^a_b_[0-9a-f]{8}$/);
  });

  it('keeps every name within the MCP limits and unique', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/);
  });

  it('titles each tool with the machine name', async () => {
    expect((await tool('orders_v2')).title).toBe('orders.v2');
    expect((await tool('orders_v2')).annotations?.title).toBe('orders.v2');
  });
});

describe('tool descriptions', () => {
  it('falls back to the machine name when there is no description', async () => {
    expect((await tool('plain')).description).toBe('AWS Step Functions state machine: plain');
  });

  it('uses the machine description', async () => {
    expect((await tool('described')).description).toBe('Looks up a customer by id.');
  });

  it('adds the definition Comment as the workflow description', async () => {
    expect((await tool('commented')).description).toBe(
      'Charges a card.\n\nWorkflow Description: First validates, then charges.',
    );
    expect((await tool('comment_only')).description).toBe(
      'AWS Step Functions state machine: comment-only\n\nWorkflow Description: Only a comment.',
    );
  });

  it('leaves the registry document out: it is the inputSchema (SFN_MCP_SCHEMA_IN_DESCRIPTION adds it)', async () => {
    expect((await tool('with_draft4')).description).toBe('Customer lookup.');
    expect((await tool('with_openapi')).description).toBe(
      'Places an order.\n\nWorkflow Description: Order flow.',
    );
  });
});

describe('input schemas', () => {
  it('serves an open object schema when the machine has no schema', async () => {
    expect((await tool('plain')).inputSchema).toEqual({ type: 'object', additionalProperties: true });
  });

  it('serves a JSONSchemaDraft4 document, normalised for MCP clients', async () => {
    const schema = (await tool('with_draft4')).inputSchema as JsonSchema;
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['customerId']);
    expect(schema.properties.customerId).toEqual({ type: 'string' });
    expect(schema.properties.age).toEqual({ type: 'number', exclusiveMinimum: 0 });
    expect(schema.$schema).toBeUndefined();
  });

  it('serves the OpenApi3 component schema with its $refs resolved', async () => {
    const schema = (await tool('with_openapi')).inputSchema as JsonSchema;
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['orderId', 'items']);
    expect(schema.properties.items.items).toEqual({
      type: 'object',
      required: ['sku'],
      properties: { sku: { type: 'string' }, qty: { type: 'integer' } },
    });
    expect(JSON.stringify(schema)).not.toContain('#/components');
  });

  it('wraps a non-object schema as { input }', async () => {
    expect((await tool('with_list_schema')).inputSchema).toEqual({
      type: 'object',
      properties: { input: { type: 'array', items: { type: 'string' } } },
      required: ['input'],
    });
  });

  it('serves a machine whose schema is missing without a schema, and says why on stderr', async () => {
    expect((await tool('with_missing_schema')).inputSchema).toEqual({
      type: 'object',
      additionalProperties: true,
    });
    expect(conn.stderr()).toContain('with-missing-schema');
  });
});
