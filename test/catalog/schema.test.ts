import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  normalizeJsonSchema,
  openApiToJsonSchema,
  openInputSchema,
  registrySchemaToInputSchema,
  SchemaConversionError,
} from '../../src/catalog/schema.js';
import { ensureObjectRoot } from '../../src/catalog/schema-object-root.js';
import type { JsonObject } from '../../src/catalog/schema-walk.js';

const draft4 = (schema: unknown) =>
  registrySchemaToInputSchema({ type: 'JSONSchemaDraft4', content: JSON.stringify(schema) });
const openApi = (schemas: JsonObject, schemaName?: string) =>
  registrySchemaToInputSchema({
    type: 'OpenApi3',
    content: JSON.stringify({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas },
    }),
    ...(schemaName ? { schemaName } : {}),
  });

/** Compiles as the execution layer does (Ajv, 2020-12, strict off) and returns a validator. */
function compile(schema: JsonObject) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  return ajv.compile(schema);
}

describe('openInputSchema', () => {
  it('accepts any object', () => {
    expect(openInputSchema()).toEqual({ type: 'object', additionalProperties: true });
    expect(compile(openInputSchema())({ anything: [1] })).toBe(true);
  });
});

describe('JSONSchemaDraft4', () => {
  it('serves an object schema as it is, minus the draft-04 $schema', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-04/schema#',
      title: 'Order',
      type: 'object',
      required: ['orderId'],
      properties: { orderId: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } },
      additionalProperties: false,
    };
    const { $schema: _s, ...rest } = schema;
    expect(draft4(schema)).toEqual({ inputSchema: rest, wrapsInput: false, warnings: [] });
  });

  it('turns id into $id but leaves a property called id alone', () => {
    const { inputSchema } = draft4({
      id: 'http://example.com/order.json#',
      type: 'object',
      properties: { id: { id: '#orderId', type: 'string' }, example: { type: 'string' } },
      required: ['id'],
    });
    expect(inputSchema).toEqual({
      $id: 'http://example.com/order.json',
      type: 'object',
      properties: { id: { $anchor: 'orderId', type: 'string' }, example: { type: 'string' } },
      required: ['id'],
    });
    const validate = compile(inputSchema);
    expect(validate({ id: 'a' })).toBe(true);
    expect(validate({})).toBe(false);
  });

  it('rewrites boolean exclusive bounds into the numeric form', () => {
    const { inputSchema } = draft4({
      type: 'object',
      properties: {
        a: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: false },
        b: { type: 'number', exclusiveMaximum: true },
      },
    });
    expect(inputSchema.properties).toEqual({
      a: { type: 'number', exclusiveMinimum: 0, maximum: 10 },
      b: { type: 'number' },
    });
    const validate = compile(inputSchema);
    expect(validate({ a: 0 })).toBe(false);
    expect(validate({ a: 10 })).toBe(true);
  });

  it('rewrites tuple items and dependencies into their 2020-12 keywords', () => {
    const { inputSchema } = draft4({
      type: 'object',
      properties: {
        pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }], additionalItems: false },
        list: { type: 'array', items: { type: 'string' }, additionalItems: false },
      },
      dependencies: { card: ['billing'], vip: { required: ['tier'] } },
    });
    expect(inputSchema).toEqual({
      type: 'object',
      properties: {
        pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false },
        list: { type: 'array', items: { type: 'string' } },
      },
      dependentRequired: { card: ['billing'] },
      dependentSchemas: { vip: { required: ['tier'] } },
    });
    const validate = compile(inputSchema);
    expect(validate({ pair: ['a', 1] })).toBe(true);
    expect(validate({ pair: ['a', 1, 2] })).toBe(false);
    expect(validate({ card: 1 })).toBe(false);
    expect(validate({ vip: true })).toBe(false);
  });

  it('keeps definitions and their refs working', () => {
    const { inputSchema } = draft4({
      type: 'object',
      definitions: { item: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' } } } },
      properties: { items: { type: 'array', items: { $ref: '#/definitions/item' } } },
    });
    const validate = compile(inputSchema);
    expect(validate({ items: [{ sku: 'a' }] })).toBe(true);
    expect(validate({ items: [{}] })).toBe(false);
  });

  it('spells out type object for an untyped object-only root', () => {
    expect(draft4({ properties: { a: { type: 'string' } }, required: ['a'] })).toEqual({
      inputSchema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
      wrapsInput: false,
      warnings: [],
    });
  });

  it('wraps an array root as { input } and rebases its local refs', () => {
    const result = draft4({
      $schema: 'http://json-schema.org/draft-04/schema#',
      id: 'urn:orders',
      type: 'array',
      items: { $ref: '#/definitions/order' },
      definitions: { order: { type: 'object', required: ['id'] } },
    });
    expect(result).toEqual({
      wrapsInput: true,
      warnings: [],
      inputSchema: {
        type: 'object',
        properties: {
          input: {
            type: 'array',
            items: { $ref: '#/properties/input/definitions/order' },
            definitions: { order: { type: 'object', required: ['id'] } },
          },
        },
        required: ['input'],
      },
    });
    const validate = compile(result.inputSchema);
    expect(validate({ input: [{ id: 1 }] })).toBe(true);
    expect(validate({ input: [{}] })).toBe(false);
    expect(validate({ input: 'x' })).toBe(false);
  });

  it.each([
    ['a string', { type: 'string', minLength: 2 }],
    ['a number', { type: 'number' }],
    ['a nullable object', { type: ['object', 'null'] }],
    ['an untyped union', { oneOf: [{ type: 'object' }, { type: 'string' }] }],
    ['an untyped string constraint', { minLength: 2 }],
  ])('wraps %s', (_label, schema) => {
    const result = draft4(schema);
    expect(result.wrapsInput).toBe(true);
    expect(result.inputSchema).toEqual({
      type: 'object',
      properties: { input: schema },
      required: ['input'],
    });
    compile(result.inputSchema);
  });

  it('serves a one-element object type array as an object', () => {
    expect(draft4({ type: ['object'] })).toEqual({
      inputSchema: { type: 'object' },
      wrapsInput: false,
      warnings: [],
    });
  });

  it.each([
    ['an empty schema', {}],
    ['a title and definitions only', { title: 'Order', definitions: { Item: { type: 'string' } } }],
    ['unknown keywords only', { 'x-owner': 'orders-team', description: 'anything' }],
  ])('serves %s, which constrains nothing, as an object schema that accepts {}', (_label, schema) => {
    const result = draft4({ $schema: 'http://json-schema.org/draft-04/schema#', ...schema });
    expect(result.wrapsInput).toBe(false);
    expect(result.inputSchema).toEqual({ type: 'object', ...schema });
    const validate = compile(result.inputSchema);
    expect(validate({})).toBe(true);
    expect(validate({ anything: [1, 'two'] })).toBe(true);
  });

  it('normalises other pre-2020 drafts too and keeps a 2020-12 $schema', () => {
    expect(
      normalizeJsonSchema({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' }),
    ).toEqual({
      type: 'object',
    });
    const modern = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' };
    expect(normalizeJsonSchema(modern)).toEqual(modern);
  });
});

describe('OpenApi3', () => {
  it('picks the schema named like the registry schema', () => {
    const { inputSchema } = openApi(
      {
        Other: { type: 'object', properties: { x: { type: 'string' } } },
        Order: { type: 'object', required: ['id'] },
      },
      'Order',
    );
    expect(inputSchema).toEqual({ type: 'object', required: ['id'] });
  });

  it('otherwise picks the one schema no other schema references, resolving nested refs', () => {
    const { inputSchema, wrapsInput } = openApi({
      Address: {
        type: 'object',
        properties: { city: { type: 'string', example: 'Paris' } },
        required: ['city'],
      },
      Customer: {
        type: 'object',
        properties: { name: { type: 'string' }, address: { $ref: '#/components/schemas/Address' } },
      },
      AWSEvent: {
        type: 'object',
        required: ['customer'],
        properties: {
          customer: { $ref: '#/components/schemas/Customer' },
          billing: { $ref: '#/components/schemas/Address', description: 'Where invoices go' },
        },
        example: { customer: {} },
      },
    });
    expect(wrapsInput).toBe(false);
    const address = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    expect(inputSchema).toEqual({
      type: 'object',
      required: ['customer'],
      properties: {
        customer: { type: 'object', properties: { name: { type: 'string' }, address } },
        billing: { ...address, description: 'Where invoices go' },
      },
    });
    const validate = compile(inputSchema);
    expect(validate({ customer: { address: { city: 'Oslo' } } })).toBe(true);
    expect(validate({ customer: { address: {} } })).toBe(false);
  });

  it('also picks the component named like the part of the registry name after the last @', () => {
    const { inputSchema, warnings } = openApi(
      { Other: { type: 'object', title: 'Other' }, Order: { type: 'object', title: 'Order' } },
      'com.example.shop@Order',
    );
    expect(inputSchema.title).toBe('Order');
    expect(warnings).toEqual([]);
  });

  it('picks, among unreferenced components, the one reaching the most others, with a warning', () => {
    const { inputSchema, warnings } = openApi({
      Error: { type: 'object', title: 'Error' },
      Order: { type: 'object', title: 'Order', properties: { item: { $ref: '#/components/schemas/Item' } } },
      Item: { type: 'object', properties: { price: { $ref: '#/components/schemas/Price' } } },
      Price: { type: 'number' },
    });
    expect(inputSchema.title).toBe('Order');
    expect(warnings).toEqual([
      'the OpenAPI document does not say which component is the input (2 candidates: no other component ' +
        'refers to any of them); the tool takes "Order", which reaches the most components, over "Error". ' +
        'Name the registry schema after the component meant (or "<anything>@<component>") to choose it',
    ]);
  });

  it('takes the first in the document on a tie, and warns too', () => {
    const { inputSchema, warnings } = openApi({
      A: { type: 'object', title: 'A' },
      B: { type: 'object', title: 'B' },
    });
    expect(inputSchema.title).toBe('A');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('the tool takes "A"');
  });

  it('warns when every component refers to another (all on cycles)', () => {
    const { inputSchema, warnings } = openApi({
      A: { type: 'object', title: 'A', properties: { b: { $ref: '#/components/schemas/B' } } },
      B: { type: 'object', title: 'B', properties: { a: { $ref: '#/components/schemas/A' } } },
    });
    expect(inputSchema.title).toBe('A');
    expect(warnings[0]).toContain('they all refer to one another');
  });

  it('translates nullable, drops OpenAPI-only keywords and keeps readOnly', () => {
    const { inputSchema } = openApi({
      Input: {
        type: 'object',
        discriminator: { propertyName: 'kind' },
        xml: { name: 'input' },
        externalDocs: { url: 'http://example.com' },
        properties: {
          note: { type: 'string', nullable: true, readOnly: true },
          color: { type: 'string', enum: ['red', 'blue'], nullable: true },
          count: { type: 'integer', nullable: false, minimum: 0, exclusiveMinimum: true },
          example: { type: 'string' },
        },
      },
    });
    expect(inputSchema).toEqual({
      type: 'object',
      properties: {
        note: { type: ['string', 'null'], readOnly: true },
        color: { type: ['string', 'null'], enum: ['red', 'blue', null] },
        count: { type: 'integer', exclusiveMinimum: 0 },
        example: { type: 'string' },
      },
    });
    const validate = compile(inputSchema);
    expect(validate({ note: null, color: null, count: 1 })).toBe(true);
    expect(validate({ count: 0 })).toBe(false);
  });

  it('puts recursive schemas under $defs and rewrites their refs', () => {
    const { inputSchema } = openApi({
      Tree: {
        type: 'object',
        properties: {
          root: { $ref: '#/components/schemas/Node' },
          meta: { $ref: '#/components/schemas/Meta' },
        },
      },
      Node: {
        type: 'object',
        required: ['value'],
        properties: {
          value: { type: 'string' },
          children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
          meta: { $ref: '#/components/schemas/Meta' },
        },
      },
      Meta: { type: 'object', properties: { tag: { type: 'string' } } },
    });
    const meta = { type: 'object', properties: { tag: { type: 'string' } } };
    expect(inputSchema).toEqual({
      type: 'object',
      properties: { root: { $ref: '#/$defs/Node' }, meta },
      $defs: {
        Node: {
          type: 'object',
          required: ['value'],
          properties: {
            value: { type: 'string' },
            children: { type: 'array', items: { $ref: '#/$defs/Node' } },
            meta,
          },
        },
      },
    });
    const validate = compile(inputSchema);
    expect(validate({ root: { value: 'a', children: [{ value: 'b', children: [] }] } })).toBe(true);
    expect(validate({ root: { value: 'a', children: [{ children: [] }] } })).toBe(false);
  });

  it('handles a root that refers to itself and mutual recursion', () => {
    const { inputSchema } = openApi(
      {
        Person: {
          type: 'object',
          properties: {
            friend: { $ref: '#/components/schemas/Person' },
            pet: { $ref: '#/components/schemas/Pet' },
          },
        },
        Pet: {
          type: 'object',
          properties: { owner: { $ref: '#/components/schemas/Person' }, name: { type: 'string' } },
        },
      },
      'Person',
    );
    expect(Object.keys(inputSchema.$defs as JsonObject).sort()).toEqual(['Person', 'Pet']);
    const validate = compile(inputSchema);
    expect(validate({ friend: { pet: { owner: { pet: { name: 'x' } } } } })).toBe(true);
    expect(validate({ friend: { pet: { owner: { pet: { name: 3 } } } } })).toBe(false);
  });

  it('wraps a non-object root and moves $defs along with it', () => {
    const result = openApi(
      {
        List: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
        Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } },
      },
      'List',
    );
    expect(result.wrapsInput).toBe(true);
    expect(result.inputSchema).toEqual({
      type: 'object',
      properties: {
        input: {
          type: 'array',
          items: { $ref: '#/properties/input/$defs/Node' },
          $defs: {
            Node: { type: 'object', properties: { next: { $ref: '#/properties/input/$defs/Node' } } },
          },
        },
      },
      required: ['input'],
    });
    const validate = compile(result.inputSchema);
    expect(validate({ input: [{ next: { next: {} } }] })).toBe(true);
    expect(validate({ input: [{ next: 1 }] })).toBe(false);
  });

  it('shares schemas under $defs instead of copying them exponentially', () => {
    // Each level refers to the next twice: full inlining would copy the leaf 2^30 times.
    const schemas: JsonObject = {
      L30: { type: 'object', properties: { v: { type: 'string', description: 'x'.repeat(50) } } },
    };
    for (let i = 29; i >= 0; i--) {
      schemas[`L${i}`] = {
        type: 'object',
        properties: {
          a: { $ref: `#/components/schemas/L${i + 1}` },
          b: { $ref: `#/components/schemas/L${i + 1}` },
        },
      };
    }
    const { inputSchema } = openApi(schemas, 'L0');
    expect(JSON.stringify(inputSchema).length).toBeLessThan(100_000);
    expect(compile(inputSchema)({ a: { a: {} }, b: {} })).toBe(true);
  });

  it('refuses a document without components.schemas', () => {
    expect(() =>
      registrySchemaToInputSchema({
        type: 'OpenApi3',
        content: JSON.stringify({ openapi: '3.0.0', paths: {} }),
      }),
    ).toThrow(new SchemaConversionError('the OpenAPI document has no schemas under components.schemas'));
  });

  it('refuses refs it cannot resolve, saying whether the target is missing or inside a component', () => {
    expect(() =>
      openApi({ A: { type: 'object', properties: { b: { $ref: '#/components/schemas/Missing' } } } }),
    ).toThrow(
      '$ref "#/components/schemas/Missing" refers to a component that does not exist: components.schemas has no "Missing"',
    );
    expect(() => openApi({ A: { type: 'object', properties: { b: { $ref: 'other.json#/X' } } } })).toThrow(
      /unsupported \$ref "other.json#\/X"/,
    );
    expect(() => openApi({ A: { $ref: '#/components/schemas/B/properties/x' }, B: {} })).toThrow(
      'unsupported $ref "#/components/schemas/B/properties/x": it points inside the component "B" (at /properties/x), not at a whole component',
    );
    expect(() => openApi({ A: { $ref: '#/components/schemas/%E0%A4%A' } })).toThrow(
      'malformed $ref "#/components/schemas/%E0%A4%A"',
    );
  });

  it('resolves component names that hold "/" as AWS\'s schema tooling does, whole names first', () => {
    const ticket = 'aws.partner/mongodb.com/Ticket.Created';
    const { inputSchema } = openApi({
      Root: {
        type: 'object',
        properties: {
          ticket: { $ref: `#/components/schemas/${ticket}` },
          escaped: { $ref: '#/components/schemas/aws.partner~1mongodb.com~1Ticket.Created' },
          creator: { $ref: `#/components/schemas/${ticket}/Creator` },
        },
      },
      [ticket]: { type: 'object', required: ['ticketId'], properties: { ticketId: { type: 'string' } } },
      // Also the pointer "<ticket>/Creator" into the component above: the whole name wins.
      [`${ticket}/Creator`]: { type: 'object', required: ['email'] },
    });
    const ticketSchema = {
      type: 'object',
      required: ['ticketId'],
      properties: { ticketId: { type: 'string' } },
    };
    expect(inputSchema.properties).toEqual({
      ticket: ticketSchema,
      escaped: ticketSchema,
      creator: { type: 'object', required: ['email'] },
    });
  });

  it('names the missing component when a slashed name exists nowhere', () => {
    expect(() =>
      openApi({
        AWSEvent: {
          type: 'object',
          properties: { detail: { $ref: '#/components/schemas/aws.partner/mongodb.com/Ticket.Created' } },
        },
        TicketCreated: { type: 'object' },
      }),
    ).toThrow(
      'refers to a component that does not exist: components.schemas has no "aws.partner/mongodb.com/Ticket.Created"',
    );
  });

  it('serves the root when only a component it does not reach holds a dangling ref', () => {
    const { inputSchema, warnings } = openApi(
      {
        Order: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
        Legacy: { type: 'object', properties: { old: { $ref: '#/components/schemas/Gone' } } },
      },
      'Order',
    );
    expect(inputSchema).toEqual({ type: 'object', required: ['id'], properties: { id: { type: 'string' } } });
    expect(warnings).toEqual([]);
  });

  it('exposes the conversion for a parsed document', () => {
    expect(openApiToJsonSchema({ components: { schemas: { A: { type: 'object' } } } })).toEqual({
      type: 'object',
    });
  });
});

