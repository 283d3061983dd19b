import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { DescribeSchemaCommand } from '@aws-sdk/client-schemas';
import { machineFolder, useEngine } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';
import { itemReaderMachine } from './asl/item-reader-map.js';

const ORDER_SCHEMA = {
  openapi: '3.0.0',
  info: { title: 'Order', version: '1.0.0' },
  paths: {},
  components: {
    schemas: {
      Order: {
        type: 'object',
        required: ['orderId'],
        properties: { orderId: { type: 'string' }, sku: { type: 'string' } },
      },
    },
  },
};

const LOOKUP_SCHEMA = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  properties: { customerId: { type: 'string' } },
};

const LOOKUP_OUTPUT_SCHEMA = {
  type: 'object',
  properties: { customerId: { type: 'string' }, name: { type: 'string' } },
  required: ['customerId', 'name'],
};

const FOLDER = {
  Orders: {
    'definition.asl.json': {
      Comment: 'Charges, then ships; a payment glitch is retried, an out-of-stock item is compensated',
      StartAt: 'Charge',
      States: {
        Charge: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          ResultPath: '$.payment',
          Retry: [{ ErrorEquals: ['Payment.Glitch'], IntervalSeconds: 2, MaxAttempts: 3 }],
          Next: 'Ship',
        },
        Ship: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:ship',
          ResultPath: '$.shipment',
          Catch: [{ ErrorEquals: ['Stock.Out'], ResultPath: '$.failure', Next: 'Refund' }],
          End: true,
        },
        Refund: {
          Type: 'Pass',
          Parameters: { 'orderId.$': '$.orderId', refunded: true, 'reason.$': '$.failure.Cause' },
          End: true,
        },
      },
    },
    'machine.json': {
      type: 'STANDARD',
      description: 'Places an order: charges the card and ships the goods.',
      tags: { team: 'orders' },
    },
    'input-schema.json': ORDER_SCHEMA,
    'handlers.mjs': `
      const attempts = new Map();
      export default {
        Charge: async (input, context) => {
          const n = (attempts.get(context.executionArn) ?? 0) + 1;
          attempts.set(context.executionArn, n);
          if (n < 3) { const e = new Error('card network timeout'); e.name = 'Payment.Glitch'; throw e; }
          return { charged: true, attempts: n };
        },
        'arn:aws:lambda:us-east-1:123456789012:function:ship': async (input) => {
          if (input.sku === 'none') throw Object.assign(new Error('sku none is out of stock'), { error: 'Stock.Out' });
          return { carrier: 'local-post' };
        },
      };
    `,
  },
  Lookup: {
    'definition.asl.json': {
      StartAt: 'Find',
      States: { Find: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
    },
    'machine.json': { type: 'EXPRESS' },
    'input-schema.json': LOOKUP_SCHEMA,
    'output-schema.json': LOOKUP_OUTPUT_SCHEMA,
    'handlers.mjs': `export default { Find: (input) => ({ customerId: input.customerId, name: 'Ada' }) };`,
  },
  FanOut: {
    'definition.asl.json': {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Each',
              States: {
                Each: {
                  Type: 'Map',
                  ItemsPath: '$.items',
                  ItemProcessor: {
                    StartAt: 'Double',
                    States: {
                      Double: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true },
                    },
                  },
                  End: true,
                },
              },
            },
            {
              StartAt: 'Nap',
              States: {
                Nap: { Type: 'Wait', Seconds: 30, Next: 'Count' },
                Count: { Type: 'Pass', Parameters: { 'n.$': 'States.ArrayLength($.items)' }, End: true },
              },
            },
          ],
          End: true,
        },
      },
    },
    'handlers.mjs': `export default { Double: (x) => x * 2 };`,
  },
  NoHandler: {
    'definition.asl.json': {
      StartAt: 'Mystery',
      States: {
        Mystery: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish',
          Retry: [{ ErrorEquals: ['States.ALL'] }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Hidden' }],
          End: true,
        },
        Hidden: { Type: 'Succeed' },
      },
    },
  },
  BadDefinition: {
    'definition.asl.json': { StartAt: 'Nowhere', States: { Here: { Type: 'Pass', End: true } } },
  },
  BadJson: { 'definition.asl.json': '{ "StartAt": "A", ' },
  // input-output-itemreader.html: ReaderConfig InputType is one of CSV, JSON, JSONL, PARQUET, MANIFEST.
  BadInputType: { 'definition.asl.json': itemReaderMachine('JSONPath', { InputType: 'XML' }) },
  BadMeta: {
    'definition.asl.json': { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
    'machine.json': { type: 'SOMETIMES' },
  },
  BadHandlers: {
    'definition.asl.json': { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
    'handlers.mjs': `throw new Error('boom at import');`,
  },
  NoDefinition: { 'machine.json': { type: 'EXPRESS' } },
  Jsonata: {
    'definition.asl.json': {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: { A: { Type: 'Pass', Output: '{% $states.input.missing + %}', End: true } },
    },
  },
  'Bad Name': { 'definition.asl.json': { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } } },
};

