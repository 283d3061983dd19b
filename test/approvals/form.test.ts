/** The elicitation form from an approval's answer schema, and the answer checked against the schema (pure). */
import { describe, expect, it } from 'vitest';
import { checkAnswer, formSchema } from '../../src/approvals/index.js';

describe('formSchema', () => {
  it('keeps what an MCP form can show: strings, numbers, integers, booleans, enums, multiple choice', () => {
    const form = formSchema({
      type: 'object',
      properties: {
        approver: {
          type: 'string',
          title: 'Approver',
          description: 'Who',
          format: 'email',
          minLength: 3,
          maxLength: 80,
        },
        amount: { type: 'number', minimum: 0, maximum: 5000, default: 10 },
        count: { type: 'integer', minimum: 1 },
        approved: { type: 'boolean', description: 'Refund?', default: false },
        level: { type: 'string', enum: ['low', 'high'], default: 'low' },
        region: { oneOf: [{ const: 'eu', title: 'Europe' }, { const: 'us' }] },
        tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 1, maxItems: 2 },
        note: { type: ['string', 'null'] },
      },
      required: ['approver', 'approved', 'missing'],
    });
    expect(form).toEqual({
      ok: true,
      value: {
        type: 'object',
        properties: {
          approver: {
            type: 'string',
            title: 'Approver',
            description: 'Who',
            minLength: 3,
            maxLength: 80,
            format: 'email',
          },
          amount: { type: 'number', minimum: 0, maximum: 5000, default: 10 },
          count: { type: 'integer', minimum: 1 },
          approved: { type: 'boolean', description: 'Refund?', default: false },
          level: { type: 'string', enum: ['low', 'high'], default: 'low' },
          region: {
            type: 'string',
            oneOf: [
              { const: 'eu', title: 'Europe' },
              { const: 'us', title: 'us' },
            ],
          },
          tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 1, maxItems: 2 },
          note: { type: 'string' },
        },
        required: ['approver', 'approved'],
      },
    });
  });

  it('leaves out keywords a form cannot carry (pattern, other formats, additionalProperties, defaults of another type)', () => {
    const form = formSchema({
      type: 'object',
      additionalProperties: false,
      properties: { code: { type: 'string', pattern: '^[A-Z]+$', format: 'hostname', default: 3 } },
    });
    expect(form).toEqual({ ok: true, value: { type: 'object', properties: { code: { type: 'string' } } } });
  });

  it('no schema is a decision with no fields', () => {
    expect(formSchema(undefined)).toEqual({ ok: true, value: { type: 'object', properties: {} } });
  });

  it('refuses what a form cannot show, naming the field and what is allowed', () => {
    const refused = (schema: Record<string, unknown>) => {
      const r = formSchema(schema);
      return r.ok ? 'shown' : r.error;
    };
    expect(refused({ type: 'array' })).toBe(
      'its answer schema must be an object with properties (it has type "array")',
    );
    expect(refused({ properties: { address: { type: 'object', properties: {} } } })).toBe(
      'answer field "address" is an object; a form field is text, a number, an integer, true/false, or a choice of texts',
    );
    expect(refused({ properties: { lines: { type: 'array', items: { type: 'number' } } } })).toMatch(
      /^answer field "lines" is an array that is not a choice of texts/,
    );
    expect(refused({ properties: { ref: { $ref: '#/$defs/x' } } })).toMatch(/^answer field "ref" is "\$ref"/);
    expect(refused({ properties: { either: { type: ['string', 'number'] } } })).toMatch(
      /^answer field "either" is/,
    );
    expect(refused({ properties: 'x' })).toBe('its answer schema has "properties" that is not an object');
  });
});

describe('checkAnswer', () => {
  const schema = {
    type: 'object',
    properties: { approved: { type: 'boolean' }, approver: { type: 'string', pattern: '@' } },
    required: ['approved', 'approver'],
  };

  it('passes an answer the whole schema accepts', () => {
    expect(checkAnswer(schema, { approved: true, approver: 'dana@example.com' })).toEqual({
      ok: true,
      value: { approved: true, approver: 'dana@example.com' },
    });
  });

  it('names each failing field, pattern included (the form could not carry it)', () => {
    expect(checkAnswer(schema, { approved: 'yes', approver: 'dana' })).toEqual({
      ok: false,
      error: '/approved: must be boolean; /approver: must match pattern "@"',
    });
  });

  it('without a schema, any answer (an empty one when there is none)', () => {
    expect(checkAnswer(undefined, undefined)).toEqual({ ok: true, value: {} });
  });
});
