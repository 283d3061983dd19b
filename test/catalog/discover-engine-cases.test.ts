/**
 * discoverCatalog through the real AWS SDK clients against the local engine: the cases that
 * discover.test.ts does not cover (unreadable tags, schemas read once per ARN, malformed schema
 * tags, versions and aliases, the machine type, a failed listing). Each test scopes itself with a
 * prefix or a list, so the machines created here do not disturb one another.
 */
import { CreateStateMachineAliasCommand, UpdateStateMachineCommand } from '@aws-sdk/client-sfn';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { discoverCatalog } from '../../src/catalog/discover.js';
import type { SelectionConfig } from '../../src/catalog/types.js';
import { silentLogger } from '../../src/log.js';
import { selectionOf as selection, useCatalogEngine, type MachineOptions } from './engine-fixture.js';

const SCHEMA_TAG = 'schema';
const ORDER_SCHEMA = JSON.stringify({ type: 'object', required: ['id'] });

const fx = useCatalogEngine(createMachines);
const arnOf = (name: string, qualifier?: string): string => fx.arnOf(name, qualifier);
const schemaArnOf = (name: string): string => fx.schemaArnOf('reg', name);
const discover = (sel: SelectionConfig) => discoverCatalog(fx.clients, sel, { log: silentLogger() });
/** The ARNs the engine saw for one operation, in sorted order. */
const arnsCalled = (operation: string): Array<string | undefined> =>
  fx.engine.calls
    .entries()
    .filter((c) => c.operation === operation)
    .map((c) => c.arn)
    .sort();

const definition = (comment?: string): string =>
  JSON.stringify({
    ...(comment ? { Comment: comment } : {}),
    StartAt: 'Done',
    States: { Done: { Type: 'Pass', End: true } },
  });

function createMachine(name: string, opts: MachineOptions & { comment?: string } = {}): Promise<string> {
  const { comment, ...rest } = opts;
  return fx.createMachine(name, { ...rest, definition: definition(comment) });
}

/** Publishes version 1 at create and version 2 after an update, so version 1 is not the latest. */
async function createWithTwoVersions(name: string): Promise<void> {
  await createMachine(name, { publish: true, description: `${name} release 1`, comment: `${name} v1` });
  await fx.clients.sfn.send(
    new UpdateStateMachineCommand({
      stateMachineArn: arnOf(name),
      definition: definition(`${name} v2`),
      publish: true,
      versionDescription: `${name} release 2`,
    }),
  );
}

/** The machines and schemas every test here reads. */
async function createMachines(): Promise<void> {
  expect(await fx.createSchema('reg', 'Order', 'JSONSchemaDraft4', ORDER_SCHEMA)).toBe(schemaArnOf('Order'));

  await Promise.all([
    // Unreadable machines (the faults are set per test).
    createMachine('read-good', { tags: { [SCHEMA_TAG]: schemaArnOf('Order') } }),
    createMachine('read-noTags'),
    createMachine('read-noDescribe'),
    // Schemas: two machines share one, one names a schema that does not exist, one a malformed ARN.
    createMachine('schema-a', { description: 'A.', tags: { [SCHEMA_TAG]: schemaArnOf('Order') } }),
    createMachine('schema-b', { tags: { [SCHEMA_TAG]: schemaArnOf('Order') } }),
    createMachine('schema-c', { tags: { [SCHEMA_TAG]: schemaArnOf('Missing') } }),
    createMachine('schema-d', { tags: { [SCHEMA_TAG]: 'not-an-arn' } }),
    createMachine('schema-e'),
    createMachine('fast', { type: 'EXPRESS' }),
    createWithTwoVersions('Orders'),
    createWithTwoVersions('Billing'),
  ]);
  // The alias routes to version 1 while version 2 is the latest.
  await fx.clients.sfn.send(
    new CreateStateMachineAliasCommand({
      name: 'prod',
      routingConfiguration: [{ stateMachineVersionArn: arnOf('Billing', '1'), weight: 100 }],
    }),
  );
}

