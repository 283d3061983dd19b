/**
 * discoverCatalog through the real AWS SDK clients against the local engine:
 * pagination, the selection rules, schemas from the registry, an unreadable
 * machine, throttling absorbed by retries and bounded concurrency.
 */
import { CreateStateMachineAliasCommand, PublishStateMachineVersionCommand } from '@aws-sdk/client-sfn';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { destroyAwsClients } from '../../src/aws/clients.js';
import { discoverCatalog } from '../../src/catalog/discover.js';
import type { SelectionConfig } from '../../src/catalog/types.js';
import { silentLogger } from '../../src/log.js';
import { engineClients } from '../helpers/engine.js';
import { selectionOf as selection, useCatalogEngine, type MachineOptions } from './engine-fixture.js';

const DEFINITION = JSON.stringify({
  Comment: 'Says hello',
  StartAt: 'Done',
  States: { Done: { Type: 'Pass', End: true } },
});
const SCHEMA_TAG = 'input-schema';
const FILLER = 1005; // more than one page of ListStateMachines at maxResults 1000

const fx = useCatalogEngine(createMachines, 120_000);
const arnOf = (name: string): string => fx.arnOf(name);
const discover = (sel: SelectionConfig, concurrency?: number) =>
  discoverCatalog(fx.clients, sel, { log: silentLogger(), ...(concurrency ? { concurrency } : {}) });
const createMachine = (name: string, opts: MachineOptions = {}): Promise<string> =>
  fx.createMachine(name, { ...opts, definition: DEFINITION });

/** Five machines the tests select among, and enough others for a second page of ListStateMachines. */
async function createMachines(): Promise<void> {
  const orderSchemaArn = await fx.createSchema('app', 'OrderInput', 'JSONSchemaDraft4', {
    $schema: 'http://json-schema.org/draft-04/schema#',
    type: 'object',
    required: ['orderId'],
  });
  const listSchemaArn = await fx.createSchema('app', 'IdList', 'OpenApi3', {
    openapi: '3.0.0',
    info: { title: 'IdList', version: '1' },
    paths: {},
    components: {
      schemas: {
        IdList: { type: 'array', items: { $ref: '#/components/schemas/Id' } },
        Id: { type: 'string' },
      },
    },
  });
  const limit = pLimit(32);
  await Promise.all([
    createMachine('app-orders', {
      description: 'Creates an order.',
      tags: { team: 'blue', [SCHEMA_TAG]: orderSchemaArn },
    }),
    createMachine('app-ids', {
      type: 'EXPRESS',
      tags: { team: 'red', [SCHEMA_TAG]: listSchemaArn },
    }),
    createMachine('app-missing-schema', {
      tags: {
        team: 'blue',
        [SCHEMA_TAG]: `arn:aws:schemas:${fx.engine.region}:${fx.engine.accountId}:schema/app/Nope`,
      },
    }),
    createMachine('billing.v2', { tags: { team: 'blue' } }),
    createMachine('2fa-check'),
    ...Array.from({ length: FILLER }, (_, i) =>
      limit(() => createMachine(`zz-filler-${String(i).padStart(4, '0')}`)),
    ),
  ]);
}

