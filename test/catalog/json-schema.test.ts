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
  it('compiles a 2020-12 schema with formats', () => {
    const compiled = compileSchema({ type: 'object', properties: { email: { format: 'email' } } });
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    expect(compiled.value({ email: 'a@example.com' })).toBe(true);
    expect(compiled.value({ email: 'nope' })).toBe(false);
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
