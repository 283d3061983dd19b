import { describe, expect, it } from 'vitest';
import { aliasTarget } from '../../src/catalog/describe.js';

const arn = (name: string, qualifier?: string): string =>
  `arn:aws:states:us-east-1:123456789012:stateMachine:${name}${qualifier ? `:${qualifier}` : ''}`;

describe('aliasTarget', () => {
  it('describes the version most executions go to, and lists the routes', () => {
    const target = aliasTarget(arn('Orders'), 'prod', [
      { stateMachineVersionArn: arn('Orders', '3'), weight: 10 },
      { stateMachineVersionArn: arn('Orders', '4'), weight: 90 },
    ]);
    expect(target).toEqual({
      arn: arn('Orders', '4'),
      qualifier: {
        kind: 'alias',
        alias: 'prod',
        routes: [
          { version: '3', weight: 10 },
          { version: '4', weight: 90 },
        ],
      },
    });
  });

  it('falls back to the machine itself when the alias routes nowhere', () => {
    expect(aliasTarget(arn('Orders'), 'prod', [])).toEqual({
      arn: arn('Orders'),
      qualifier: { kind: 'alias', alias: 'prod', routes: [] },
    });
  });
});
