/**
 * The engine's emulation of AWS's API throttling quotas, through the real SDK clients: a request beyond an
 * operation's bucket gets the service's throttling error, as AWS answers it, and is counted. The scale
 * shrinks the buckets here so that a few requests empty them.
 */
import { describe, expect, it } from 'vitest';
import { ListTagsForResourceCommand, StartSyncExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { DescribeSchemaCommand } from '@aws-sdk/client-schemas';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { isThrottling } from '../../src/aws/errors.js';
import { QUOTA_TABLES } from '../../src/aws/quotas.js';
import { schemasClient, sfnClient, useEngine, type Engine } from '../helpers/engine.js';
import { TEST_AWS_CREDENTIALS } from '../helpers/secrets.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:nowhere';

/** Sends `send` until one is refused, up to `limit` times; the answers before, and the refusal. */
async function untilRefused(
  send: () => Promise<unknown>,
  limit: number,
): Promise<{ passed: number; error: unknown }> {
  for (let passed = 0; passed < limit; passed++) {
    try {
      await send();
    } catch (error) {
      if ((error as Error).name !== 'ResourceNotFound' && (error as Error).name !== 'NotFoundException')
        return { passed, error };
    }
  }
  return { passed: limit, error: undefined };
}

function taggingClient(engine: Engine): ResourceGroupsTaggingAPIClient {
  return new ResourceGroupsTaggingAPIClient({
    region: engine.region,
    endpoint: engine.endpoint,
    credentials: { ...TEST_AWS_CREDENTIALS },
    maxAttempts: 1,
  });
}

describe('an engine with quotas', () => {
  // Scaled to a twentieth: ListTagsForResource holds 5 tokens and refills one every 20 s.
  const local = useEngine({ quotas: { table: 'other', scale: 0.05 } });

  it('throttles a Step Functions request beyond its bucket with ThrottlingException, HTTP 400, and counts it', async () => {
    const sfn: SFNClient = sfnClient(local.engine, { maxAttempts: 1 });
    try {
      local.engine.quotas.reset();
      const { passed, error } = await untilRefused(
        () => sfn.send(new ListTagsForResourceCommand({ resourceArn: ARN })),
        50,
      );
      expect(passed).toBe(5);
      expect(error).toMatchObject({
        name: 'ThrottlingException',
        message: 'Rate exceeded',
        $metadata: { httpStatusCode: 400 },
      });
      expect(isThrottling(error)).toBe(true);
      expect(local.engine.quotas.throttled()).toEqual({ total: 1, byOperation: { ListTagsForResource: 1 } });
    } finally {
      sfn.destroy();
    }
  });

  it("throttles GetResources with the Tagging API's ThrottledException and DescribeSchema with 429", async () => {
    const tagging = taggingClient(local.engine);
    const schemas = schemasClient(local.engine, { maxAttempts: 1 });
    try {
      local.engine.quotas.reset();
      const tags = await untilRefused(() => tagging.send(new GetResourcesCommand({})), 50);
      // 15 x 0.05 is under one token: a bucket keeps at least 1.
      expect(QUOTA_TABLES.other.GetResources!.bucket * 0.05).toBeLessThan(1);
      expect(tags.passed).toBe(1);
      expect(tags.error).toMatchObject({ name: 'ThrottledException', $metadata: { httpStatusCode: 400 } });
      expect(isThrottling(tags.error)).toBe(true);
      const read = () => schemas.send(new DescribeSchemaCommand({ RegistryName: 'r', SchemaName: 's' }));
      const schema = await untilRefused(read, 50);
      expect(schema.passed).toBe(1);
      expect(schema.error).toMatchObject({
        name: 'TooManyRequestsException',
        $metadata: { httpStatusCode: 429 },
      });
      expect(local.engine.quotas.throttled().byOperation).toEqual({ GetResources: 1, DescribeSchema: 1 });
    } finally {
      tagging.destroy();
      schemas.destroy();
    }
  });

  it('never throttles an operation outside the table (StartSyncExecution)', async () => {
    const sfn = sfnClient(local.engine, { maxAttempts: 1 });
    try {
      local.engine.quotas.reset();
      for (let i = 0; i < 30; i++) {
        await expect(sfn.send(new StartSyncExecutionCommand({ stateMachineArn: ARN }))).rejects.toMatchObject(
          { name: 'StateMachineDoesNotExist' },
        );
      }
      expect(local.engine.quotas.throttled().total).toBe(0);
    } finally {
      sfn.destroy();
    }
  });

  it('reports its table, scale and throttles at GET /_local/quotas; DELETE starts afresh', async () => {
    local.engine.quotas.reset();
    const sfn = sfnClient(local.engine, { maxAttempts: 1 });
    await untilRefused(() => sfn.send(new ListTagsForResourceCommand({ resourceArn: ARN })), 50);
    sfn.destroy();
    const read = async (method: string) =>
      (await fetch(`${local.engine.endpoint}/_local/quotas`, { method })).json() as Promise<
        Record<string, unknown>
      >;
    const body = await read('GET');
    expect(body).toMatchObject({
      enabled: true,
      table: 'other',
      scale: 0.05,
      throttled: { total: 1, byOperation: { ListTagsForResource: 1 } },
    });
    expect((body.quotas as Record<string, unknown>).DescribeStateMachine).toEqual({ bucket: 10, refill: 1 });
    expect(await read('DELETE')).toMatchObject({ throttled: { total: 0, byOperation: {} } });
  });
});

describe('an engine without quotas', () => {
  const local = useEngine();

  it('throttles nothing and says so', async () => {
    const sfn = sfnClient(local.engine, { maxAttempts: 1 });
    try {
      for (let i = 0; i < 120; i++) {
        await expect(sfn.send(new ListTagsForResourceCommand({ resourceArn: ARN }))).rejects.toMatchObject({
          name: 'ResourceNotFound',
        });
      }
    } finally {
      sfn.destroy();
    }
    expect(local.engine.quotas.table).toBeUndefined();
    expect(local.engine.quotas.throttled().total).toBe(0);
    const body = (await (await fetch(`${local.engine.endpoint}/_local/quotas`)).json()) as Record<
      string,
      unknown
    >;
    expect(body).toEqual({ enabled: false, throttled: { total: 0, byOperation: {} } });
  });

  it("takes the table of the engine's region under auto", async () => {
    const { startTestEngine } = await import('../helpers/engine.js');
    const large = await startTestEngine(undefined, { region: 'eu-west-1', quotas: {} });
    const other = await startTestEngine(undefined, { region: 'ap-south-1', quotas: { scale: 2 } });
    try {
      expect([large.quotas.table, large.quotas.scale]).toEqual(['large', 1]);
      expect([other.quotas.table, other.quotas.scale]).toEqual(['other', 2]);
    } finally {
      await Promise.all([large.close(), other.close()]);
    }
  });

  it('turns quotas on and off while running: in code and at PUT /_local/quotas', async () => {
    local.engine.quotas.set({ table: 'other', scale: 0.01 });
    expect([local.engine.quotas.table, local.engine.quotas.scale]).toEqual(['other', 0.01]);
    const sfn = sfnClient(local.engine, { maxAttempts: 1 });
    try {
      const first = await untilRefused(
        () => sfn.send(new ListTagsForResourceCommand({ resourceArn: ARN })),
        5,
      );
      expect(first).toMatchObject({ passed: 1, error: { name: 'ThrottlingException' } });
      const put = (body: unknown) =>
        fetch(`${local.engine.endpoint}/_local/quotas`, { method: 'PUT', body: JSON.stringify(body) });
      expect(await (await put(null)).json()).toMatchObject({ enabled: false });
      expect(local.engine.quotas.table).toBeUndefined();
      const refused = await put({ scale: -1 });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('quotas.scale must be a number above 0');
      expect(await (await put({ table: 'large', scale: 3 })).json()).toMatchObject({
        enabled: true,
        table: 'large',
        scale: 3,
      });
    } finally {
      sfn.destroy();
      local.engine.quotas.set(undefined);
    }
  });

  it('refuses a scale or table it cannot use, naming the option', async () => {
    const { startEngine } = await import('../../src/engine/index.js');
    await expect(startEngine({ quotas: { scale: 0 } })).rejects.toThrow(
      /quotas\.scale must be a number above 0, at most 1000, got '0'/,
    );
    await expect(startEngine({ quotas: { table: 'huge' as 'large' } })).rejects.toThrow(
      /quotas\.table must be auto, large or other, got 'huge'/,
    );
  });
});
