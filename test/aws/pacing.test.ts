/**
 * Pacing: the buckets by operation on an injected clock, then the SDK middleware through the real clients
 * against the engine with quotas: requests wait for their token instead of being throttled, and a throttle
 * (another user of the account spent the bucket) empties the local bucket so the retry waits its turn.
 */
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { ListTagsForResourceCommand } from '@aws-sdk/client-sfn';
import { destroyAwsClients } from '../../src/aws/clients.js';
import { Pacing, operationOf, type QuotaWait } from '../../src/aws/pacing.js';
import { fakeClock } from '../helpers/fake-clock.js';
import { engineClients, sfnClient, useEngine } from '../helpers/engine.js';

/** Checks that `waiting` is still waiting 1 ms before `ms` have passed on the clock, and done at `ms`. */
async function resolvesAfter(clock: ReturnType<typeof fakeClock>, waiting: Promise<void>, ms: number) {
  let done = false;
  void waiting.then(() => (done = true));
  await clock.advance(ms - 1);
  expect(done).toBe(false);
  await clock.advance(1);
  await waiting;
}

describe('Pacing', () => {
  it('paces each operation by its own bucket, and leaves others alone', async () => {
    const clock = fakeClock();
    const pacing = new Pacing({ DescribeStateMachine: { bucket: 2, refill: 10 } }, clock);
    const waits: QuotaWait[] = [];
    pacing.onWait((w) => waits.push(w));
    await pacing.acquire('DescribeStateMachine');
    await pacing.acquire('DescribeStateMachine');
    let third = false;
    const waiting = pacing.acquire('DescribeStateMachine').then(() => (third = true));
    await pacing.acquire('StartSyncExecution');
    expect(pacing.quota('StartSyncExecution')).toBeUndefined();
    expect(waits).toEqual([
      { operation: 'DescribeStateMachine', waiting: 1, quota: { bucket: 2, refill: 10 } },
    ]);
    expect(pacing.waits()).toEqual(waits);
    await clock.advance(99);
    expect(third).toBe(false);
    await clock.advance(1);
    await waiting;
    expect(pacing.waits()).toEqual([]);
  });

  it('a throttle empties the bucket: the next request waits for the refill', async () => {
    const clock = fakeClock();
    const pacing = new Pacing({ ListTagsForResource: { bucket: 100, refill: 1 } }, clock);
    await pacing.acquire('ListTagsForResource');
    pacing.throttled('ListTagsForResource');
    await resolvesAfter(clock, pacing.acquire('ListTagsForResource'), 1000);
  });

  it("a request's signal ends its wait, and an aborted one never takes a token", async () => {
    const clock = fakeClock();
    const pacing = new Pacing({ DescribeExecution: { bucket: 1, refill: 1 } }, clock);
    const aborted = AbortSignal.abort(new Error('gone'));
    await expect(pacing.acquire('DescribeExecution', aborted)).rejects.toThrow('gone');
    await expect(pacing.acquire('StartSyncExecution', aborted)).rejects.toThrow('gone');
    await pacing.acquire('DescribeExecution');
    const controller = new AbortController();
    const waiting = pacing.acquire('DescribeExecution', controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    expect(clock.pending()).toBe(0);
  });

  it('assumeSpent starts the named buckets with what refilled since they were spent', async () => {
    const clock = fakeClock();
    const pacing = new Pacing(
      { DescribeStateMachine: { bucket: 200, refill: 20 }, StartExecution: { bucket: 5, refill: 1 } },
      clock,
    );
    pacing.assumeSpent(50, ['DescribeStateMachine', 'GetResources']);
    await pacing.acquire('DescribeStateMachine');
    await resolvesAfter(clock, pacing.acquire('DescribeStateMachine'), 50);
    // Untouched: StartExecution keeps its full bucket.
    for (let i = 0; i < 5; i++) await pacing.acquire('StartExecution');
    expect(pacing.waits()).toEqual([]);
  });

  it('names an operation after its command', () => {
    expect(operationOf('DescribeStateMachineCommand')).toBe('DescribeStateMachine');
    expect(operationOf(undefined)).toBe('');
  });
});

describe('the pacing middleware against the engine with quotas', () => {
  // ListTagsForResource, scaled by 2: 200 tokens, 2 a second.
  const SCALE = 2;
  const local = useEngine({ quotas: { table: 'other', scale: SCALE } });
  const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:nowhere';
  const pacingOf = () => ({
    quotas: { table: 'other' as const, scale: SCALE, overrides: [] },
    describeRate: 10,
    region: local.engine.region,
  });
  const throttled = () => local.engine.quotas.throttled().byOperation.ListTagsForResource ?? 0;
  const listTags = (clients: ReturnType<typeof engineClients>) =>
    clients.sfn
      .send(new ListTagsForResourceCommand({ resourceArn: ARN }))
      .catch((err: Error) => (err.name === 'ResourceNotFound' ? 'answered' : Promise.reject(err)));

  it('sends a bucket and more without one throttle: the requests beyond it wait for their tokens', async () => {
    local.engine.quotas.reset();
    const clients = engineClients(local.engine, pacingOf());
    const waits: string[] = [];
    clients.pacing.onWait((w) => waits.push(w.operation));
    try {
      // 32 at a time, as discovery sends them: a token is taken as its request leaves. The server holds
      // 2 of the 200 back, so 22 wait: 11 s of refill, longer than a loaded machine takes to send them.
      const limit = pLimit(32);
      const answers = await Promise.all(Array.from({ length: 220 }, () => limit(() => listTags(clients))));
      expect(answers.every((a) => a === 'answered')).toBe(true);
      expect(waits).toContain('ListTagsForResource');
      expect(throttled()).toBe(0);
    } finally {
      destroyAwsClients(clients);
    }
  });

  it('after a throttle, the retry and the requests behind it wait for the refill: one throttle in all', async () => {
    local.engine.quotas.reset();
    // Another user of the account spends the whole bucket first.
    const other = sfnClient(local.engine, { maxAttempts: 1 });
    for (;;) {
      const r = await other
        .send(new ListTagsForResourceCommand({ resourceArn: ARN }))
        .catch((err: Error) => err.name);
      if (r === 'ThrottlingException') break;
    }
    other.destroy();
    const before = throttled();
    const clients = engineClients(local.engine, pacingOf());
    try {
      for (let i = 0; i < 3; i++) expect(await listTags(clients)).toBe('answered');
      // The first request found the bucket spent; everything after waited for AWS's refill.
      expect(throttled() - before).toBe(1);
    } finally {
      destroyAwsClients(clients);
    }
  });
});
