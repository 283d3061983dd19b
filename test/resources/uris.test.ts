import { describe, expect, it } from 'vitest';
import { executionUri, machineUri, parseResourceUri } from '../../src/resources/uris.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:orders:mcp-1';

describe('resource URIs', () => {
  it('name a machine by its tool name and an execution by its ARN, percent-encoded', () => {
    expect(machineUri('orders')).toBe('stepfunctions://machines/orders');
    expect(executionUri(ARN)).toBe(
      'stepfunctions://executions/arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3Aexecution%3Aorders%3Amcp-1',
    );
    expect(parseResourceUri(machineUri('orders'))).toEqual({ kind: 'machine', toolName: 'orders' });
    expect(parseResourceUri(executionUri(ARN))).toEqual({ kind: 'execution', executionArn: ARN });
  });

  it('take an execution ARN written as it is, and refuse anything else saying what is served', () => {
    expect(parseResourceUri(`stepfunctions://executions/${ARN}`)).toEqual({
      kind: 'execution',
      executionArn: ARN,
    });
    expect(parseResourceUri('stepfunctions://machines/')).toMatchObject({
      kind: 'other',
      why: /tool name is missing/,
    });
    expect(parseResourceUri('stepfunctions://executions/%E0%A4%A')).toMatchObject({ kind: 'other' });
    expect(parseResourceUri('file:///etc/passwd')).toMatchObject({
      kind: 'other',
      why: expect.stringContaining('stepfunctions://machines/<tool>'),
    });
  });
});
