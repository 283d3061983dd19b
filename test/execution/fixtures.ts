import type { MachineTool } from '../../src/catalog/types.js';

export const MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';

export function toolWith(
  inputSchema: Record<string, unknown>,
  extra: Partial<MachineTool> = {},
): MachineTool {
  return {
    name: 'Orders',
    description: 'test',
    inputSchema,
    wrapsInput: false,
    hasSchema: true,
    annotations: { title: 'Orders' },
    machine: { arn: MACHINE_ARN, name: 'Orders', type: 'STANDARD', invokeArn: MACHINE_ARN },
    ...extra,
  };
}