describe('discoverCatalog against the local engine: further cases', () => {
  it('leaves out a machine whose tags or description cannot be read, and loads the others', async () => {
    const tagsDenied = 'User is not authorized to perform: states:ListTagsForResource';
    const describeDenied = 'User is not authorized to perform: states:DescribeStateMachine';
    fx.engine.faults.set({
      failures: [
        {
          operation: 'ListTagsForResource',
          arn: arnOf('read-noTags'),
          errorType: 'AccessDeniedException',
          message: tagsDenied,
        },
        {
          operation: 'DescribeStateMachine',
          arn: arnOf('read-noDescribe'),
          errorType: 'AccessDeniedException',
          message: describeDenied,
        },
      ],
    });
    // Tags read per machine (SFN_MCP_TAGS_IN_BULK=false): one ListTagsForResource per candidate.
    const catalog = await discoverCatalog(
      fx.clients,
      selection({ prefix: 'read-', schemaArnTagKey: SCHEMA_TAG }),
      {
        log: silentLogger(),
        tagsInBulk: false,
      },
    );
    expect(catalog.tools.map((t) => [t.name, t.hasSchema])).toEqual([['good', true]]);
    const noDescribe = `its description cannot be read: AccessDeniedException: ${describeDenied}`;
    const noTags = `its tags cannot be read: AccessDeniedException: ${tagsDenied}`;
    expect(catalog.excluded.filter((e) => e.reason !== 'prefix')).toEqual([
      { name: 'read-noDescribe', arn: arnOf('read-noDescribe'), reason: 'unreadable', detail: noDescribe },
      { name: 'read-noTags', arn: arnOf('read-noTags'), reason: 'unreadable', detail: noTags },
    ]);
    expect(catalog.warnings).toEqual([
      `state machine read-noDescribe is left out: ${noDescribe}`,
      `state machine read-noTags is left out: ${noTags}`,
    ]);
    // The denials were answered, not retried: one call each.
    expect(
      fx.engine.calls
        .entries()
        .filter((c) => c.errorType !== undefined)
        .map((c) => [c.operation, c.arn, c.status, c.errorType])
        .sort(),
    ).toEqual([
      ['DescribeStateMachine', arnOf('read-noDescribe'), 400, 'AccessDeniedException'],
      ['ListTagsForResource', arnOf('read-noTags'), 400, 'AccessDeniedException'],
    ]);
  });

  it('names the AWS error before its message in the reason, the warning and the log line', async () => {
    // No message given: the engine answers with one shaped like AWS's own, which never names the
    // error ("User: arn:aws:sts::…:assumed-role/… is not authorized to perform: …").
    fx.engine.faults.set({
      failures: [
        { operation: 'ListTagsForResource', arn: arnOf('read-noTags'), errorType: 'AccessDeniedException' },
        {
          operation: 'DescribeStateMachine',
          arn: arnOf('read-noDescribe'),
          errorType: 'AccessDeniedException',
        },
        { operation: 'DescribeSchema', arn: schemaArnOf('Order'), errorType: 'AccessDeniedException' },
      ],
    });
    const lines: string[] = [];
    const log = pino({ level: 'warn', base: undefined }, { write: (line: string) => void lines.push(line) });
    const catalog = await discoverCatalog(
      fx.clients,
      selection({ prefix: 'read-', schemaArnTagKey: SCHEMA_TAG }),
      { log, tagsInBulk: false },
    );

    const denied = (operation: string, arn: string) =>
      `AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/local/test is not authorized to perform: ${operation} on resource: ${arn} (injected failure)`;
    const noDescribe = `its description cannot be read: ${denied('DescribeStateMachine', arnOf('read-noDescribe'))}`;
    const noTags = `its tags cannot be read: ${denied('ListTagsForResource', arnOf('read-noTags'))}`;
    expect(catalog.excluded.filter((e) => e.reason === 'unreadable').map((e) => [e.name, e.detail])).toEqual([
      ['read-noDescribe', noDescribe],
      ['read-noTags', noTags],
    ]);
    const noSchema = `state machine read-good: the input schema ${schemaArnOf('Order')} cannot be read (${denied('DescribeSchema', schemaArnOf('Order'))}); the tool is served without an input schema`;
    const warnings = [
      `state machine read-noDescribe is left out: ${noDescribe}`,
      `state machine read-noTags is left out: ${noTags}`,
      noSchema,
    ];
    expect([...catalog.warnings].sort()).toEqual([...warnings].sort());
    expect(catalog.tools.map((t) => [t.name, t.hasSchema])).toEqual([['good', false]]);
    // Each warning is one log line at level warn, its message the same text.
    const logged = lines.map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(logged.map((l) => l.msg).sort()).toEqual([...warnings].sort());
    expect(logged.every((l) => l.level === 40)).toBe(true);
  });

  it('fetches each schema once per ARN and serves a tool without schema, with a warning, when it is missing or malformed', async () => {
    const catalog = await discover(selection({ prefix: 'schema-', schemaArnTagKey: SCHEMA_TAG }));
    expect(catalog.tools.map((t) => [t.name, t.hasSchema])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
      ['d', false],
      ['e', false],
    ]);
    const [a, b] = catalog.tools;
    expect(a!.description).toBe('A.');
    expect(a!.inputSchema).toEqual({ type: 'object', required: ['id'] });
    expect(b!.inputSchema).toEqual({ type: 'object', required: ['id'] });
    // Two machines share Order: one read. The malformed tag and the untagged machine: none.
    expect(arnsCalled('DescribeSchema')).toEqual([schemaArnOf('Missing'), schemaArnOf('Order')]);
    expect(catalog.warnings).toEqual([
      `state machine schema-c: the input schema ${schemaArnOf('Missing')} cannot be read (NotFoundException: Schema 'Missing' does not exist in registry 'reg'); the tool is served without an input schema`,
      'state machine schema-d: tag schema: "not-an-arn" is not a schema ARN (it has fewer than six colon-separated parts or does not start with "arn:"); expected arn:<partition>:schemas:<region>:<account>:schema/<registry>/<name>; the tool is served without an input schema',
    ]);
  });

  it('describes and invokes a version ARN as itself, and an alias through the version it routes to', async () => {
    const version = arnOf('Orders', '1');
    const alias = arnOf('Billing', 'prod');
    const catalog = await discover(selection({ list: [version, alias, 'Nope'] }));
    expect(catalog.tools.map((t) => [t.name, t.machine.invokeArn])).toEqual([
      ['Billing', alias],
      ['Orders', version],
    ]);
    expect(catalog.tools.map((t) => [t.machine.version, t.machine.alias])).toEqual([
      [undefined, 'prod'],
      ['1', undefined],
    ]);
    // Version 1 is not the latest (2 is): its own description and definition describe both tools.
    expect(catalog.tools.map((t) => t.description)).toEqual([
      'Billing release 1\n\nAlias: prod of Billing (routes to version 1)\n\nWorkflow Description: Billing v1',
      'Orders release 1\n\nVersion: 1 of Orders\n\nWorkflow Description: Orders v1',
    ]);
    expect(arnsCalled('DescribeStateMachineAlias')).toEqual([alias]);
    expect(arnsCalled('DescribeStateMachine')).toEqual([arnOf('Billing', '1'), version]);
    expect(catalog.warnings).toEqual([
      'STATE_MACHINE_LIST entry "Nope" matches no state machine in this account and region',
    ]);
  });

  it('carries the machine type and the title annotation', async () => {
    const catalog = await discover(selection({ list: ['fast'] }));
    expect(catalog.tools).toHaveLength(1);
    const [tool] = catalog.tools;
    expect(tool!.machine).toEqual({
      arn: arnOf('fast'),
      name: 'fast',
      type: 'EXPRESS',
      invokeArn: arnOf('fast'),
    });
    expect(tool!.annotations).toEqual({ title: 'fast' });
  });

  it('fails as a whole when the machines cannot be listed', async () => {
    fx.engine.faults.set({
      failures: [
        {
          operation: 'ListStateMachines',
          errorType: 'UnrecognizedClientException',
          message: 'The security token included in the request is invalid.',
        },
      ],
    });
    await expect(discover(selection())).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    // Nothing else was asked once the listing failed.
    expect(fx.engine.calls.counts()).toEqual({ ListStateMachines: 1 });
  });
});
