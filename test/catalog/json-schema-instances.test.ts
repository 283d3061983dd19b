/**
 * The Ajv instances behind src/catalog/json-schema.ts: a catalogue build checks schemas with an
 * instance of its own (so the code compiled for a check is not kept), calls compile with an instance
 * that is replaced every COMPILES_PER_INSTANCE compilations, and every schema is checked against the
 * meta-schema first (test/catalog/meta-schema-validator.test.ts). Either way the answers are Ajv's.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { COMPILES_PER_INSTANCE, compileSchema, schemaCheck } from '../../src/catalog/json-schema.js';

const orderSchema = (n: number) => ({
  type: 'object',
  required: ['orderId'],
  properties: { orderId: { type: 'string', pattern: `^ORD-${n}-` }, email: { format: 'email' } },
});

describe('schemaCheck', () => {
  it('gives the same answer as compileSchema, without compiling for calls', () => {
    const check = schemaCheck();
    const good = orderSchema(1);
    const broken = { type: 'object', properties: { a: { $ref: '#/$defs/Missing' } } };
    expect(check(good)).toEqual({ ok: true, value: undefined });
    const refused = check(broken);
    expect(refused).toEqual({ ok: false, error: expect.stringContaining("can't resolve reference") });
    expect(compileSchema(broken)).toEqual(refused);
    // A checked schema is compiled for calls on its first use, and then reused.
    const compiled = compileSchema(good);
    expect(compiled.ok && compiled.value({ orderId: 'ORD-1-7', email: 'a@example.com' })).toBe(true);
    expect(compileSchema(good)).toBe(compiled);
  });

  it("refuses a schema the 2020-12 meta-schema refuses, with Ajv's own message", () => {
    const invalid = { type: 'object', properties: { a: { minLength: 'three' } } };
    let ajvSays = '';
    try {
      new Ajv2020({ strict: false }).compile(structuredClone(invalid));
    } catch (err) {
      ajvSays = (err as Error).message;
    }
    expect(ajvSays).toMatch(/^schema is invalid: /);
    expect(schemaCheck()(invalid)).toEqual({ ok: false, error: ajvSays });
    expect(compileSchema(structuredClone(invalid))).toEqual({ ok: false, error: ajvSays });
  });

  it('ignores a leftover $schema of another draft, as compileSchema does', () => {
    expect(schemaCheck()({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' }).ok).toBe(
      true,
    );
  });
});

describe('compileSchema across Ajv instances', () => {
  it('keeps every validator working after its instance was replaced', () => {
    const schemas = Array.from({ length: COMPILES_PER_INSTANCE + 5 }, (_, n) => orderSchema(n));
    const validators = schemas.map((schema) => {
      // With a checked format, so that the validator's formats are seen to survive the replacement too.
      const compiled = compileSchema(schema, ['email']);
      if (!compiled.ok) throw new Error(compiled.error);
      return compiled.value;
    });
    for (const n of [0, COMPILES_PER_INSTANCE - 1, COMPILES_PER_INSTANCE, COMPILES_PER_INSTANCE + 4]) {
      const validate = validators[n]!;
      expect(validate({ orderId: `ORD-${n}-1`, email: 'a@example.com' }), `schema ${n}`).toBe(true);
      expect(validate({ orderId: `ORD-${n}-1`, email: 'nope' }), `schema ${n}`).toBe(false);
      expect(validate({ orderId: 'other' }), `schema ${n}`).toBe(false);
      expect(validate.errors?.[0]?.instancePath).toBe('/orderId');
    }
  });
});
