/** discoverCatalog against in-memory fakes of the two SDK clients: call patterns, bounds and failures. */
import {
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { DescribeSchemaCommand, type SchemasClient } from '@aws-sdk/client-schemas';
import { describe, expect, it } from 'vitest';
import { discoverCatalog } from '../../src/catalog/discover.js';
import type { SelectionConfig } from '../../src/catalog/types.js';
import { silentLogger } from '../../src/log.js';

const ACCOUNT = '123456789012';
const arn = (name: string, q?: string): string =>
  `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${name}${q ? `:${q}` : ''}`;
const schemaArn = (name: string): string => `arn:aws:schemas:us-east-1:${ACCOUNT}:schema/reg/${name}`;

interface FakeMachine {
  name: string;
  type?: 'STANDARD' | 'EXPRESS';
  description?: string;
  definition?: string;
  tags?: Record<string, string>;
  failTags?: boolean;
  failDescribe?: boolean;
}

class AwsError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

function fakeAws(
  machines: FakeMachine[],
  schemas: Record<string, { Type: string; Content: string }> = {},
  pageSize = 100,
) {
  const calls: Array<{ op: string; arg?: string }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const byArn = new Map(machines.map((m) => [arn(m.name), m]));
  const tick = async <T>(fn: () => T): Promise<T> => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 2));
    inFlight--;
    return fn();
  };
  const sfn = {
    send: (cmd: unknown) =>
      tick(() => {
        if (cmd instanceof ListStateMachinesCommand) {
          calls.push({ op: 'ListStateMachines', arg: cmd.input.nextToken });
          expect(cmd.input.maxResults).toBe(1000);
          const start = Number(cmd.input.nextToken ?? 0);
          const page = machines.slice(start, start + pageSize);
          return {
            stateMachines: page.map((m) => ({
              name: m.name,
              stateMachineArn: arn(m.name),
              type: m.type ?? 'STANDARD',
              creationDate: new Date(),
            })),
            ...(start + pageSize < machines.length ? { nextToken: String(start + pageSize) } : {}),
          };
        }
        if (cmd instanceof ListTagsForResourceCommand) {
          calls.push({ op: 'ListTagsForResource', arg: cmd.input.resourceArn });
          const m = byArn.get(cmd.input.resourceArn!)!;
          if (m.failTags)
            throw new AwsError(
              'AccessDeniedException',
              'not authorized to perform states:ListTagsForResource',
            );
          return { tags: Object.entries(m.tags ?? {}).map(([key, value]) => ({ key, value })) };
        }
        if (cmd instanceof DescribeStateMachineCommand) {
          calls.push({ op: 'DescribeStateMachine', arg: cmd.input.stateMachineArn });
          const base = cmd.input.stateMachineArn!.split(':').slice(0, 7).join(':');
          const m = byArn.get(base)!;
          if (m.failDescribe)
            throw new AwsError(
              'AccessDeniedException',
              'not authorized to perform states:DescribeStateMachine',
            );
          return { description: m.description, definition: m.definition ?? '{"StartAt":"A","States":{}}' };
        }
        if (cmd instanceof DescribeStateMachineAliasCommand) {
          calls.push({ op: 'DescribeStateMachineAlias', arg: cmd.input.stateMachineAliasArn });
          const base = cmd.input.stateMachineAliasArn!.split(':').slice(0, 7).join(':');
          return { routingConfiguration: [{ stateMachineVersionArn: `${base}:5`, weight: 100 }] };
        }
        throw new Error('unexpected command');
      }),
  } as unknown as SFNClient;
  const schemasClient = {
    send: (cmd: unknown) =>
      tick(() => {
        if (!(cmd instanceof DescribeSchemaCommand)) throw new Error('unexpected command');
        calls.push({ op: 'DescribeSchema', arg: `${cmd.input.RegistryName}/${cmd.input.SchemaName}` });
        const s = schemas[cmd.input.SchemaName!];
        if (!s)
          throw new AwsError(
            'NotFoundException',
            'Schema with name ' + cmd.input.SchemaName + ' does not exist.',
          );
        return { ...s, SchemaName: cmd.input.SchemaName };
      }),
  } as unknown as SchemasClient;
  return { clients: { sfn, schemas: schemasClient }, calls, maxInFlight: () => maxInFlight };
}