describe('discoverCatalog against the local engine', () => {
  it('lists every page and serves every machine when nothing is set', async () => {
    const catalog = await discover(selection());
    expect(catalog.tools).toHaveLength(FILLER + 5);
    expect(catalog.excluded).toEqual([]);
    expect(catalog.warnings).toEqual([]);
    expect(fx.engine.calls.counts()).toMatchObject({
      ListStateMachines: 2,
      DescribeStateMachine: FILLER + 5,
    });
    // No tag filter and no schema tag: tags are never read.
    expect(fx.engine.calls.counts().ListTagsForResource ?? 0).toBe(0);
    const names = catalog.tools.map((t) => t.name);
    expect(names).toEqual([...names].sort());
    expect(names.slice(0, 5)).toEqual([
      '_2fa_check',
      'app_ids',
      'app_missing_schema',
      'app_orders',
      'billing_v2',
    ]);
  });

  it('selects by prefix and builds the tool exactly', async () => {
    const catalog = await discover(selection({ prefix: 'app-' }));
    expect(catalog.tools.map((t) => t.name)).toEqual(['ids', 'missing_schema', 'orders']);
    expect(catalog.excluded).toHaveLength(FILLER + 2);
    expect(catalog.excluded.every((e) => e.reason === 'prefix')).toBe(true);
    expect(catalog.tools.find((t) => t.name === 'orders')).toEqual({
      name: 'orders',
      description: 'Creates an order.\n\nWorkflow Description: Says hello',
      inputSchema: { type: 'object', additionalProperties: true },
      wrapsInput: false,
      hasSchema: false,
      annotations: { title: 'app-orders' },
      machine: {
        arn: arnOf('app-orders'),
        name: 'app-orders',
        type: 'STANDARD',
        invokeArn: arnOf('app-orders'),
      },
    });
  });

  it('selects by list of names and ARNs, alias ARNs included', async () => {
    const alias = `${arnOf('billing.v2')}:live`;
    const published = await fx.clients.sfn.send(
      new PublishStateMachineVersionCommand({ stateMachineArn: arnOf('billing.v2') }),
    );
    await fx.clients.sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn: published.stateMachineVersionArn!, weight: 100 }],
      }),
    );
    const catalog = await discover(selection({ list: ['2fa-check', alias, arnOf('app-ids'), 'nope'] }));
    expect(catalog.tools.map((t) => [t.name, t.machine.invokeArn])).toEqual([
      ['_2fa_check', arnOf('2fa-check')],
      ['app_ids', arnOf('app-ids')],
      ['billing_v2', alias],
    ]);
    expect(catalog.warnings).toEqual([
      'STATE_MACHINE_LIST entry "nope" matches no state machine in this account and region',
    ]);
  });

  it('selects by prefix OR list', async () => {
    const catalog = await discover(selection({ prefix: 'app-', list: ['billing.v2'] }));
    expect(catalog.tools.map((t) => t.name)).toEqual(['billing_v2', 'ids', 'missing_schema', 'orders']);
  });

  it.each([
    ['in bulk: one GetResources call', true],
    ['per machine: only for the machines that passed the name check', false],
  ])('filters by tag after the name check, reading tags %s', async (_how, bulk) => {
    const catalog = await discoverCatalog(
      fx.clients,
      selection({ prefix: 'app-', tagKey: 'team', tagValue: 'blue' }),
      { log: silentLogger(), tagsInBulk: bulk },
    );
    expect(catalog.tools.map((t) => t.name)).toEqual(['missing_schema', 'orders']);
    expect(catalog.excluded.filter((e) => e.reason === 'tag')).toEqual([
      {
        name: 'app-ids',
        arn: arnOf('app-ids'),
        reason: 'tag',
        detail: 'no tag team=blue (its value is "red")',
      },
    ]);
    expect(catalog.excluded.filter((e) => e.reason === 'prefix')).toHaveLength(FILLER + 2);
    const arnsCalled = (operation: string) =>
      fx.engine.calls
        .entries()
        .filter((c) => c.operation === operation)
        .map((c) => c.arn)
        .sort();
    // A description only for the two machines that passed the tag check.
    expect(arnsCalled('DescribeStateMachine')).toEqual([arnOf('app-missing-schema'), arnOf('app-orders')]);
    if (bulk) {
      expect(fx.engine.calls.counts().GetResources).toBe(1);
      expect(arnsCalled('ListTagsForResource')).toEqual([]);
    } else {
      expect(arnsCalled('ListTagsForResource')).toEqual([
        arnOf('app-ids'),
        arnOf('app-missing-schema'),
        arnOf('app-orders'),
      ]);
    }
  });

  it.each([
    [{ tagKey: 'team' }, 'STATE_MACHINE_TAG_VALUE'],
    [{ tagValue: 'blue' }, 'STATE_MACHINE_TAG_KEY'],
  ])('selects nothing when only one tag variable is set (%o)', async (over, missing) => {
    const catalog = await discover(selection({ prefix: 'app-', ...over }));
    expect(catalog.tools).toEqual([]);
    expect(catalog.warnings).toHaveLength(1);
    expect(catalog.warnings[0]).toContain(`${missing} is not`);
    expect(catalog.excluded.filter((e) => e.reason === 'tag-filter-incomplete')).toHaveLength(3);
    expect(Object.keys(fx.engine.calls.counts())).toEqual(['ListStateMachines']);
  });

  it('writes the schema document into the description when schemaInDescription asks for it', async () => {
    const catalog = await discoverCatalog(
      fx.clients,
      selection({ prefix: 'app-', schemaArnTagKey: SCHEMA_TAG }),
      { log: silentLogger(), schemaInDescription: true },
    );
    const orders = catalog.tools.find((t) => t.name === 'orders');
    expect(orders!.description).toBe(
      'Creates an order.\n\nWorkflow Description: Says hello\n\nInput Schema:\n' +
        '{"$schema":"http://json-schema.org/draft-04/schema#","type":"object","required":["orderId"]}',
    );
    expect(orders!.inputSchema).toEqual({ type: 'object', required: ['orderId'] });
  });

  it('reads input schemas from the registry', async () => {
    const catalog = await discover(selection({ prefix: 'app-', schemaArnTagKey: SCHEMA_TAG }));
    const byName = Object.fromEntries(catalog.tools.map((t) => [t.name, t]));
    expect(byName.orders!.inputSchema).toEqual({ type: 'object', required: ['orderId'] });
    expect(byName.orders!.hasSchema).toBe(true);
    // Lean by default: the schema is the inputSchema, not written out again in the description.
    expect(byName.orders!.description).toBe('Creates an order.\n\nWorkflow Description: Says hello');
    expect(byName.ids!.wrapsInput).toBe(true);
    expect(byName.ids!.machine.type).toBe('EXPRESS');
    expect(byName.ids!.inputSchema).toEqual({
      type: 'object',
      properties: { input: { type: 'array', items: { type: 'string' } } },
      required: ['input'],
    });
    expect(byName.missing_schema!.hasSchema).toBe(false);
    expect(catalog.warnings).toHaveLength(1);
    expect(catalog.warnings[0]).toMatch(
      /^state machine app-missing-schema: the input schema arn:aws:schemas:.*schema\/app\/Nope cannot be read \(NotFoundException: .*\); the tool is served without an input schema$/,
    );
  });

  it('leaves out an unreadable machine with a warning naming it, and loads the others', async () => {
    const broken = arnOf('app-ids');
    // Stands in for an IAM policy that denies this one machine: the engine answers the denial.
    fx.engine.faults.set({
      failures: [
        {
          operation: 'DescribeStateMachine',
          arn: broken,
          errorType: 'AccessDeniedException',
          message: `User is not authorized to perform: states:DescribeStateMachine on resource: ${broken}`,
        },
      ],
    });
    const catalog = await discover(selection({ prefix: 'app-' }));
    expect(catalog.tools.map((t) => t.name)).toEqual(['missing_schema', 'orders']);
    const detail = `its description cannot be read: AccessDeniedException: User is not authorized to perform: states:DescribeStateMachine on resource: ${broken}`;
    expect(catalog.excluded.filter((e) => e.reason === 'unreadable')).toEqual([
      { name: 'app-ids', arn: broken, reason: 'unreadable', detail },
    ]);
    expect(catalog.warnings).toEqual([`state machine app-ids is left out: ${detail}`]);
  });

  it('absorbs throttling through the SDK retries', async () => {
    fx.engine.faults.set({
      throttleRate: 0.2,
      throttleOperations: ['DescribeStateMachine', 'ListTagsForResource'],
    });
    const catalog = await discover(selection({ prefix: 'app-', tagKey: 'team', tagValue: 'blue' }));
    expect(catalog.tools.map((t) => t.name)).toEqual(['missing_schema', 'orders']);
    expect(catalog.excluded.some((e) => e.reason === 'unreadable')).toBe(false);
  });

  it('makes the per-machine calls concurrently, within the configured bound', async () => {
    // Measured, not timed: the most AWS calls in flight at once, counted around every send.
    const counted = engineClients(fx.engine);
    let inFlight = 0;
    let maxInFlight = 0;
    counted.sfn.middlewareStack.add(
      (next) => async (args) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await next(args);
        } finally {
          inFlight--;
        }
      },
      { step: 'initialize', name: 'countInFlight' },
    );
    fx.engine.faults.set({ latencyMs: 20 });
    try {
      const catalog = await discoverCatalog(counted, selection({ prefix: 'zz-filler-00' }), {
        log: silentLogger(),
        concurrency: 8,
      });
      expect(catalog.tools).toHaveLength(100);
      // The bound is reached and never exceeded: every call waits 20 ms at the engine, so the
      // first eight are all in flight before any answer comes back.
      expect(maxInFlight).toBe(8);
    } finally {
      destroyAwsClients(counted);
    }
  });
});
