import { describe, expect, it } from 'vitest';
import { validateArguments } from '../../src/execution/index.js';
import { toolWith } from './fixtures.js';

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

function errorText(r: ReturnType<typeof validateArguments>): string {
  if (r.ok) throw new Error('expected a refusal');
  expect(r.result.isError).toBe(true);
  expect(r.result.structuredContent).toBeUndefined();
  expect(r.result._meta).toBeUndefined();
  return r.result.content[0]!.text;
}

describe('validateArguments', () => {
  it('accepts valid arguments and returns them as the input', () => {
    const args = { customerId: 'c1', email: 'a@example.com', quantity: 2 };
    expect(validateArguments(toolWith(orderSchema), args)).toEqual({ ok: true, input: args });
  });

  it('lists each failing path and rule', () => {
    const text = errorText(
      validateArguments(toolWith(orderSchema), {
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

  it('checks formats', () => {
    const text = errorText(
      validateArguments(toolWith(orderSchema), { customerId: 'c', email: 'not-an-email' }),
    );
    expect(text).toContain('- /email: must match format "email"');
  });

  it('treats absent arguments as {}', () => {
    expect(validateArguments(toolWith({ type: 'object', additionalProperties: true }), undefined)).toEqual({
      ok: true,
      input: {},
    });
    const text = errorText(validateArguments(toolWith(orderSchema), undefined));
    expect(text).toContain("(root): must have required property 'customerId'");
  });

  it('unwraps `input` when the tool wraps a non-object schema', () => {
    const tool = toolWith(
      {
        type: 'object',
        properties: { input: { type: 'array', items: { type: 'number' } } },
        required: ['input'],
      },
      { wrapsInput: true },
    );
    expect(validateArguments(tool, { input: [1, 2] })).toEqual({ ok: true, input: [1, 2] });
    expect(errorText(validateArguments(tool, { input: [1, 'x'] }))).toContain('- /input/1: must be number');
  });

  it('refuses, naming the tool, when the schema does not compile', () => {
    const text = errorText(
      validateArguments(toolWith({ type: 'object', properties: { a: { $ref: '#/nowhere' } } }), { a: 1 }),
    );
    expect(text).toContain('The input schema of tool "Orders" could not be compiled');
  });

  it('ignores OpenAPI leftovers and a draft-04 $schema', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
      properties: { n: { type: 'string', nullable: true, example: 'x', 'x-amazon-events-source': 'y' } },
    };
    expect(validateArguments(toolWith(schema), { n: 'a' }).ok).toBe(true);
    expect(errorText(validateArguments(toolWith(schema), { n: 1 }))).toContain('/n: must be string');
  });

  it('compiles two schemas with the same $id independently', () => {
    const a = { $id: 'https://example.com/order', type: 'object', properties: { x: { type: 'string' } } };
    const b = { $id: 'https://example.com/order', type: 'object', properties: { x: { type: 'number' } } };
    expect(validateArguments(toolWith(a), { x: 's' }).ok).toBe(true);
    expect(validateArguments(toolWith(b), { x: 1 }).ok).toBe(true);
    expect(validateArguments(toolWith(b), { x: 's' }).ok).toBe(false);
  });

  it('resolves internal $refs', () => {
    const schema = {
      type: 'object',
      properties: { item: { $ref: '#/$defs/Item' } },
      $defs: { Item: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] } },
    };
    expect(errorText(validateArguments(toolWith(schema), { item: {} }))).toContain(
      "- /item: must have required property 'sku'",
    );
  });

  it('caps a long error list', () => {
    const properties = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`p${i}`, { type: 'string' }]),
    );
    const args = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, i]));
    const text = errorText(validateArguments(toolWith({ type: 'object', properties }), args));
    expect(text.split('\n').filter((l) => l.startsWith('- /'))).toHaveLength(30);
    expect(text).toContain('- ... and 10 more');
  });
});
