/** The mcp:confirm tag (pure). */
import { describe, expect, it } from 'vitest';
import { confirmFromTags } from '../../src/catalog/confirm-tag.js';

describe('confirmFromTags', () => {
  it('true (any case, trimmed) asks for confirmation; false and no tag do not', () => {
    expect(confirmFromTags('refunds', [{ key: 'MCP:Confirm', value: ' TRUE ' }])).toEqual({
      confirm: true,
      warnings: [],
    });
    expect(confirmFromTags('refunds', [{ key: 'mcp:confirm', value: 'false' }])).toEqual({
      confirm: false,
      warnings: [],
    });
    expect(confirmFromTags('refunds', [{ key: 'team', value: 'a' }])).toEqual({
      confirm: false,
      warnings: [],
    });
    expect(confirmFromTags('refunds', undefined)).toEqual({ confirm: false, warnings: [] });
  });

  it('warns about any other value, naming the machine and what happens', () => {
    expect(confirmFromTags('refunds', [{ key: 'mcp:confirm', value: 'yes' }])).toEqual({
      confirm: false,
      warnings: [
        'state machine refunds: tag mcp:confirm has the value "yes"; use true or false (ignored: it starts without confirmation)',
      ],
    });
  });
});
