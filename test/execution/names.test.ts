import { describe, expect, it } from 'vitest';
import { executionArnFor, newExecutionName } from '../../src/execution/names.js';

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
});
