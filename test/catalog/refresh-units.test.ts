/** The pure parts of the live catalogue: the diff, annotations from tags, the version/alias line. */
import { describe, expect, it } from 'vitest';
import { annotationsFromTags } from '../../src/catalog/annotations.js';
import { assembleCatalog, type MachineDetails } from '../../src/catalog/assemble.js';
import { buildDescription, qualifierLine } from '../../src/catalog/description.js';
import { diffCatalogs, hasChanges } from '../../src/catalog/refresh.js';
import type { Catalog } from '../../src/catalog/types.js';

const arn = (name: string) => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
const details = (name: string, over: Partial<MachineDetails> = {}): MachineDetails => ({
  machine: { arn: arn(name), name, type: 'STANDARD', invokeArn: arn(name) },
  description: `${name} does things.`,
  ...over,
});
const catalog = (...machines: MachineDetails[]): Catalog =>
  assembleCatalog({ machines, prefix: '', excluded: [], warnings: [] });

describe('diffCatalogs', () => {
  it('finds added, removed and changed tools, and nothing between equal catalogues', () => {
    const before = catalog(details('a'), details('b'), details('c'));
    expect(diffCatalogs(before, catalog(details('a'), details('b'), details('c')))).toEqual({
      added: [],
      removed: [],
      changed: [],
    });
    const after = catalog(
      details('a', { description: 'new words' }),
      details('c', { tags: [{ key: 'mcp:readOnly', value: 'true' }] }),
      details('d'),
    );
    const diff = diffCatalogs(before, after);
    expect(diff).toEqual({ added: ['d'], removed: ['b'], changed: ['a', 'c'] });
    expect(hasChanges(diff)).toBe(true);
    expect(diffCatalogs(undefined, after).added).toEqual(['a', 'c', 'd']);
  });

  it('counts a schema or target change, and ignores warnings and exclusions', () => {
    const before = catalog(details('a'));
    const schema = {
      arn: 'arn:aws:schemas:us-east-1:1:schema/r/s',
      type: 'JSONSchemaDraft4',
      content: '{"type":"object"}',
    };
    expect(diffCatalogs(before, catalog(details('a', { schema }))).changed).toEqual(['a']);
    const aliased = details('a');
    aliased.machine.invokeArn = `${arn('a')}:prod`;
    expect(diffCatalogs(before, catalog(aliased)).changed).toEqual(['a']);
    const noisy = { ...catalog(details('a')), warnings: ['w'] };
    expect(hasChanges(diffCatalogs(before, noisy))).toBe(false);
  });
});

describe('annotationsFromTags', () => {
  it('sets the title and hints from mcp: tags, case-insensitively', () => {
    expect(
      annotationsFromTags('orders', [
        { key: 'mcp:title', value: ' Order lookup ' },
        { key: 'mcp:readOnly', value: 'TRUE' },
        { key: 'mcp:destructive', value: 'false' },
        { key: 'MCP:Idempotent', value: 'true' },
        { key: 'mcp:openWorld', value: 'false' },
        { key: 'team', value: 'blue' },
      ]),
    ).toEqual({
      annotations: {
        title: 'Order lookup',
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
      warnings: [],
    });
  });

  it('keeps the cautious defaults and warns about values and keys it does not know', () => {
    const { annotations, warnings } = annotationsFromTags('orders', [
      { key: 'mcp:readOnly', value: 'yes' },
      { key: 'mcp:title', value: '  ' },
      { key: 'mcp:readonlyy', value: 'true' },
    ]);
    expect(annotations).toEqual({ title: 'orders' });
    expect(warnings).toEqual([
      'state machine orders: tag mcp:title is blank; the title stays "orders"',
      'state machine orders: tag mcp:readOnly has the value "yes"; use true or false (ignored)',
      'state machine orders: tag mcp:readonlyy is not an annotation tag (mcp:title, mcp:readOnly, mcp:destructive, mcp:idempotent, mcp:openWorld); ignored',
    ]);
    expect(annotationsFromTags('x', undefined)).toEqual({ annotations: { title: 'x' }, warnings: [] });
  });
});

describe('qualifierLine', () => {
  it('says which version or alias a tool runs, as its own block after the description', () => {
    expect(qualifierLine('orders', { kind: 'version', version: '3' })).toBe('Version: 3 of orders');
    expect(
      qualifierLine('orders', { kind: 'alias', alias: 'prod', routes: [{ version: '3', weight: 100 }] }),
    ).toBe('Alias: prod of orders (routes to version 3)');
    expect(
      qualifierLine('orders', {
        kind: 'alias',
        alias: 'canary',
        routes: [
          { version: '4', weight: 10 },
          { version: '3', weight: 90 },
        ],
      }),
    ).toBe('Alias: canary of orders (routes to version 3 at 90% and version 4 at 10%)');
    expect(
      buildDescription({
        machineName: 'orders',
        qualifier: 'Version: 3 of orders',
        comment: 'Hi',
        schemaDocument: '{}',
      }),
    ).toBe(
      'AWS Step Functions state machine: orders\n\nVersion: 3 of orders\n\nWorkflow Description: Hi\n\nInput Schema:\n{}',
    );
  });
});