describe('bad documents', () => {
  it('refuses text that is not JSON, a non-object and an unknown type', () => {
    expect(() => registrySchemaToInputSchema({ type: 'JSONSchemaDraft4', content: '{ nope' })).toThrow(
      /^the schema document is not valid JSON: /,
    );
    expect(() => registrySchemaToInputSchema({ type: 'JSONSchemaDraft4', content: '[1]' })).toThrow(
      'the schema document is not a JSON object',
    );
    expect(() => registrySchemaToInputSchema({ type: 'Avro', content: '{}' })).toThrow(
      'unsupported schema type "Avro" (expected JSONSchemaDraft4 or OpenApi3)',
    );
  });
});

describe('ensureObjectRoot', () => {
  it('keeps an object root with combinators', () => {
    const schema = { type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }] };
    expect(ensureObjectRoot(schema)).toEqual({ inputSchema: schema, wrapsInput: false });
  });

  it('rebases a ref to the root itself', () => {
    const { inputSchema } = ensureObjectRoot({ type: 'array', items: { $ref: '#' } });
    expect(inputSchema.properties).toEqual({
      input: { type: 'array', items: { $ref: '#/properties/input' } },
    });
    const validate = compile(inputSchema);
    expect(validate({ input: [[[]]] })).toBe(true);
    expect(validate({ input: [1] })).toBe(false);
  });
});

