/** Tool annotations from `mcp:*` machine tags (pure). */
import { describe, expect, it } from 'vitest';
import { annotationsFromTags } from '../../src/catalog/annotations.js';

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
      'state machine orders: tag mcp:readonlyy is not a tag this server reads (mcp:title, mcp:readOnly, mcp:destructive, mcp:idempotent, mcp:openWorld, mcp:confirm); ignored',
    ]);
    expect(annotationsFromTags('x', undefined)).toEqual({ annotations: { title: 'x' }, warnings: [] });
  });
});
