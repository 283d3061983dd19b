import { describe, expect, it } from 'vitest';
import { assembleCatalog, buildTool, type MachineDetails } from '../../src/catalog/assemble.js';
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
        definition: JSON.stringify({ Comment: 'Validate then store', StartAt: 'A', States: {} }),
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

  it('serves the registry schema and shows its document', () => {
    const content = '{\n  "type": "object",\n  "required": ["id"]\n}\n';
    const { tool, warnings } = buildTool(
      { machine: ref('Orders'), schema: { arn: schemaArn, type: 'JSONSchemaDraft4', content } },
      'Orders',
    );
    expect(warnings).toEqual([]);
    expect(tool.description).toBe(
      'AWS Step Functions state machine: Orders\n\nInput Schema:\n{\n  "type": "object",\n  "required": ["id"]\n}',
    );
    expect(tool.inputSchema).toEqual({ type: 'object', required: ['id'] });
    expect(tool.hasSchema).toBe(true);
    expect(tool.wrapsInput).toBe(false);
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

  it('falls back to any object, with a warning, when the schema cannot be used', () => {
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
      'AWS Step Functions state machine: Orders\n\nInput Schema:\n{"openapi":"3.0.0"}',
    );
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
