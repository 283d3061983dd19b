import { describe, expect, it } from 'vitest';
import { assembleCatalog, buildTool, SchemaMemo, type MachineDetails } from '../../src/catalog/assemble.js';
import { nameHash } from '../../src/catalog/naming.js';
import type { Exclusion, MachineRef } from '../../src/catalog/types.js';

const arn = (name: string): string => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
const ref = (name: string, type: MachineRef['type'] = 'STANDARD'): MachineRef => ({
  arn: arn(name),
  name,
  type,
  invokeArn: arn(name),
});
const schemaArn = 'arn:aws:schemas:us-east-1:123456789012:schema/reg/Order';

describe('buildTool', () => {
  it('builds a tool without a schema', () => {
    const built = buildTool(
      {
        machine: ref('app-orders', 'EXPRESS'),
        description: 'Creates orders.',
        comment: 'Validate then store',
      },
      'orders',
    );
    expect(built).toEqual({
      warnings: [],
      tool: {
        name: 'orders',
        description: 'Creates orders.\n\nWorkflow Description: Validate then store',
        inputSchema: { type: 'object', additionalProperties: true },
        wrapsInput: false,
        hasSchema: false,
        annotations: { title: 'app-orders' },
        machine: ref('app-orders', 'EXPRESS'),
      },
    });
  });

  it('serves the registry schema, and leaves its document out of the description by default', () => {
    const content = '{\n  "type": "object",\n  "required": ["id"]\n}\n';
    const { tool, warnings } = buildTool(
      { machine: ref('Orders'), schema: { arn: schemaArn, type: 'JSONSchemaDraft4', content } },
      'Orders',
    );
    expect(warnings).toEqual([]);
    expect(tool.description).toBe('AWS Step Functions state machine: Orders');
    expect(tool.inputSchema).toEqual({ type: 'object', required: ['id'] });
    expect(tool.hasSchema).toBe(true);
    expect(tool.wrapsInput).toBe(false);
  });

  it('shows the document in the description too when asked to', () => {
    const content = '{\n  "type": "object",\n  "required": ["id"]\n}\n';
    const details = { machine: ref('Orders'), schema: { arn: schemaArn, type: 'JSONSchemaDraft4', content } };
    const { tool } = buildTool(details, 'Orders', { schemaInDescription: true });
    expect(tool.description).toBe(
      'AWS Step Functions state machine: Orders\n\nInput Schema:\n{\n  "type": "object",\n  "required": ["id"]\n}',
    );
    expect(tool.inputSchema).toEqual({ type: 'object', required: ['id'] });
  });

  it('reports a wrapped schema', () => {
    const { tool } = buildTool(
      {
        machine: ref('Ids'),
        schema: { arn: schemaArn, type: 'JSONSchemaDraft4', content: '{"type":"array"}' },
      },
      'Ids',
    );
    expect(tool.wrapsInput).toBe(true);
    expect(tool.inputSchema).toEqual({
      type: 'object',
      properties: { input: { type: 'array' } },
      required: ['input'],
    });
  });

  it('names the formats the operator checks on a tool with a schema, and none on one without', () => {
    const content = JSON.stringify({
      type: 'object',
      properties: { at: { type: 'string', format: 'date-time' } },
    });
    const settings = { checkFormats: ['date-time'] };
    const withSchema = buildTool(
      { machine: ref('Orders'), schema: { arn: schemaArn, type: 'JSONSchemaDraft4', content } },
      'Orders',
      { settings },
    ).tool;
    expect(withSchema.checkedFormats).toEqual(['date-time']);
    expect(buildTool({ machine: ref('Plain') }, 'Plain', { settings }).tool.checkedFormats).toBeUndefined();
    const annotations = buildTool(
      { machine: ref('Orders'), schema: { arn: schemaArn, type: 'JSONSchemaDraft4', content } },
      'Orders',
    ).tool;
    expect(annotations.checkedFormats).toBeUndefined();
  });

  it('falls back to any object, with a warning, when the schema cannot be used; the description keeps the document', () => {
    const { tool, warnings } = buildTool(
      {
        machine: ref('Orders'),
        schema: { arn: schemaArn, type: 'OpenApi3', content: '{"openapi":"3.0.0"}' },
      },
      'Orders',
    );
    expect(tool.inputSchema).toEqual({ type: 'object', additionalProperties: true });
    expect(tool.hasSchema).toBe(false);
    expect(tool.description).toBe(
      'AWS Step Functions state machine: Orders\n\nInput not checked: the server could not use the input ' +
        'schema below (the OpenAPI document has no schemas under components.schemas), so it accepts any JSON ' +
        'object as the input.\n{"openapi":"3.0.0"}',
    );
    expect(tool.description).not.toContain('Input Schema:');
    expect(warnings).toEqual([
      `state machine Orders: the input schema ${schemaArn} cannot be used (the OpenAPI document has no schemas under components.schemas); the tool accepts any JSON object`,
    ]);
  });
});

