import { describe, expect, it } from 'vitest';
import { isServerExecutionName, newExecutionName } from '../../src/execution/names.js';

describe('execution names', () => {
  it('are unique and within AWS name rules', () => {
    const a = newExecutionName();
    expect(a).toMatch(/^mcp-[0-9a-f-]{36}$/);
    expect(a.length).toBeLessThanOrEqual(80);
    expect(newExecutionName()).not.toBe(a);
  });

  it('tell the names this server gives from any other', () => {
    expect(isServerExecutionName(newExecutionName())).toBe(true);
    expect(isServerExecutionName('mcp-0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9')).toBe(true);
    for (const other of [
      'mcp-1',
      'nightly-run',
      '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', // a name AWS generates
      'mcp-0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9',
      'mcp-0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9-x',
      'xmcp-0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
    ])
      expect(isServerExecutionName(other), other).toBe(false);
  });
});
