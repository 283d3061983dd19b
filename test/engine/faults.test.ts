import { beforeAll, describe, expect, it } from 'vitest';
import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { CreateSchemaCommand, DescribeSchemaCommand } from '@aws-sdk/client-schemas';
import { ROLE_ARN, passMachine, schemasClient, sfnClient, useEngine } from '../helpers/engine.js';

describe('fault injection and the call log', () => {
  const local = useEngine({}, { sfn: { maxAttempts: 5 } });
  let machineArn: string;

  beforeAll(async () => {
    machineArn = (
      await local.sfn.send(
        new CreateStateMachineCommand({ name: 'Target', definition: passMachine(), roleArn: ROLE_ARN }),
      )
    ).stateMachineArn!;
  });

  it('throttles half the calls; the SDK retries them and every call still succeeds', async () => {
    local.engine.calls.reset();
    local.engine.faults.set({ throttleRate: 0.5 });
    try {
      const results = [];
      for (let i = 0; i < 4; i++)
        results.push(await local.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn })));
      expect(results.every((r) => r.name === 'Target')).toBe(true);
      expect(results.some((r) => r.$metadata.attempts! > 1)).toBe(true);
      const entries = local.engine.calls.entries().filter((e) => e.operation === 'DescribeStateMachine');
      const throttled = entries.filter((e) => e.errorType === 'ThrottlingException');
      expect(throttled.length).toBeGreaterThanOrEqual(2);
      expect(throttled.every((e) => e.status === 400)).toBe(true);
      expect(entries.filter((e) => e.status === 200)).toHaveLength(4);
      expect(local.engine.calls.counts().DescribeStateMachine).toBe(entries.length);
    } finally {
      local.engine.faults.reset();
    }
  });

  it('throttles only the listed operations, and a client without retries sees ThrottlingException', async () => {
    const noRetry = sfnClient(local.engine, { maxAttempts: 1 });
    local.engine.faults.set({ throttleRate: 1, throttleOperations: ['StartExecution'] });
    try {
      await expect(
        noRetry.send(new StartExecutionCommand({ stateMachineArn: machineArn })),
      ).rejects.toMatchObject({
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      });
      const described = await noRetry.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }));
      expect(described.name).toBe('Target');
    } finally {
      local.engine.faults.reset();
      noRetry.destroy();
    }
  });

  it('throttles Schemas calls with 429 TooManyRequestsException, which the SDK retries', async () => {
    const schemas = schemasClient(local.engine, { maxAttempts: 5 });
    await schemas.send(
      new CreateSchemaCommand({
        RegistryName: 'r',
        SchemaName: 's',
        Type: 'JSONSchemaDraft4',
        Content: '{"type":"object"}',
      }),
    );
    local.engine.calls.reset();
    local.engine.faults.set({ throttleRate: 0.5, throttleOperations: ['DescribeSchema'] });
    try {
      for (let i = 0; i < 2; i++) {
        const out = await schemas.send(new DescribeSchemaCommand({ RegistryName: 'r', SchemaName: 's' }));
        expect(out.SchemaName).toBe('s');
      }
      expect(
        local.engine.calls
          .entries()
          .some(
            (e) =>
              e.operation === 'DescribeSchema' &&
              e.errorType === 'TooManyRequestsException' &&
              e.status === 429,
          ),
      ).toBe(true);
    } finally {
      local.engine.faults.reset();
      schemas.destroy();
    }
  });

  it('adds the configured latency to AWS calls: each answer comes at least that long after its call arrived', async () => {
    const latencyMs = 200;
    local.engine.calls.reset();
    local.engine.faults.set({ latencyMs });
    try {
      // One after the other: each call leaves once the previous answer is back.
      for (let i = 0; i < 3; i++)
        await local.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }));
    } finally {
      local.engine.faults.reset();
    }
    const arrivals = local.engine.calls.entries().map((e) => e.at);
    expect(arrivals).toHaveLength(3);
    // A lower bound only: the engine sleeps latencyMs before it answers, so the next call cannot arrive
    // sooner. The slack covers a timer firing a few ms early against Date.now(); no upper bound is checked.
    for (let i = 1; i < arrivals.length; i++) {
      expect(arrivals[i]! - arrivals[i - 1]!).toBeGreaterThanOrEqual(latencyMs - 50);
    }
  });

  it('does not delay /_local, and reset() removes the latency', async () => {
    // The longest latency allowed: a delayed call cannot answer within this test's time-out.
    local.engine.faults.set({ latencyMs: 60_000 });
    const abort = new AbortController();
    let delayed: 'pending' | 'answered' | 'failed' = 'pending';
    const call = local.sfn
      .send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }), { abortSignal: abort.signal })
      .then(
        () => void (delayed = 'answered'),
        () => void (delayed = 'failed'),
      );
    try {
      const health = await fetch(`${local.engine.endpoint}/_local/health`);
      expect(health.status).toBe(200);
      // The control answered while the AWS call, sent first, still waits out its latency.
      expect(delayed).toBe('pending');
    } finally {
      local.engine.faults.reset();
      abort.abort();
      await call;
    }
    expect(local.engine.faults.get().latencyMs).toBe(0);
    // With 60 s still set this call could not answer before the test times out.
    const out = await local.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }));
    expect(out.name).toBe('Target');
  });

  it('serves the controls over HTTP: health, calls, faults', async () => {
    const base = `${local.engine.endpoint}/_local`;
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', stateMachines: 1 });

    expect((await fetch(`${base}/calls`, { method: 'DELETE' })).status).toBe(204);
    await local.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }));
    const calls = (await (await fetch(`${base}/calls`)).json()) as {
      counts: Record<string, number>;
      entries: { operation: string; status: number }[];
    };
    // Control calls are not AWS calls: only the one DescribeStateMachine is logged.
    expect(calls.counts).toEqual({ DescribeStateMachine: 1 });
    expect(calls.entries).toEqual([
      expect.objectContaining({ operation: 'DescribeStateMachine', status: 200 }),
    ]);

    const put = await fetch(`${base}/faults`, {
      method: 'PUT',
      body: JSON.stringify({ latencyMs: 5, waitScale: 0.5 }),
    });
    expect(await put.json()).toEqual({ latencyMs: 5, throttleRate: 0, waitScale: 0.5 });
    expect(local.engine.faults.get()).toMatchObject({ latencyMs: 5, waitScale: 0.5 });
    const bad = await fetch(`${base}/faults`, { method: 'PUT', body: JSON.stringify({ throttleRate: 2 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/throttleRate/);
    const typo = await fetch(`${base}/faults`, { method: 'PUT', body: JSON.stringify({ latency: 5 }) });
    expect(typo.status).toBe(400);
    expect(await (await fetch(`${base}/faults`)).json()).toEqual({
      latencyMs: 5,
      throttleRate: 0,
      waitScale: 0.5,
    });
    local.engine.faults.reset();
    expect(local.engine.faults.get()).toEqual({ latencyMs: 0, throttleRate: 0, waitScale: 1 });
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });
});
