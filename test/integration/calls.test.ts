/** Calling tools runs machines, over stdio and Streamable HTTP, for every protocol revision. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import {
  connectStdio,
  engineEnv,
  REVISIONS,
  startHttpServer,
  type Connected,
  type HttpServer,
} from '../helpers/server.js';
import { attachSchema, createMachines, useEngine } from '../helpers/engine.js';

const SCHEMA_TAG = 'input-schema-arn';

const greet = {
  Comment: 'Greets someone.',
  StartAt: 'Greet',
  States: {
    Greet: {
      Type: 'Pass',
      Parameters: { 'greeting.$': "States.Format('Hello, {}!', $.name)", 'n.$': '$.n' },
      End: true,
    },
  },
};
const decide = {
  StartAt: 'Check',
  States: {
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.amount', NumericGreaterThan: 100, Next: 'TooMuch' }],
      Default: 'Ok',
    },
    TooMuch: { Type: 'Fail', Error: 'RefundLimitExceeded', Cause: 'Refunds over 100 need a manager' },
    Ok: { Type: 'Pass', Result: ['approved'], End: true },
  },
};

const local = useEngine();

beforeAll(async () => {
  const [, , , validated] = await createMachines(local.engine, [
    { name: 'express-greet', type: 'EXPRESS', definition: greet },
    { name: 'standard-greet', type: 'STANDARD', definition: greet },
    { name: 'express-refund', type: 'EXPRESS', definition: decide },
    { name: 'standard-validated', type: 'STANDARD', definition: greet },
    { name: 'standard-refund', type: 'STANDARD', definition: decide },
  ]);
  await attachSchema(local.engine, validated!, SCHEMA_TAG, {
    registry: 'reg',
    name: 'Greeting',
    type: 'JSONSchemaDraft4',
    content: JSON.stringify({
      type: 'object',
      properties: { name: { type: 'string', minLength: 1 }, n: { type: 'integer' } },
      required: ['name', 'n'],
      additionalProperties: false,
    }),
  });
});

const env = () => engineEnv(local.engine.endpoint, { STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: SCHEMA_TAG });

function text(result: { content?: unknown }): string {
  const content = result.content as Array<{ type: string; text?: string }>;
  return content.map((c) => c.text ?? '').join('\n');
}

/** The call behaviour every transport and revision must show. */
function callSuite(getClient: () => Client) {
  it('runs an Express machine synchronously and returns its output', async () => {
    const result = await getClient().callTool({ name: 'express_greet', arguments: { name: 'Ada', n: 1 } });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(text(result))).toEqual({ greeting: 'Hello, Ada!', n: 1 });
    expect(result.structuredContent).toEqual({ greeting: 'Hello, Ada!', n: 1 });
    expect(String(result._meta?.executionArn)).toMatch(
      /^arn:aws:states:us-east-1:\d+:express:express-greet:/,
    );
    expect(result._meta?.status).toBe('SUCCEEDED');
  });

  it('runs a Standard machine to the end and returns its output', async () => {
    const result = await getClient().callTool({ name: 'standard_greet', arguments: { name: 'Grace', n: 2 } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ greeting: 'Hello, Grace!', n: 2 });
    expect(String(result._meta?.executionArn)).toMatch(
      /^arn:aws:states:us-east-1:\d+:execution:standard-greet:/,
    );
  });

  it('returns a non-object output as text without structuredContent', async () => {
    const result = await getClient().callTool({ name: 'express_refund', arguments: { amount: 5 } });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(text(result))).toEqual(['approved']);
  });

  it('reports an Express failure as isError with error and cause', async () => {
    const result = await getClient().callTool({ name: 'express_refund', arguments: { amount: 500 } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('RefundLimitExceeded');
    expect(text(result)).toContain('Refunds over 100 need a manager');
    expect(result._meta?.status).toBe('FAILED');
  });

  it('reports a Standard failure as isError with error, cause and the failed state', async () => {
    const result = await getClient().callTool({ name: 'standard_refund', arguments: { amount: 500 } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('RefundLimitExceeded');
    expect(text(result)).toContain('Refunds over 100 need a manager');
    expect(text(result)).toContain('TooMuch');
    expect(String(result._meta?.executionArn)).toContain(':execution:standard-refund:');
  });
}

describe.each(REVISIONS)('over stdio, protocol %s', (revision) => {
  let conn: Connected;
  beforeAll(async () => {
    conn = await connectStdio(env(), [], revision);
  });
  afterAll(async () => {
    await conn?.close();
  });
  callSuite(() => conn.client);
});

describe.each(REVISIONS)('over Streamable HTTP, protocol %s', (revision) => {
  let server: HttpServer;
  let client: Client;
  beforeAll(async () => {
    server = await startHttpServer(env());
    client = await server.connect(revision);
  });
  afterAll(async () => {
    await server?.close();
  });
  callSuite(() => client);
});

describe('bad calls start nothing', () => {
  let conn: Connected;
  beforeAll(async () => {
    conn = await connectStdio(env());
  });
  afterAll(async () => {
    await conn?.close();
  });

  it('answers invalid arguments with every failing path, and starts no execution', async () => {
    local.engine.calls.reset();
    const result = await conn.client.callTool({
      name: 'standard_validated',
      arguments: { name: '', extra: true },
    });
    expect(result.isError).toBe(true);
    const message = text(result);
    expect(message).toContain('/name');
    expect(message).toMatch(/must NOT have fewer than 1 characters/);
    expect(message).toContain("required property 'n'");
    expect(message).toContain('extra');
    expect(local.engine.calls.counts().StartExecution ?? 0).toBe(0);
  });

  it('refuses an input over 256 KiB before anything starts', async () => {
    local.engine.calls.reset();
    const result = await conn.client.callTool({
      name: 'standard_greet',
      arguments: { name: 'x'.repeat(300 * 1024), n: 1 },
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/256 KiB/);
    expect(local.engine.calls.counts().StartExecution ?? 0).toBe(0);
  });

  it('answers an unknown tool with a clear protocol error', async () => {
    await expect(conn.client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(
      /Unknown tool: 'no_such_tool'/,
    );
  });

  it('still serves after bad calls', async () => {
    const result = await conn.client.callTool({ name: 'express_greet', arguments: { name: 'Lin', n: 3 } });
    expect(result.structuredContent).toEqual({ greeting: 'Hello, Lin!', n: 3 });
  });
});
