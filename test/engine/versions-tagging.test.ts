/**
 * Engine additions through the real SDK clients: versions and aliases, UpdateStateMachine and
 * revisions, ListExecutions, the Resource Groups Tagging API, response loss and per-resource failures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  PublishStateMachineVersionCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  TagResourceCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { DescribeSchemaCommand, UpdateSchemaCommand, CreateSchemaCommand } from '@aws-sdk/client-schemas';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
  paginateGetResources,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { ROLE_ARN, passMachine, sfnClient, useEngine } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';

const local = useEngine();
let tagging: ResourceGroupsTaggingAPIClient;

beforeAll(() => {
  tagging = new ResourceGroupsTaggingAPIClient({
    region: local.engine.region,
    endpoint: local.engine.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(() => {
  tagging.destroy();
});

async function finished(executionArn: string): Promise<{ status?: string; output?: string }> {
  return waitFor(async () => {
    const d = await local.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  }, executionArn);
}

describe('versions, aliases and revisions', () => {
  it('publishes versions, describes and runs each one, and routes an alias', async () => {
    const created = await local.sfn.send(
      new CreateStateMachineCommand({
        name: 'Versioned',
        definition: passMachine({ v: 1 }),
        roleArn: ROLE_ARN,
        publish: true,
        versionDescription: 'first',
      }),
    );
    const base = created.stateMachineArn!;
    expect(created.stateMachineVersionArn).toBe(`${base}:1`);
    const before = await local.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: base }));
    expect(before.revisionId).toMatch(/\S/);
    expect(before.creationDate).toBeInstanceOf(Date);

    const updated = await local.sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: base,
        definition: passMachine({ v: 2 }),
        publish: true,
        versionDescription: 'second',
      }),
    );
    expect(updated.stateMachineVersionArn).toBe(`${base}:2`);
    expect(updated.revisionId).not.toBe(before.revisionId);
    expect(updated.updateDate).toBeInstanceOf(Date);
    // A third, unpublished revision: the unqualified ARN runs it.
    await local.sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn: base, definition: passMachine({ v: 3 }) }),
    );

    const v1 = await local.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${base}:1` }));
    expect(v1).toMatchObject({
      stateMachineArn: `${base}:1`,
      description: 'first',
      revisionId: before.revisionId,
    });
    expect(JSON.parse(v1.definition!).States.Done.Result).toEqual({ v: 1 });

    const versions = await local.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: base }));
    expect(versions.stateMachineVersions!.map((v) => v.stateMachineVersionArn)).toEqual([
      `${base}:2`,
      `${base}:1`,
    ]);

    const alias = await local.sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'prod',
        routingConfiguration: [{ stateMachineVersionArn: `${base}:1`, weight: 100 }],
      }),
    );
    expect(alias.stateMachineAliasArn).toBe(`${base}:prod`);
    const aliases = await local.sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: base }));
    expect(aliases.stateMachineAliases!.map((a) => a.stateMachineAliasArn)).toEqual([`${base}:prod`]);

    const run = async (arn: string) => {
      const { executionArn } = await local.sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
      return finished(executionArn!);
    };
    expect(JSON.parse((await run(`${base}:1`)).output!)).toEqual({ v: 1 });
    expect(JSON.parse((await run(`${base}:2`)).output!)).toEqual({ v: 2 });
    expect(JSON.parse((await run(base)).output!)).toEqual({ v: 3 });
    const viaAlias = await run(`${base}:prod`);
    expect(JSON.parse(viaAlias.output!)).toEqual({ v: 1 });
    expect(viaAlias).toMatchObject({
      stateMachineAliasArn: `${base}:prod`,
      stateMachineVersionArn: `${base}:1`,
    });

    await local.sfn.send(
      new UpdateStateMachineAliasCommand({
        stateMachineAliasArn: `${base}:prod`,
        routingConfiguration: [{ stateMachineVersionArn: `${base}:2`, weight: 100 }],
      }),
    );
    const described = await local.sfn.send(
      new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${base}:prod` }),
    );
    expect(described.routingConfiguration).toEqual([{ stateMachineVersionArn: `${base}:2`, weight: 100 }]);
    expect(JSON.parse((await run(`${base}:prod`)).output!)).toEqual({ v: 2 });

    // Publishing the unchanged latest revision twice gives one version.
    const p1 = await local.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: base }));
    const p2 = await local.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: base }));
    expect(p1.stateMachineVersionArn).toBe(`${base}:3`);
    expect(p2.stateMachineVersionArn).toBe(`${base}:3`);

    const listed = await local.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: base, statusFilter: 'SUCCEEDED' }),
    );
    expect(listed.executions).toHaveLength(5);
    const page = await local.sfn.send(new ListExecutionsCommand({ stateMachineArn: base, maxResults: 2 }));
    expect(page.executions).toHaveLength(2);
    const next = await local.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: base, maxResults: 10, nextToken: page.nextToken }),
    );
    expect(next.executions).toHaveLength(3);
    expect(next.nextToken).toBeUndefined();
    const ofAlias = await local.sfn.send(new ListExecutionsCommand({ stateMachineArn: `${base}:prod` }));
    expect(ofAlias.executions).toHaveLength(2);
  });

  it('runs an Express version through StartSyncExecution', async () => {
    const created = await local.sfn.send(
      new CreateStateMachineCommand({
        name: 'FastVersioned',
        type: 'EXPRESS',
        definition: passMachine({ fast: 1 }),
        roleArn: ROLE_ARN,
        publish: true,
      }),
    );
    await local.sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: created.stateMachineArn!,
        definition: passMachine({ fast: 2 }),
      }),
    );
    const out = await local.sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: created.stateMachineVersionArn! }),
    );
    expect(JSON.parse(out.output!)).toEqual({ fast: 1 });
  });
});

describe('the Resource Groups Tagging API', () => {
  it('returns the tags of many machines per call, filtered and paginated', async () => {
    for (let i = 0; i < 25; i++) {
      await local.sfn.send(
        new CreateStateMachineCommand({
          name: `tagged-${String(i).padStart(2, '0')}`,
          definition: passMachine(),
          roleArn: ROLE_ARN,
          tags: [
            { key: 'team', value: i % 2 === 0 ? 'blue' : 'red' },
            { key: 'n', value: String(i) },
          ],
        }),
      );
    }
    local.engine.calls.reset();
    const pages = [];
    for await (const page of paginateGetResources(
      { client: tagging },
      {
        ResourceTypeFilters: ['states:stateMachine'],
        TagFilters: [{ Key: 'team', Values: ['blue'] }],
        ResourcesPerPage: 5,
      },
    ))
      pages.push(page);
    const mappings = pages.flatMap((p) => p.ResourceTagMappingList ?? []);
    expect(mappings).toHaveLength(13);
    expect(pages).toHaveLength(3);
    expect(local.engine.calls.counts()).toEqual({ GetResources: 3 });
    expect(mappings[0]!.Tags).toEqual([
      { Key: 'team', Value: 'blue' },
      { Key: 'n', Value: '0' },
    ]);
    const all = await tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['states:stateMachine'] }));
    expect(all.ResourceTagMappingList!.length).toBeGreaterThanOrEqual(27);
    const none = await tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['lambda:function'] }));
    expect(none.ResourceTagMappingList).toEqual([]);
  });
});

describe('response loss and per-resource failures', () => {
  it('performs the operation, loses the response, and the SDK retry sees the same execution', async () => {
    const { stateMachineArn } = await local.sfn.send(
      new CreateStateMachineCommand({
        name: 'LossTarget',
        // Still RUNNING when the retry arrives: AWS returns the same execution for the same name and input.
        definition: JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, End: true } } }),
        roleArn: ROLE_ARN,
      }),
    );
    local.engine.calls.reset();
    local.engine.faults.set({ responseLossRate: 1, responseLossOperations: ['StartExecution'] });
    const noRetry = sfnClient(local.engine, { maxAttempts: 1 });
    try {
      await expect(
        noRetry.send(new StartExecutionCommand({ stateMachineArn, name: 'once', input: '{}' })),
      ).rejects.toMatchObject({ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } });
      // Spread evenly: of every two calls, the second loses its response.
      local.engine.faults.set({ responseLossRate: 0.5 });
      await local.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'warm', input: '{}' }));
      const retried = await local.sfn.send(
        new StartExecutionCommand({ stateMachineArn, name: 'twice', input: '{}' }),
      );
      expect(retried.$metadata.attempts).toBe(2);
      await finished(retried.executionArn!);
    } finally {
      local.engine.faults.reset();
      noRetry.destroy();
    }
    const entries = local.engine.calls.entries().filter((e) => e.operation === 'StartExecution');
    expect(entries.map((e) => [e.status, e.errorType])).toEqual([
      [500, 'InternalFailure'],
      [200, undefined],
      [500, 'InternalFailure'],
      [200, undefined],
    ]);
    // The lost 'once' call did start its execution.
    const listed = await local.sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(listed.executions!.map((e) => e.name).sort()).toEqual(['once', 'twice', 'warm']);
  });

  it('fails one operation for one resource with the chosen error, the rest still work', async () => {
    const a = await local.sfn.send(
      new CreateStateMachineCommand({ name: 'DeniedA', definition: passMachine(), roleArn: ROLE_ARN }),
    );
    const b = await local.sfn.send(
      new CreateStateMachineCommand({ name: 'DeniedB', definition: passMachine(), roleArn: ROLE_ARN }),
    );
    local.engine.faults.set({
      failures: [
        { operation: 'DescribeStateMachine', arn: a.stateMachineArn!, errorType: 'AccessDeniedException' },
      ],
    });
    try {
      await expect(
        local.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: a.stateMachineArn! })),
      ).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: expect.stringContaining(a.stateMachineArn!),
      });
      await expect(
        local.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: b.stateMachineArn! })),
      ).resolves.toMatchObject({ name: 'DeniedB' });
      await local.sfn.send(
        new TagResourceCommand({ resourceArn: a.stateMachineArn!, tags: [{ key: 'k', value: 'v' }] }),
      );
      local.engine.faults.set({
        failures: [{ operation: 'GetResources', errorType: 'AccessDeniedException' }],
      });
      await expect(tagging.send(new GetResourcesCommand({}))).rejects.toMatchObject({
        name: 'AccessDeniedException',
      });
    } finally {
      local.engine.faults.reset();
    }
    expect(local.engine.faults.get().failures).toBeUndefined();
  });

  it('UpdateSchema adds a version that DescribeSchema reports', async () => {
    const { schemas } = local;
    await schemas.send(
      new CreateSchemaCommand({
        RegistryName: 'r',
        SchemaName: 's',
        Type: 'JSONSchemaDraft4',
        Content: '{"type":"object"}',
      }),
    );
    await schemas.send(
      new UpdateSchemaCommand({
        RegistryName: 'r',
        SchemaName: 's',
        Content: '{"type":"object","required":["a"]}',
      }),
    );
    const d = await schemas.send(new DescribeSchemaCommand({ RegistryName: 'r', SchemaName: 's' }));
    expect(d.SchemaVersion).toBe('2');
  });
});
