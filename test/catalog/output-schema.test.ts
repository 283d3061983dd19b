import { describe, expect, it } from 'vitest';
import { outputSchemaOf } from '../../src/catalog/output-schema.js';
import { registrySchemaToInputSchema } from '../../src/catalog/schema.js';

const draft4 = (schema: object) => ({ type: 'JSONSchemaDraft4', content: JSON.stringify(schema) });

describe('outputSchemaOf', () => {
  it('serves an object schema as it is', () => {
    const converted = registrySchemaToInputSchema(
      draft4({ type: 'object', properties: { total: { type: 'number' } }, required: ['total'] }),
    );
    expect(outputSchemaOf(converted)).toEqual({ outputSchema: converted.inputSchema, wrapsOutput: false });
    // The same converted document gives the same object, so its validator is compiled once.
    expect(outputSchemaOf(converted).outputSchema).toBe(converted.inputSchema);
  });

  it('wraps any other schema under result, its local refs following', () => {
    const converted = registrySchemaToInputSchema(
      draft4({
        type: 'array',
        items: { $ref: '#/definitions/Line' },
        definitions: { Line: { type: 'string' } },
      }),
    );
    expect(converted.wrapsInput).toBe(true);
    const { outputSchema, wrapsOutput } = outputSchemaOf(converted);
    expect(wrapsOutput).toBe(true);
    expect(outputSchema).toEqual({
      type: 'object',
      properties: {
        result: {
          type: 'array',
          items: { $ref: '#/properties/result/definitions/Line' },
          definitions: { Line: { type: 'string' } },
        },
      },
      required: ['result'],
    });
  });
});
