import { describe, expect, it } from 'vitest';
import {
  buildDescription,
  definitionComment,
  eventArgumentsLine,
  qualifierLine,
} from '../../src/catalog/description.js';

describe('definitionComment', () => {
  it('reads a top-level string Comment', () => {
    expect(
      definitionComment(JSON.stringify({ Comment: 'Looks up a customer', StartAt: 'A', States: {} })),
    ).toBe('Looks up a customer');
  });

  it.each([
    ['no definition', undefined],
    ['not JSON', 'StartAt: A'],
    ['an array', '[1]'],
    ['no Comment', '{"StartAt":"A"}'],
    ['a non-string Comment', '{"Comment":{"a":1}}'],
    ['a blank Comment', '{"Comment":"  "}'],
    ['a nested Comment only', '{"States":{"A":{"Comment":"inner"}}}'],
  ])('finds none in %s', (_label, definition) => {
    expect(definitionComment(definition)).toBeUndefined();
  });
});

describe('buildDescription', () => {
  it('uses the machine description alone', () => {
    expect(buildDescription({ machineName: 'Orders', description: 'Creates an order.' })).toBe(
      'Creates an order.',
    );
  });

  it('falls back to a generic line without a description', () => {
    expect(buildDescription({ machineName: 'Orders' })).toBe('AWS Step Functions state machine: Orders');
    expect(buildDescription({ machineName: 'Orders', description: '  ' })).toBe(
      'AWS Step Functions state machine: Orders',
    );
  });

  it('adds the workflow Comment after a blank line', () => {
    expect(
      buildDescription({ machineName: 'Orders', description: 'Creates an order.', comment: 'Two steps' }),
    ).toBe('Creates an order.\n\nWorkflow Description: Two steps');
  });

  it('adds the schema document last, trimmed', () => {
    const schemaDocument = '\n{\n  "type": "object"\n}\n\n';
    expect(
      buildDescription({
        machineName: 'Orders',
        description: 'Creates an order.\n',
        comment: 'Two steps',
        schemaDocument,
      }),
    ).toBe('Creates an order.\n\nWorkflow Description: Two steps\n\nInput Schema:\n{\n  "type": "object"\n}');
  });

  it('joins the fallback and the schema without a Comment', () => {
    expect(buildDescription({ machineName: 'm', schemaDocument: '{}' })).toBe(
      'AWS Step Functions state machine: m\n\nInput Schema:\n{}',
    );
  });
});

describe('event tools and unusable schemas', () => {
  it('puts what the arguments are before the schema document', () => {
    const args = eventArgumentsLine({
      source: 'aws.ec2',
      detailType: 'EC2 Instance State-change Notification',
    });
    expect(args).toBe(
      'Arguments: the detail of the EventBridge event "EC2 Instance State-change Notification" from aws.ec2. ' +
        'The server starts the execution with the whole event around them (version, id, detail-type, source, ' +
        'account, time, region, resources and detail), as an EventBridge rule delivers it.',
    );
    expect(buildDescription({ machineName: 'm', arguments: args, schemaDocument: '{}' })).toBe(
      `AWS Step Functions state machine: m\n\n${args}\n\nInput Schema:\n{}`,
    );
  });

  it('names the envelope argument when the tool has one, and the schema when the document names no event', () => {
    expect(eventArgumentsLine({ envelopeArgument: '_envelope' })).toBe(
      "Arguments: the detail of the EventBridge event the machine's registry schema describes. The server starts the " +
        'execution with the whole event around them (version, id, detail-type, source, account, time, region, ' +
        'resources and detail), as an EventBridge rule delivers it. The optional "_envelope" argument sets any ' +
        'of those fields.',
    );
  });

  it('never shows a document it could not use under "Input Schema:"', () => {
    expect(
      buildDescription({ machineName: 'm', schemaDocument: '{"openapi":"3.0.0"}', schemaUnusable: 'why' }),
    ).toBe(
      'AWS Step Functions state machine: m\n\nInput not checked: the server could not use the input schema ' +
        'below (why), so it accepts any JSON object as the input.\n{"openapi":"3.0.0"}',
    );
  });
});

describe('qualifierLine', () => {
  it('says which version or alias a tool runs, as its own block after the description', () => {
    expect(qualifierLine('orders', { kind: 'version', version: '3' })).toBe('Version: 3 of orders');
    expect(
      qualifierLine('orders', { kind: 'alias', alias: 'prod', routes: [{ version: '3', weight: 100 }] }),
    ).toBe('Alias: prod of orders (routes to version 3)');
    expect(
      qualifierLine('orders', {
        kind: 'alias',
        alias: 'canary',
        routes: [
          { version: '4', weight: 10 },
          { version: '3', weight: 90 },
        ],
      }),
    ).toBe('Alias: canary of orders (routes to version 3 at 90% and version 4 at 10%)');
    expect(
      buildDescription({
        machineName: 'orders',
        qualifier: 'Version: 3 of orders',
        comment: 'Hi',
        schemaDocument: '{}',
      }),
    ).toBe(
      'AWS Step Functions state machine: orders\n\nVersion: 3 of orders\n\nWorkflow Description: Hi\n\nInput Schema:\n{}',
    );
  });
});