describe('buildTool: a schema Ajv cannot compile is not served', () => {
  const draft4 = (name: string, schema: object): MachineDetails => ({
    machine: ref(name),
    schema: { arn: schemaArn, type: 'JSONSchemaDraft4', content: JSON.stringify(schema) },
  });

  it.each([
    [
      'an unresolvable $ref',
      { type: 'object', properties: { item: { $ref: '#/definitions/Missing' } } },
      /can't resolve reference #\/definitions\/Missing/,
    ],
    [
      'a keyword with an impossible value',
      { type: 'object', properties: { qty: { type: 'integr' } } },
      /schema is invalid/,
    ],
  ])(
    'serves the open schema, with a warning naming the machine and the reason, for %s',
    (_l, schema, reason) => {
      const { tool, warnings } = buildTool(draft4('Orders', schema), 'Orders');
      expect(tool.inputSchema).toEqual({ type: 'object', additionalProperties: true });
      expect(tool.hasSchema).toBe(false);
      expect(tool.wrapsInput).toBe(false);
      // The document is still shown to the model.
      expect(tool.description).toContain(JSON.stringify(schema));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        new RegExp(`^state machine Orders: the input schema ${schemaArn} cannot be used \\(`),
      );
      expect(warnings[0]).toMatch(reason);
      expect(warnings[0]).toMatch(/; the tool accepts any JSON object$/);
    },
  );

  it('converts and compiles a schema shared by several machines once: they share one inputSchema', () => {
    const schema = { type: 'object', properties: { id: { type: 'string' } } };
    const catalog = assembleCatalog({
      machines: [draft4('A', schema), draft4('B', schema), draft4('C', { type: 'object' })],
      prefix: '',
      excluded: [],
      warnings: [],
    });
    const [a, b, c] = catalog.tools;
    expect(a!.hasSchema && b!.hasSchema && c!.hasSchema).toBe(true);
    expect(a!.inputSchema).toBe(b!.inputSchema);
    expect(c!.inputSchema).not.toBe(a!.inputSchema);
    expect(catalog.warnings).toEqual([]);
  });
});

