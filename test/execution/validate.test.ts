/**
 * Argument validation as callMachineTool applies it: refusals list each failing path and
 * rule and reach no AWS API (the engine's call log stays empty); accepted arguments become the
 * execution input (the echo machine answers with it).
 */
import { describe, expect, it } from 'vitest';
import type { ToolCallResult } from '../../src/execution/index.js';
import { checkArguments } from '../../src/execution/validate.js';
import { useEchoEngine } from './echo-engine.js';
import { toolWith } from './fixtures.js';

const echo = useEchoEngine();
const call = echo.call;

const orderSchema = {
  type: 'object',
  properties: {
    customerId: { type: 'string' },
    email: { type: 'string', format: 'email' },
    quantity: { type: 'integer', minimum: 1 },
    size: { enum: ['S', 'M', 'L'] },
    address: {
      type: 'object',
      properties: { zip: { type: 'string', pattern: '^[0-9]{5}$' } },
      required: ['zip'],
    },
  },
  required: ['customerId', 'email'],
  additionalProperties: false,
};

/** The refusal's text; nothing reached AWS. */
function errorText(r: ToolCallResult): string {
  expect(r.isError).toBe(true);
  expect(r.structuredContent).toBeUndefined();
  expect(r._meta).toBeUndefined();
  expect(echo.engine.calls.counts()).toEqual({});
  return r.content[0]!.text;
}

/** The execution input the machine got (the echo machine's output); the call was not refused. */
function inputOf(r: ToolCallResult): unknown {
  expect(r.isError, r.content[0]?.text).toBeUndefined();
  expect(echo.engine.calls.counts()).toEqual({ StartSyncExecution: 1 });
  return JSON.parse(r.content[0]!.text);
}

describe('argument validation', () => {
  it('accepts valid arguments and runs the machine with them as the input', async () => {
    const args = { customerId: 'c1', email: 'a@example.com', quantity: 2 };
    expect(inputOf(await call(orderSchema, args))).toEqual(args);
  });

  it('lists each failing path and rule', async () => {
    const text = errorText(
      await call(orderSchema, {
        customerId: 42,
        quantity: 0,
        size: 'XL',
        address: { zip: 'abc' },
        extra: 1,
      }),
    );
    expect(text).toContain('Invalid arguments for tool "Orders"; no execution was started.');
    expect(text).toContain('- /customerId: must be string');
    expect(text).toContain("- (root): must have required property 'email'");
    expect(text).toContain('- /quantity: must be >= 1');
    expect(text).toContain('- /size: must be one of ["S","M","L"]');
    expect(text).toContain('- /address/zip: must match pattern "^[0-9]{5}$"');
    expect(text).toContain("- (root): must NOT have additional property 'extra'");
  });

  it('checks the formats the tool names (SFN_MCP_CHECK_FORMATS), and only those', async () => {
    const args = { customerId: 'c', email: 'not-an-email' };
    const text = errorText(await call(orderSchema, args, { checkedFormats: ['email'] }));
    expect(text).toContain('- /email: must match format "email"');
    echo.engine.calls.reset();
    expect(inputOf(await call(orderSchema, args, { checkedFormats: ['date-time'] }))).toEqual(args);
  });

  it('treats formats as annotations by default: the input starts as it is', async () => {
    const args = { customerId: 'c', email: 'not-an-email' };
    expect(inputOf(await call(structuredClone(orderSchema), args))).toEqual(args);
  });

  it('treats absent arguments as {}', async () => {
    expect(inputOf(await call({ type: 'object', additionalProperties: true }, undefined))).toEqual({});
    echo.engine.calls.reset();
    const text = errorText(await call(orderSchema, undefined));
    expect(text).toContain("(root): must have required property 'customerId'");
  });

  it('unwraps `input` when the tool wraps a non-object schema', async () => {
    const schema = {
      type: 'object',
      properties: { input: { type: 'array', items: { type: 'number' } } },
      required: ['input'],
    };
    expect(errorText(await call(schema, { input: [1, 'x'] }, { wrapsInput: true }))).toContain(
      '- /input/1: must be number',
    );
    expect(inputOf(await call(schema, { input: [1, 2] }, { wrapsInput: true }))).toEqual([1, 2]);
  });

  it('refuses, naming the tool, when the schema does not compile', async () => {
    const text = errorText(
      await call({ type: 'object', properties: { a: { $ref: '#/nowhere' } } }, { a: 1 }),
    );
    expect(text).toContain('The input schema of tool "Orders" could not be compiled');
  });

  it('ignores OpenAPI leftovers and a draft-04 $schema', async () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
      properties: { n: { type: 'string', nullable: true, example: 'x', 'x-amazon-events-source': 'y' } },
    };
    expect(errorText(await call(schema, { n: 1 }))).toContain('/n: must be string');
    expect(inputOf(await call(schema, { n: 'a' }))).toEqual({ n: 'a' });
  });

  it('compiles two schemas with the same $id independently', async () => {
    const a = { $id: 'https://example.com/order', type: 'object', properties: { x: { type: 'string' } } };
    const b = { $id: 'https://example.com/order', type: 'object', properties: { x: { type: 'number' } } };
    expect(errorText(await call(b, { x: 's' }))).toContain('/x: must be number');
    expect(inputOf(await call(a, { x: 's' }))).toEqual({ x: 's' });
    echo.engine.calls.reset();
    expect(inputOf(await call(b, { x: 1 }))).toEqual({ x: 1 });
  });

  it('resolves internal $refs', async () => {
    const schema = {
      type: 'object',
      properties: { item: { $ref: '#/$defs/Item' } },
      $defs: { Item: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] } },
    };
    expect(errorText(await call(schema, { item: {} }))).toContain(
      "- /item: must have required property 'sku'",
    );
  });

  it('caps a long error list', async () => {
    const properties = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`p${i}`, { type: 'string' }]),
    );
    const args = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, i]));
    const text = errorText(await call({ type: 'object', properties }, args));
    expect(text.split('\n').filter((l) => l.startsWith('- /'))).toHaveLength(30);
    expect(text).toContain('- ... and 10 more');
  });
});

describe('checkArguments uses the shared compiler', () => {
  it('refuses a call when the schema does not compile, naming the tool', () => {
    const tool = toolWith({ type: 'object', properties: { a: { $ref: '#/$defs/Missing' } } });
    const check = checkArguments(tool, {});
    expect(check.ok).toBe(false);
    expect(!check.ok && check.error).toMatch(/could not be compiled \(can't resolve reference/);
  });

  it('validates with the compiled schema', () => {
    const tool = toolWith({ type: 'object', required: ['id'], properties: { id: { type: 'string' } } });
    expect(checkArguments(tool, { id: 'x' })).toEqual({ ok: true, value: { id: 'x' } });
    const check = checkArguments(tool, {});
    expect(!check.ok && check.error).toContain("- (root): must have required property 'id'");
  });
});
