import { describe, expect, it } from 'vitest';
import { successResult, stillRunningResult, failureResult } from '../../src/execution/results.js';
import { typedResult } from '../../src/execution/typed-output.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:orders:mcp-1';
const totals = {
  name: 'orders',
  outputSchema: {
    type: 'object',
    properties: { total: { type: 'number' }, currency: { type: 'string', enum: ['EUR', 'USD'] } },
    required: ['total'],
  },
};
const success = (output: unknown) =>
  successResult({ executionArn: ARN, status: 'SUCCEEDED', output: JSON.stringify(output) });

describe('typedResult', () => {
  it('passes results through when the tool has no output schema', () => {
    const result = success([1, 2]);
    expect(typedResult({ name: 'x' }, result, { declared: true })).toBe(result);
  });

  it('gives a conforming output as structuredContent', () => {
    const typed = typedResult(totals, success({ total: 12, currency: 'EUR' }), { declared: true });
    expect(typed.isError).toBeUndefined();
    expect(typed.structuredContent).toEqual({ total: 12, currency: 'EUR' });
  });

  it('wraps the output under result when the schema is wrapped', () => {
    const tool = {
      name: 'count',
      wrapsOutput: true,
      outputSchema: { type: 'object', properties: { result: { type: 'integer' } }, required: ['result'] },
    };
    expect(typedResult(tool, success(3), { declared: true }).structuredContent).toEqual({ result: 3 });
    const bad = typedResult(tool, success('three'), { declared: true });
    expect(bad.isError).toBe(true);
    expect(bad.content[0]!.text).toContain('checked as { "result": <output> }');
    expect(bad.content[0]!.text).toContain('- /result: must be integer');
  });

  it('makes a non-conforming output an error naming each violation, with the output', () => {
    const typed = typedResult(totals, success({ total: 'twelve', currency: 'GBP' }), { declared: true });
    expect(typed.isError).toBe(true);
    expect(typed.structuredContent).toBeUndefined();
    expect(typed.content[0]!.text).toBe(
      'Execution SUCCEEDED, but its output does not match the output schema of tool "orders":\n' +
        '- /total: must be number\n' +
        '- /currency: must be one of ["EUR","USD"]\n' +
        'The workflow or its output schema in the schema registry needs fixing; calling again will not help. ' +
        'The output was:\n{"total":"twelve","currency":"GBP"}',
    );
    expect(typed._meta).toEqual({ executionArn: ARN, status: 'SUCCEEDED', outputSchemaViolation: true });
  });

  it("makes a still-running answer an error for the tool's own call only; leaves failures alone", () => {
    const running = stillRunningResult(ARN, 'RUNNING', 45_000);
    expect(typedResult(totals, running, { declared: true })).toEqual({ ...running, isError: true });
    expect(typedResult(totals, running, { declared: false })).toBe(running);
    const failed = failureResult({ executionArn: ARN, status: 'FAILED', error: 'E' });
    expect(typedResult(totals, failed, { declared: true })).toBe(failed);
  });
});