describe('assembleCatalog: conversions kept across builds (SchemaMemo)', () => {
  const withSchema = (name: string, content: string, type = 'JSONSchemaDraft4'): MachineDetails => ({
    machine: ref(name),
    schema: { arn: `${schemaArn}-${name}`, type, content },
  });
  const ORDER = '{"type":"object","properties":{"id":{"type":"string"}}}';
  const IDS = '{"type":"array"}';
  const build = (memo: SchemaMemo, machines: MachineDetails[], converted: string[]) =>
    assembleCatalog({
      machines,
      prefix: '',
      excluded: [],
      warnings: [],
      schemas: memo,
      onSchemaConversion: (s) => converted.push(`${s.type}:${s.schemaName ?? ''}`),
    });
  const schemaOf = (catalog: ReturnType<typeof assembleCatalog>, name: string) =>
    catalog.tools.find((t) => t.name === name)!.inputSchema;

  it('reuses the inputSchema object of an unchanged document and converts only new or changed ones', () => {
    const memo = new SchemaMemo();
    const converted: string[] = [];
    // Fresh detail objects and fresh content strings each build, as a refresh has.
    const machines = () => [withSchema('A', ORDER), withSchema('B', `${ORDER}`), withSchema('C', IDS)];
    const first = build(memo, machines(), converted);
    expect(converted).toHaveLength(2);
    expect(memo.size).toBe(2);

    const second = build(memo, machines(), converted);
    expect(converted).toHaveLength(2);
    for (const name of ['A', 'B', 'C']) expect(schemaOf(second, name)).toBe(schemaOf(first, name));

    // A changed document is converted again; the same content under another type is another document.
    const third = build(
      memo,
      [
        withSchema('A', ORDER),
        withSchema('B', '{"type":"object","required":["x"]}'),
        withSchema('C', IDS, 'OpenApi3'),
      ],
      converted,
    );
    expect(converted).toHaveLength(4);
    expect(schemaOf(third, 'A')).toBe(schemaOf(first, 'A'));
    expect(schemaOf(third, 'B')).toEqual({ type: 'object', required: ['x'] });
    expect(third.warnings).toHaveLength(1); // an OpenApi3 document without components.schemas
  });

  it("keeps an unusable document's verdict too, so it is not compiled again", () => {
    const memo = new SchemaMemo();
    const converted: string[] = [];
    const bad = '{"type":"object","properties":{"qty":{"type":"integr"}}}';
    const first = build(memo, [withSchema('A', bad)], converted);
    const second = build(memo, [withSchema('A', bad)], converted);
    expect(converted).toHaveLength(1);
    expect(second.warnings).toEqual(first.warnings);
    expect(second.tools[0]!.hasSchema).toBe(false);
  });

  it('drops documents the last build did not use', () => {
    const memo = new SchemaMemo();
    const converted: string[] = [];
    const first = build(memo, [withSchema('A', ORDER), withSchema('C', IDS)], converted);
    build(memo, [withSchema('C', IDS)], converted);
    expect(memo.size).toBe(1);
    const third = build(memo, [withSchema('A', ORDER), withSchema('C', IDS)], converted);
    expect(converted).toHaveLength(3);
    expect(schemaOf(third, 'A')).not.toBe(schemaOf(first, 'A'));
    expect(schemaOf(third, 'A')).toEqual(schemaOf(first, 'A'));
    expect(schemaOf(third, 'C')).toBe(schemaOf(first, 'C'));
  });

  it('converts every document on each build without a memo (the default)', () => {
    const converted: string[] = [];
    const machines = [withSchema('A', ORDER)];
    const a = assembleCatalog({
      machines,
      prefix: '',
      excluded: [],
      warnings: [],
      onSchemaConversion: () => converted.push('x'),
    });
    const b = assembleCatalog({
      machines,
      prefix: '',
      excluded: [],
      warnings: [],
      onSchemaConversion: () => converted.push('x'),
    });
    expect(converted).toHaveLength(2);
    expect(a.tools[0]!.inputSchema).not.toBe(b.tools[0]!.inputSchema);
  });
});

describe('assembleCatalog: reserved tool names', () => {
  it('gives a machine whose tool name is reserved the hash suffix', () => {
    const catalog = assembleCatalog({
      machines: [{ machine: ref('get_execution_result') }, { machine: ref('Orders') }],
      prefix: '',
      reservedNames: ['get_execution_result'],
      excluded: [],
      warnings: [],
    });
    expect(catalog.tools.map((t) => t.name)).toEqual([
      'Orders',
      `get_execution_result_${nameHash('get_execution_result')}`,
    ]);
  });
});

describe('assembleCatalog', () => {
  it('names tools over the whole set and sorts tools and exclusions', () => {
    const machines: MachineDetails[] = ['app-zeta', 'app-a.b', 'app-a-b', 'app-alpha'].map((n) => ({
      machine: ref(n),
    }));
    const excluded: Exclusion[] = [
      { name: 'z', arn: arn('z'), reason: 'tag', detail: 'x' },
      { name: 'b', arn: arn('b'), reason: 'prefix-or-list', detail: 'y' },
    ];
    const catalog = assembleCatalog({ machines, prefix: 'app-', excluded, warnings: ['w'] });
    const names = catalog.tools.map((t) => t.name);
    expect(names).toEqual([...names].sort());
    expect(names.filter((n) => n.startsWith('a_b_'))).toHaveLength(2);
    expect(names).toContain('alpha');
    expect(names).toContain('zeta');
    expect(catalog.excluded.map((e) => e.name)).toEqual(['b', 'z']);
    expect(catalog.warnings).toEqual(['w']);
  });

  it('gives the same catalogue whatever the order of its input', () => {
    const machines: MachineDetails[] = ['x', 'x.', 'y', 'Q'.repeat(70)].map((n) => ({ machine: ref(n) }));
    const a = assembleCatalog({ machines, prefix: '', excluded: [], warnings: [] });
    const b = assembleCatalog({ machines: [...machines].reverse(), prefix: '', excluded: [], warnings: [] });
    expect(b).toEqual(a);
  });
});
