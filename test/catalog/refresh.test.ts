/** What a refresh tells clients about: the diff between two catalogues (pure). */
import { describe, expect, it } from 'vitest';
import { assembleCatalog, type MachineDetails } from '../../src/catalog/assemble.js';
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