describe('folder loader, local handlers, Retry and Catch', () => {
  let folder: { dir: string; cleanup: () => Promise<void> };
  const arn = (name: string): string => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;

  beforeAll(async () => {
    folder = await machineFolder(FOLDER);
  });
  // After hooks run in reverse: the folder goes once the engine has closed.
  afterAll(() => folder.cleanup());
  const local = useEngine(() => ({ dir: folder.dir, schemaTagKey: 'schema-arn' }));
  beforeAll(() => {
    // Retry intervals and waits shrink a thousandfold, so the test runs in milliseconds.
    local.engine.faults.set({ waitScale: 0.001 });
  });

  async function finished(executionArn: string): Promise<DescribeExecutionCommandOutput> {
    return waitFor(async () => {
      const d = await local.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'RUNNING' ? undefined : d;
    }, executionArn);
  }

  it('loads the good machines and reports each bad one with its file and reason', async () => {
    expect(local.engine.loadReport.loaded).toEqual(['FanOut', 'Lookup', 'NoHandler', 'Orders']);
    const errors = Object.fromEntries(local.engine.loadReport.errors.map((e) => [e.file, e.reason]));
    expect(Object.keys(errors).sort()).toEqual([
      'Bad Name/',
      'BadDefinition/definition.asl.json',
      'BadHandlers/handlers.mjs',
      'BadInputType/definition.asl.json',
      'BadJson/definition.asl.json',
      'BadMeta/machine.json',
      'Jsonata/definition.asl.json',
      'NoDefinition/definition.asl.json',
    ]);
    expect(errors['BadDefinition/definition.asl.json']).toMatch(/Nowhere/);
    expect(errors['BadJson/definition.asl.json']).toMatch(/not valid JSON/);
    expect(errors['BadInputType/definition.asl.json']).toContain(
      "The field 'InputType' of state 'Orders' should have one of these values: [CSV, JSON, JSONL, PARQUET, MANIFEST], got \"XML\"",
    );
    expect(errors['BadMeta/machine.json']).toMatch(/STANDARD.*EXPRESS.*SOMETIMES/);
    expect(errors['BadHandlers/handlers.mjs']).toMatch(/boom at import/);
    expect(errors['NoDefinition/definition.asl.json']).toMatch(/missing/);
    expect(errors['Jsonata/definition.asl.json']).toMatch(/Output/);
    expect(errors['Bad Name/']).toMatch(/whitespace/);

    const listed = await local.sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines!.map((m) => [m.name, m.type])).toEqual([
      ['FanOut', 'STANDARD'],
      ['Lookup', 'EXPRESS'],
      ['NoHandler', 'STANDARD'],
      ['Orders', 'STANDARD'],
    ]);
  });

  it('registers an output schema as <machine>-output and tags it under the output schema tag key', async () => {
    const tags = await local.sfn.send(new ListTagsForResourceCommand({ resourceArn: arn('Lookup') }));
    const outputArn = 'arn:aws:schemas:us-east-1:123456789012:schema/local/Lookup-output';
    expect(tags.tags).toEqual(expect.arrayContaining([{ key: 'OutputSchemaArn', value: outputArn }]));
    const output = await local.schemas.send(
      new DescribeSchemaCommand({ RegistryName: 'local', SchemaName: 'Lookup-output' }),
    );
    expect(output).toMatchObject({ SchemaArn: outputArn, Type: 'JSONSchemaDraft4' });
    expect(JSON.parse(output.Content!)).toEqual(LOOKUP_OUTPUT_SCHEMA);
  });

  it('registers each input schema in the "local" registry and tags its ARN onto the machine', async () => {
    const described = await local.sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: arn('Orders') }),
    );
    expect(described.description).toBe('Places an order: charges the card and ships the goods.');
    expect(JSON.parse(described.definition!).Comment).toMatch(/Charges, then ships/);
    const tags = await local.sfn.send(new ListTagsForResourceCommand({ resourceArn: arn('Orders') }));
    const schemaArn = 'arn:aws:schemas:us-east-1:123456789012:schema/local/Orders';
    expect(tags.tags).toEqual(
      expect.arrayContaining([
        { key: 'team', value: 'orders' },
        { key: 'schema-arn', value: schemaArn },
      ]),
    );

    const orderSchema = await local.schemas.send(
      new DescribeSchemaCommand({ RegistryName: 'local', SchemaName: 'Orders' }),
    );
    expect(orderSchema).toMatchObject({ SchemaArn: schemaArn, Type: 'OpenApi3' });
    expect(JSON.parse(orderSchema.Content!)).toEqual(ORDER_SCHEMA);
    const lookupSchema = await local.schemas.send(
      new DescribeSchemaCommand({ RegistryName: 'local', SchemaName: 'Lookup' }),
    );
    expect(lookupSchema.Type).toBe('JSONSchemaDraft4');
    const untagged = await local.sfn.send(new ListTagsForResourceCommand({ resourceArn: arn('FanOut') }));
    expect(untagged.tags).toEqual([]);
  });

  it('retries a failing handler per the Retry field, then succeeds', async () => {
    const { executionArn } = await local.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: arn('Orders'),
        input: JSON.stringify({ orderId: 'o-1', sku: 'book' }),
      }),
    );
    const done = await finished(executionArn!);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({
      orderId: 'o-1',
      sku: 'book',
      payment: { charged: true, attempts: 3 },
      shipment: { carrier: 'local-post' },
    });
    const history = await local.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = history.events!.map((e) => e.type);
    expect(types.filter((t) => t === 'TaskFailed')).toHaveLength(2);
    // Charge (lambda:invoke) is scheduled three times; Ship names a Lambda function ARN, which AWS records
    // as LambdaFunction* events (LocalStack's AWS-validated test_lambda_task.snapshot.json).
    expect(types.filter((t) => t === 'TaskScheduled')).toHaveLength(3);
    expect(types.filter((t) => t === 'LambdaFunctionScheduled')).toHaveLength(1);
    expect(history.events!.find((e) => e.type === 'TaskFailed')!.taskFailedEventDetails).toMatchObject({
      error: 'Payment.Glitch',
      cause: 'card network timeout',
      resourceType: 'lambda',
      resource: 'invoke',
    });
  });

  it('catches a handler error by its custom error name and routes to the Catch state', async () => {
    const { executionArn } = await local.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: arn('Orders'),
        input: JSON.stringify({ orderId: 'o-2', sku: 'none' }),
      }),
    );
    const done = await finished(executionArn!);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({
      orderId: 'o-2',
      refunded: true,
      reason: 'sku none is out of stock',
    });
  });

  it('runs an Express machine whose handler is keyed by state name', async () => {
    const out = await local.sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: arn('Lookup'), input: '{"customerId":"c-7"}' }),
    );
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output!)).toEqual({ customerId: 'c-7', name: 'Ada' });
  });

  it('runs Parallel with a Map of handler calls and a scaled Wait', async () => {
    const { executionArn } = await local.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn('FanOut'), input: '{"items":[1,2,3]}' }),
    );
    // The 30 s Wait runs at waitScale 0.001: unscaled, the run would outlast finished()'s 5 s polling.
    const done = await finished(executionArn!);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual([[2, 4, 6], { n: 3 }]);
    const history = await local.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    expect(history.events!.filter((e) => e.type === 'MapIterationSucceeded')).toHaveLength(3);
    // The Wait state was entered and left before the branch went on.
    const types = history.events!.map((e) => e.type);
    expect(types).toContain('WaitStateEntered');
    expect(types.indexOf('WaitStateExited')).toBeGreaterThan(types.indexOf('WaitStateEntered'));
  });

  it('fails a Task without a handler with Local.NoTaskHandler naming the state, past Retry and Catch', async () => {
    const { executionArn } = await local.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn('NoHandler') }),
    );
    const done = await finished(executionArn!);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('Local.NoTaskHandler');
    expect(done.cause).toMatch(/'Mystery'/);
  });
});