const selection = (over: Partial<SelectionConfig> = {}): SelectionConfig => ({
  prefix: '',
  list: [],
  tagKey: '',
  tagValue: '',
  ...over,
});
const opts = { log: silentLogger() };
const count = (calls: Array<{ op: string }>, op: string) => calls.filter((c) => c.op === op).length;

describe('discoverCatalog (fake AWS)', () => {
  it('reads every page and describes every machine under one bound, without tags', async () => {
    const machines = Array.from({ length: 250 }, (_, i) => ({ name: `m${String(i).padStart(3, '0')}` }));
    const aws = fakeAws(machines);
    const catalog = await discoverCatalog(aws.clients, selection(), { ...opts, concurrency: 8 });
    expect(catalog.tools).toHaveLength(250);
    expect(catalog.tools[0]!.name).toBe('m000');
    expect(count(aws.calls, 'ListStateMachines')).toBe(3);
    expect(count(aws.calls, 'DescribeStateMachine')).toBe(250);
    expect(count(aws.calls, 'ListTagsForResource')).toBe(0);
    expect(aws.maxInFlight()).toBe(8);
  });

  it('reads tags only for machines that pass the name check, and describes only those that pass the tag check', async () => {
    const aws = fakeAws([
      { name: 'app-a', tags: { team: 'blue' } },
      { name: 'app-b', tags: { team: 'red' } },
      { name: 'other', tags: { team: 'blue' } },
    ]);
    const catalog = await discoverCatalog(
      aws.clients,
      selection({ prefix: 'app-', tagKey: 'team', tagValue: 'blue' }),
      opts,
    );
    expect(catalog.tools.map((t) => t.name)).toEqual(['a']);
    expect(catalog.excluded).toEqual([
      { name: 'app-b', arn: arn('app-b'), reason: 'tag', detail: 'no tag team=blue (its value is "red")' },
      {
        name: 'other',
        arn: arn('other'),
        reason: 'prefix',
        detail: 'name does not start with the prefix "app-"',
      },
    ]);
    expect(
      aws.calls
        .filter((c) => c.op === 'ListTagsForResource')
        .map((c) => c.arg)
        .sort(),
    ).toEqual([arn('app-a'), arn('app-b')]);
    expect(aws.calls.filter((c) => c.op === 'DescribeStateMachine').map((c) => c.arg)).toEqual([
      arn('app-a'),
    ]);
  });

  it('selects nothing and makes no per-machine call when only the tag key is set', async () => {
    const aws = fakeAws([{ name: 'a' }, { name: 'b' }]);
    const catalog = await discoverCatalog(aws.clients, selection({ tagKey: 'team' }), opts);
    expect(catalog.tools).toEqual([]);
    expect(catalog.excluded.map((e) => e.reason)).toEqual(['tag-filter-incomplete', 'tag-filter-incomplete']);
    expect(catalog.warnings[0]).toContain('STATE_MACHINE_TAG_VALUE is not');
    expect(aws.calls.map((c) => c.op)).toEqual(['ListStateMachines']);
  });

  it('leaves out a machine whose tags or description cannot be read, and loads the others', async () => {
    const aws = fakeAws([
      { name: 'good' },
      { name: 'noTags', failTags: true },
      { name: 'noDescribe', failDescribe: true },
    ]);
    const catalog = await discoverCatalog(aws.clients, selection({ schemaArnTagKey: 'schema' }), opts);
    expect(catalog.tools.map((t) => t.name)).toEqual(['good']);
    expect(catalog.excluded).toEqual([
      {
        name: 'noDescribe',
        arn: arn('noDescribe'),
        reason: 'unreadable',
        detail:
          'its description cannot be read: AccessDeniedException: not authorized to perform states:DescribeStateMachine',
      },
      {
        name: 'noTags',
        arn: arn('noTags'),
        reason: 'unreadable',
        detail:
          'its tags cannot be read: AccessDeniedException: not authorized to perform states:ListTagsForResource',
      },
    ]);
    expect(catalog.warnings).toEqual([
      'state machine noDescribe is left out: its description cannot be read: AccessDeniedException: not authorized to perform states:DescribeStateMachine',
      'state machine noTags is left out: its tags cannot be read: AccessDeniedException: not authorized to perform states:ListTagsForResource',
    ]);
  });

  it('fetches schemas once per ARN and serves a tool without schema when one is missing or malformed', async () => {
    const content = JSON.stringify({ type: 'object', required: ['id'] });
    const aws = fakeAws(
      [
        { name: 'a', tags: { schema: schemaArn('Order') }, description: 'A.' },
        { name: 'b', tags: { schema: schemaArn('Order') } },
        { name: 'c', tags: { schema: schemaArn('Missing') } },
        { name: 'd', tags: { schema: 'not-an-arn' } },
        { name: 'e' },
      ],
      { Order: { Type: 'JSONSchemaDraft4', Content: content } },
    );
    const catalog = await discoverCatalog(aws.clients, selection({ schemaArnTagKey: 'schema' }), opts);
    expect(catalog.tools.map((t) => [t.name, t.hasSchema])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
      ['d', false],
      ['e', false],
    ]);
    expect(catalog.tools[0]!.description).toBe(`A.\n\nInput Schema:\n${content}`);
    expect(catalog.tools[0]!.inputSchema).toEqual({ type: 'object', required: ['id'] });
    expect(count(aws.calls, 'DescribeSchema')).toBe(2);
    expect(catalog.warnings).toEqual([
      `state machine c: the input schema ${schemaArn('Missing')} cannot be read (NotFoundException: Schema with name Missing does not exist.); the tool is served without an input schema`,
      'state machine d: tag schema: "not-an-arn" is not a schema ARN (it has fewer than six colon-separated parts or does not start with "arn:"); expected arn:<partition>:schemas:<region>:<account>:schema/<registry>/<name>; the tool is served without an input schema',
    ]);
  });

  it('describes a version ARN and starts it; an alias is described through the version it routes to', async () => {
    const aws = fakeAws([{ name: 'Orders' }, { name: 'Billing' }]);
    const catalog = await discoverCatalog(
      aws.clients,
      selection({ list: [arn('Orders', '3'), arn('Billing', 'prod'), 'Nope'] }),
      opts,
    );
    expect(catalog.tools.map((t) => [t.name, t.machine.invokeArn])).toEqual([
      ['Billing', arn('Billing', 'prod')],
      ['Orders', arn('Orders', '3')],
    ]);
    expect(
      aws.calls
        .filter((c) => c.op === 'DescribeStateMachine')
        .map((c) => c.arg)
        .sort(),
    ).toEqual([arn('Billing', '5'), arn('Orders', '3')]);
    expect(catalog.tools.map((t) => t.description.split('\n\n')[1])).toEqual([
      'Alias: prod of Billing (routes to version 5)',
      'Version: 3 of Orders',
    ]);
    expect(catalog.tools.map((t) => [t.machine.version, t.machine.alias])).toEqual([
      [undefined, 'prod'],
      ['3', undefined],
    ]);
    expect(catalog.warnings).toEqual([
      'STATE_MACHINE_LIST entry "Nope" matches no state machine in this account and region',
    ]);
  });

  it('carries the machine type and the title annotation', async () => {
    const aws = fakeAws([{ name: 'fast', type: 'EXPRESS' }]);
    const [tool] = (await discoverCatalog(aws.clients, selection(), opts)).tools;
    expect(tool!.machine).toEqual({
      arn: arn('fast'),
      name: 'fast',
      type: 'EXPRESS',
      invokeArn: arn('fast'),
    });
    expect(tool!.annotations).toEqual({ title: 'fast' });
  });

  it('fails as a whole when the machines cannot be listed', async () => {
    const aws = fakeAws([]);
    (aws.clients.sfn as unknown as { send: () => Promise<never> }).send = () =>
      Promise.reject(
        new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
      );
    await expect(discoverCatalog(aws.clients, selection(), opts)).rejects.toThrow('security token');
  });
});
