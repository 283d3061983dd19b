/** The project's one Ajv instance (src/catalog/json-schema.ts), shared by the catalogue and argument validation. */
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/catalog/json-schema.js';

/** Runs `fn` with console output captured (and kept off the terminal: stdout carries the stdio protocol). */
function consoleDuring(fn: () => void): string[] {
  const written: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (...args: unknown[]) => void written.push(`${m}: ${args.join(' ')}`);
  try {
    fn();
  } finally {
    methods.forEach((m, i) => (console[m] = saved[i]!));
  }
  return written;
}

describe('compileSchema', () => {
  it('treats formats as annotations by default, as JSON Schema 2020-12 and EventBridge do', () => {
    const compiled = compileSchema({
      type: 'object',
      properties: { email: { format: 'email' }, time: { format: 'date-time' } },
    });
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    expect(compiled.value({ email: 'nope', time: '2019-02-26T19:42:21' })).toBe(true);
  });

  it('checks the formats it is given, and only those', () => {
    const schema = {
      type: 'object',
      properties: { email: { format: 'email' }, time: { format: 'date-time' } },
    };
    const compiled = compileSchema(schema, ['date-time']);
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    expect(compiled.value({ email: 'nope', time: '2019-02-26T19:42:21Z' })).toBe(true);
    // RFC 3339 date-time: a time zone is required.
    expect(compiled.value({ time: '2019-02-26T19:42:21' })).toBe(false);
    expect(compiled.value.errors?.[0]).toMatchObject({ instancePath: '/time', keyword: 'format' });
  });

  it('compiles a schema once per format policy, whatever order the formats are named in', () => {
    const schema = { type: 'object', properties: { email: { format: 'email' } } };
    const strict = compileSchema(schema, ['email', 'date-time']);
    expect(compileSchema(schema, ['date-time', 'email', 'email'])).toBe(strict);
    expect(strict.ok && strict.value({ email: 'nope' })).toBe(false);
    // No formats named: another validator, for which formats are annotations.
    const lax = compileSchema(schema);
    expect(lax).not.toBe(strict);
    expect(compileSchema(schema, [])).toBe(lax);
    expect(lax.ok && lax.value({ email: 'nope' })).toBe(true);
  });

  it('compiles each schema object once', () => {
    const schema = { type: 'object' };
    expect(compileSchema(schema)).toBe(compileSchema(schema));
    expect(compileSchema({ type: 'object' })).not.toBe(compileSchema(schema));
  });

  it('says why a schema cannot be compiled instead of throwing', () => {
    const compiled = compileSchema({ type: 'object', properties: { a: { $ref: '#/$defs/Missing' } } });
    expect(compiled).toEqual({ ok: false, error: expect.stringContaining("can't resolve reference") });
  });

  it('ignores a leftover $schema of another draft', () => {
    expect(compileSchema({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' }).ok).toBe(
      true,
    );
  });

  it('never writes to the console, even about an unknown format', () => {
    const written = consoleDuring(() => {
      expect(compileSchema({ type: 'object', properties: { a: { format: 'no-such-format' } } }).ok).toBe(
        true,
      );
    });
    expect(written).toEqual([]);
  });
});