describe('object roots that do not say type: object', () => {
  const ORDER_DOC = {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: 'Order',
    $ref: '#/definitions/Order',
    definitions: {
      Order: {
        type: 'object',
        properties: {
          orderId: { type: 'string' },
          address: { $ref: '#/definitions/Address' },
        },
        required: ['orderId', 'address'],
        additionalProperties: false,
      },
      Address: { type: 'object', properties: { zip: { type: 'string' } }, required: ['zip'] },
    },
  };

  it('serves a draft-04 root $ref to an object definition as the root, and its inner refs still resolve', () => {
    const { inputSchema, wrapsInput } = draft4(ORDER_DOC);
    expect(wrapsInput).toBe(false);
    expect(inputSchema).toEqual({
      type: 'object',
      properties: { orderId: { type: 'string' }, address: { $ref: '#/definitions/Address' } },
      required: ['orderId', 'address'],
      additionalProperties: false,
      title: 'Order',
      definitions: ORDER_DOC.definitions,
    });
    const validate = compile(inputSchema);
    expect(validate({ orderId: 'o-1', address: { zip: '12345' } })).toBe(true);
    expect(validate({ orderId: 'o-1', address: {} })).toBe(false);
    expect(validate({ orderId: 'o-1', address: { zip: '1' }, extra: 1 })).toBe(false);
  });

  it('follows a chain of refs and keeps constraints beside the $ref (2020-12 applies them too)', () => {
    const { inputSchema, wrapsInput } = ensureObjectRoot({
      $ref: '#/$defs/Alias',
      required: ['b'],
      $defs: {
        Alias: { $ref: '#/$defs/Base' },
        Base: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } } },
      },
    });
    expect(wrapsInput).toBe(false);
    expect(inputSchema.type).toBe('object');
    expect(inputSchema.properties).toEqual({ a: { type: 'string' }, b: { type: 'number' } });
    const validate = compile(inputSchema);
    expect(validate({ a: 'x', b: 1 })).toBe(true);
    expect(validate({ a: 'x' })).toBe(false);
    expect(validate({ b: 'not a number' })).toBe(false);
  });

  it('drops anchors from the copy it serves, so they stay unique in the document', () => {
    const { inputSchema, wrapsInput } = draft4({
      $ref: '#/definitions/Order',
      definitions: { Order: { id: '#order', type: 'object', required: ['orderId'] } },
    });
    expect(wrapsInput).toBe(false);
    expect(inputSchema).toEqual({
      type: 'object',
      required: ['orderId'],
      definitions: { Order: { $anchor: 'order', type: 'object', required: ['orderId'] } },
    });
    expect(compile(inputSchema)({})).toBe(false);
  });

  it('serves an untyped root with properties and required-only anyOf branches as an object', () => {
    const schema = {
      properties: { email: { type: 'string' }, phone: { type: 'string' } },
      anyOf: [{ required: ['email'] }, { required: ['phone'] }],
    };
    const { inputSchema, wrapsInput } = draft4(schema);
    expect(wrapsInput).toBe(false);
    expect(inputSchema).toEqual({ type: 'object', ...schema });
    const validate = compile(inputSchema);
    expect(validate({ email: 'a@example.com' })).toBe(true);
    expect(validate({ phone: '555' })).toBe(true);
    expect(validate({})).toBe(false);
  });

  it.each([
    ['oneOf of object branches', { oneOf: [{ type: 'object', required: ['a'] }, { required: ['b'] }] }],
    [
      'allOf with a local ref to an object',
      {
        allOf: [{ $ref: '#/definitions/Base' }, { required: ['id'] }],
        definitions: { Base: { properties: { id: { type: 'string' } } } },
      },
    ],
    ['if/then on properties', { if: { properties: { kind: { const: 'a' } } }, then: { required: ['a'] } }],
    ['additionalProperties alone', { additionalProperties: { type: 'string' } }],
  ])('serves an untyped root made of %s as an object', (_label, schema) => {
    const { inputSchema, wrapsInput } = draft4(schema);
    expect(wrapsInput).toBe(false);
    expect(inputSchema).toEqual({ type: 'object', ...schema });
    compile(inputSchema);
  });

  it.each([
    [
      'a root $ref to an array definition',
      { $ref: '#/definitions/Items', definitions: { Items: { type: 'array' } } },
    ],
    [
      'a root $ref to a string definition',
      { $ref: '#/definitions/Name', definitions: { Name: { type: 'string' } } },
    ],
    ['a mixed union', { anyOf: [{ required: ['a'] }, { type: 'string' }] }],
    ['properties beside a string keyword', { properties: { a: {} }, minLength: 1 }],
    ['an empty anyOf branch', { properties: { a: {} }, anyOf: [{ required: ['a'] }, {}] }],
    ['a root $ref to the root itself', { $ref: '#' }],
  ])('still wraps %s', (_label, schema) => {
    const result = draft4(schema);
    expect(result.wrapsInput).toBe(true);
    expect(result.inputSchema.required).toEqual(['input']);
  });

  describe('`not` is no branch: it never makes a root object-like by itself', () => {
    it('wraps `not` alone, so the served schema still accepts what the document accepts', () => {
      const schema = { not: { type: 'object' } };
      const { inputSchema, wrapsInput } = draft4(schema);
      expect(wrapsInput).toBe(true);
      expect(inputSchema).toEqual({ type: 'object', properties: { input: schema }, required: ['input'] });
      const validate = compile(inputSchema);
      expect(validate({ input: 'text' })).toBe(true);
      expect(validate({ input: [1] })).toBe(true);
      expect(validate({ input: {} })).toBe(false);
    });

    it.each([
      ['a not of an object keyword', { not: { required: ['a'] } }],
      ['a not of another type', { not: { type: 'string' } }],
      ['a not in an anyOf branch', { anyOf: [{ not: { type: 'object' } }, { required: ['a'] }] }],
      [
        'properties beside a not that refuses every object',
        { properties: { a: {} }, not: { type: 'object' } },
      ],
      ['properties beside not: {}', { properties: { a: {} }, not: {} }],
    ])('wraps %s', (_label, schema) => {
      const { inputSchema, wrapsInput } = draft4(schema);
      expect(wrapsInput).toBe(true);
      expect(inputSchema.properties).toEqual({ input: schema });
      compile(inputSchema);
    });

    it('serves `not` beside properties as an object: the other keywords make it one', () => {
      const schema = { properties: { a: { type: 'string' } }, not: { required: ['b'] } };
      const { inputSchema, wrapsInput } = draft4(schema);
      expect(wrapsInput).toBe(false);
      expect(inputSchema).toEqual({ type: 'object', ...schema });
      const validate = compile(inputSchema);
      expect(validate({ a: 'x' })).toBe(true);
      expect(validate({ a: 'x', b: 1 })).toBe(false);
      expect(validate({ a: 1 })).toBe(false);
    });

    it('serves properties beside a not of a non-object type as an object', () => {
      const schema = { properties: { a: { type: 'string' } }, required: ['a'], not: { type: 'string' } };
      const { inputSchema, wrapsInput } = draft4(schema);
      expect(wrapsInput).toBe(false);
      expect(inputSchema).toEqual({ type: 'object', ...schema });
      expect(compile(inputSchema)({ a: 'x' })).toBe(true);
    });
  });

  describe('`if` is a condition, not a branch: then/else decide', () => {
    it.each([
      ['an if alone (it constrains nothing)', { if: { required: ['kind'] } }],
      ['then without if (no effect)', { then: { required: ['a'] } }],
      ['else without if (no effect)', { else: { properties: { a: {} } } }],
      ['an if whose then is not object-like', { if: { required: ['kind'] }, then: { minLength: 1 } }],
      [
        'an if whose else is a not',
        { if: { required: ['kind'] }, then: { required: ['a'] }, else: { not: { type: 'object' } } },
      ],
    ])('wraps %s', (_label, schema) => {
      const { inputSchema, wrapsInput } = draft4(schema);
      expect(wrapsInput).toBe(true);
      expect(inputSchema.properties).toEqual({ input: schema });
      compile(inputSchema);
    });

    it('serves then/else branches on objects as an object, whatever the condition', () => {
      const schema = {
        if: { type: 'string' },
        then: { required: ['a'] },
        else: { required: ['b'] },
      };
      const { inputSchema, wrapsInput } = draft4(schema);
      expect(wrapsInput).toBe(false);
      expect(inputSchema).toEqual({ type: 'object', ...schema });
      const validate = compile(inputSchema);
      expect(validate({ b: 1 })).toBe(true);
      expect(validate({ a: 1 })).toBe(false);
    });

    it('serves properties beside then/else as an object, and lets the condition pick the branch', () => {
      const schema = {
        properties: { kind: { enum: ['a', 'b'] } },
        required: ['kind'],
        if: { properties: { kind: { const: 'a' } } },
        then: { required: ['a'] },
        else: { required: ['b'] },
      };
      const { inputSchema, wrapsInput } = draft4(schema);
      expect(wrapsInput).toBe(false);
      expect(inputSchema).toEqual({ type: 'object', ...schema });
      const validate = compile(inputSchema);
      expect(validate({ kind: 'a', a: 1 })).toBe(true);
      expect(validate({ kind: 'b', b: 1 })).toBe(true);
      expect(validate({ kind: 'a', b: 1 })).toBe(false);
    });
  });

  it('wraps a root ref to an array definition with its refs rebased', () => {
    const { inputSchema, wrapsInput } = draft4({
      $ref: '#/definitions/Items',
      definitions: { Items: { type: 'array', items: { type: 'integer' } } },
    });
    expect(wrapsInput).toBe(true);
    const validate = compile(inputSchema);
    expect(validate({ input: [1, 2] })).toBe(true);
    expect(validate({ input: ['x'] })).toBe(false);
  });
});
