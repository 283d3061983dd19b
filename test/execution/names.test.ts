import { describe, expect, it } from 'vitest';
import { executionArnFor, isServerExecutionName, newExecutionName } from '../../src/execution/names.js';

describe('execution names', () => {
  it('are unique and within AWS name rules', () => {
    const a = newExecutionName();
    expect(a).toMatch(/^mcp-[0-9a-f-]{36}$/);
    expect(a.length).toBeLessThanOrEqual(80);
    expect(newExecutionName()).not.toBe(a);
  });

  it('give the execution ARN of a machine, a version or an alias', () => {
    const m = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Orders';
    expect(executionArnFor(m, 'mcp-1')).toBe('arn:aws:states:eu-west-1:123456789012:execution:Orders:mcp-1');
    expect(executionArnFor(`${m}:3`, 'x')).toBe('arn:aws:states:eu-west-1:123456789012:execution:Orders:x');
    expect(executionArnFor(`${m}:prod`, 'x')).toBe(
      'arn:aws:states:eu-west-1:123456789012:execution:Orders:x',
    );
    expect(executionArnFor('arn:aws:lambda:eu-west-1:1:function:f', 'x')).toBeUndefined();
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
