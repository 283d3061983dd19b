import { describe, expect, it } from 'vitest';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { ROLE_ARN, passMachine, useEngine } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';

const WAIT_THEN_DONE = (seconds: number): string =>
  JSON.stringify({
    Comment: 'Waits, then reports',
    StartAt: 'Pause',
    States: {
      Pause: { Type: 'Wait', Seconds: seconds, Next: 'Report' },
      Report: { Type: 'Pass', Parameters: { 'orderId.$': '$.orderId', status: 'shipped' }, End: true },
    },
  });

const FAILING = JSON.stringify({
  StartAt: 'Check',
  States: {
    Check: { Type: 'Pass', Next: 'Reject' },
    Reject: { Type: 'Fail', Error: 'Order.Rejected', Cause: 'The order total exceeds the credit limit' },
  },
});

describe('Step Functions API through the real SDK client', () => {
  const local = useEngine();

  async function create(
    name: string,
    definition: string,
    type: 'STANDARD' | 'EXPRESS' = 'STANDARD',
  ): Promise<string> {
    const out = await local.sfn.send(
      new CreateStateMachineCommand({ name, definition, roleArn: ROLE_ARN, type }),
    );
    return out.stateMachineArn!;
  }

  async function describeWhen(
    executionArn: string,
    done: (d: DescribeExecutionCommandOutput) => boolean,
  ): Promise<DescribeExecutionCommandOutput> {
    return waitFor(async () => {
      const d = await local.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return done(d) ? d : undefined;
    }, `execution ${executionArn}`);
  }

  it('creates, describes, tags, untags and deletes a state machine', async () => {
    const definition = passMachine({ hello: 'world' });
    const arn = await create('Lifecycle', definition);
    expect(arn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:Lifecycle');
    // Creating the same machine again is idempotent, as in AWS; another definition conflicts.
    expect(await create('Lifecycle', definition)).toBe(arn);
    await expect(create('Lifecycle', passMachine({ other: 1 }))).rejects.toMatchObject({
      name: 'StateMachineAlreadyExists',
    });

    const described = await local.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described).toMatchObject({
      name: 'Lifecycle',
      type: 'STANDARD',
      status: 'ACTIVE',
      definition,
      roleArn: ROLE_ARN,
    });
    expect(described.creationDate).toBeInstanceOf(Date);

    await local.sfn.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: 'team', value: 'orders' },
          { key: 'tier', value: 'gold' },
        ],
      }),
    );
    await local.sfn.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['tier'] }));
    const tags = await local.sfn.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    expect(tags.tags).toEqual([{ key: 'team', value: 'orders' }]);

    await local.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    await expect(
      local.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
    ).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
    await expect(local.sfn.send(new ListTagsForResourceCommand({ resourceArn: arn }))).rejects.toMatchObject({
      name: 'ResourceNotFound',
    });
  });

  it('refuses an invalid definition with InvalidDefinition and the reason', async () => {
    const bad = JSON.stringify({ StartAt: 'Missing', States: { Only: { Type: 'Pass', End: true } } });
    const err = await local.sfn
      .send(new CreateStateMachineCommand({ name: 'Broken', definition: bad, roleArn: ROLE_ARN }))
      .catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'InvalidDefinition' });
    expect((err as Error).message).toMatch(/Missing/);
    // A JSONata expression that does not parse is refused at creation, naming the field: AWS answers
    // INVALID_JSONATA_EXPRESSION: Unexpected end of expression for `1 +` (AWS's answers measured in
    // floci-io/floci#2745; transforming-data.html: an expression is written between {% and %}).
    const jsonata = JSON.stringify({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: { A: { Type: 'Pass', Output: '{% 1 + %}', End: true } },
    });
    await expect(
      local.sfn.send(
        new CreateStateMachineCommand({ name: 'Jsonata', definition: jsonata, roleArn: ROLE_ARN }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message:
        "Invalid State Machine Definition: 'INVALID_JSONATA_EXPRESSION: Unexpected end of expression at /States/A/Output'",
    });
  });

  it('runs a Standard execution that is seen RUNNING, then SUCCEEDED with its output', async () => {
    const arn = await create('Shipping', WAIT_THEN_DONE(3));
    local.engine.faults.set({ waitScale: 0.1 }); // the 3 s wait takes 300 ms
    try {
      const started = await local.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: arn,
          name: 'ship-1',
          input: JSON.stringify({ orderId: 'o-42' }),
        }),
      );
      expect(started.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:Shipping:ship-1');
      const running = await local.sfn.send(
        new DescribeExecutionCommand({ executionArn: started.executionArn }),
      );
      expect(running.status).toBe('RUNNING');
      expect(running.stopDate).toBeUndefined();
      const done = await describeWhen(started.executionArn!, (d) => d.status !== 'RUNNING');
      expect(done.status).toBe('SUCCEEDED');
      expect(JSON.parse(done.output!)).toEqual({ orderId: 'o-42', status: 'shipped' });
      expect(done.stopDate!.getTime()).toBeGreaterThanOrEqual(done.startDate!.getTime() + 250);
    } finally {
      local.engine.faults.reset();
    }
  });

  it('treats StartExecution names as AWS does: same name and input while running return the same execution', async () => {
    const arn = await create('Idempotent', WAIT_THEN_DONE(60));
    const input = JSON.stringify({ orderId: 'o-1' });
    const first = await local.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'order-1', input }),
    );
    const again = await local.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'order-1', input }),
    );
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    await expect(
      local.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: arn,
          name: 'order-1',
          input: JSON.stringify({ orderId: 'o-2' }),
        }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    // A name with no execution behind it starts a new one; no name gives a UUID.
    const other = await local.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input }));
    expect(other.executionArn).toMatch(/:execution:Idempotent:[0-9a-f-]{36}$/);

    await local.sfn.send(new StopExecutionCommand({ executionArn: first.executionArn }));
    await local.sfn.send(new StopExecutionCommand({ executionArn: other.executionArn }));
    // Once ended, the name cannot be reused, even with the same input.
    await expect(
      local.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'order-1', input })),
    ).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
  });

  it('stops a running execution: ABORTED with the given error and cause', async () => {
    const arn = await create('LongWait', WAIT_THEN_DONE(60));
    const { executionArn } = await local.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"orderId":"x"}' }),
    );
    const stop = await local.sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Ops.Cancelled', cause: 'Cancelled by the operator' }),
    );
    expect(stop.stopDate).toBeInstanceOf(Date);
    const d = await local.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(d).toMatchObject({
      status: 'ABORTED',
      error: 'Ops.Cancelled',
      cause: 'Cancelled by the operator',
    });
    expect(d.output).toBeUndefined();
    const history = await local.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }),
    );
    expect(history.events![0]).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Ops.Cancelled', cause: 'Cancelled by the operator' },
    });
  });

  it('returns an Express failure with error and cause through StartSyncExecution', async () => {
    const arn = await create('ExpressReject', FAILING, 'EXPRESS');
    const out = await local.sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: arn, input: '{"total":900}' }),
    );
    expect(out).toMatchObject({
      status: 'FAILED',
      error: 'Order.Rejected',
      cause: 'The order total exceeds the credit limit',
      input: '{"total":900}',
    });
    expect(out.executionArn).toMatch(
      /^arn:aws:states:us-east-1:123456789012:express:ExpressReject:[0-9a-f-]{36}:[0-9a-f-]{36}$/,
    );
    expect(out.output).toBeUndefined();

    const ok = await create('ExpressEcho', passMachine({ echoed: true }), 'EXPRESS');
    const good = await local.sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: ok, name: 'echo-1', input: '{}' }),
    );
    expect(good).toMatchObject({ status: 'SUCCEEDED', output: '{"echoed":true}', name: 'echo-1' });
    expect(good.stopDate).toBeInstanceOf(Date);

    const standard = await create('NotExpress', passMachine());
    await expect(
      local.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: standard })),
    ).rejects.toMatchObject({
      name: 'StateMachineTypeNotSupported',
    });
  });

  it('records the history of a failed run, paged forwards and backwards', async () => {
    const arn = await create('FailingStandard', FAILING);
    const { executionArn } = await local.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"total":900}' }),
    );
    const d = await describeWhen(executionArn!, (x) => x.status !== 'RUNNING');
    expect(d).toMatchObject({
      status: 'FAILED',
      error: 'Order.Rejected',
      cause: 'The order total exceeds the credit limit',
    });

    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await local.sfn.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 2, nextToken }),
      );
      expect(page.events!.length).toBeLessThanOrEqual(2);
      events.push(...page.events!);
      nextToken = page.nextToken;
    } while (nextToken);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'FailStateEntered',
      'ExecutionFailed',
    ]);
    expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    // AWS links the first state's entry to event 0, not to ExecutionStarted (recorded in LocalStack's
    // AWS-validated snapshot test_sfn_api.snapshot.json::test_stop_execution).
    expect(events[1]).toMatchObject({
      previousEventId: 0,
      stateEnteredEventDetails: { name: 'Check', input: '{"total":900}' },
    });
    expect(events[0]!.executionStartedEventDetails).toMatchObject({
      input: '{"total":900}',
      roleArn: ROLE_ARN,
    });
    expect(events[4]!.executionFailedEventDetails).toEqual({
      error: 'Order.Rejected',
      cause: 'The order total exceeds the credit limit',
    });
    expect(events[0]!.timestamp).toBeInstanceOf(Date);

    const reversed = await local.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, includeExecutionData: false }),
    );
    expect(reversed.events!.map((e) => e.id)).toEqual([5, 4, 3, 2, 1]);
    expect(reversed.events![4]!.executionStartedEventDetails?.input).toBeUndefined();
  });

  it('keeps the X-Ray trace header of a start: DescribeExecution returns it, the call log records it', async () => {
    const traceHeader = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    const standard = await create('trace-standard', passMachine());
    const express = await create('trace-express', passMachine(), 'EXPRESS');
    local.engine.calls.reset();
    const started = await local.sfn.send(
      new StartExecutionCommand({ stateMachineArn: standard, traceHeader }),
    );
    const described = await describeWhen(started.executionArn!, (d) => d.status === 'SUCCEEDED');
    expect(described.traceHeader).toBe(traceHeader);
    const sync = await local.sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: express, traceHeader }),
    );
    expect(sync.traceHeader).toBe(traceHeader);
    const untraced = await local.sfn.send(new StartExecutionCommand({ stateMachineArn: standard }));
    const plain = await describeWhen(untraced.executionArn!, (d) => d.status === 'SUCCEEDED');
    expect(plain.traceHeader).toBeUndefined();
    const starts = local.engine.calls
      .entries()
      .filter((e) => e.operation.startsWith('Start'))
      .map((e) => [e.operation, e.traceHeader]);
    expect(starts).toEqual([
      ['StartExecution', traceHeader],
      ['StartSyncExecution', traceHeader],
      ['StartExecution', undefined],
    ]);
    await expect(
      local.sfn.send(new StartExecutionCommand({ stateMachineArn: standard, traceHeader: 'x'.repeat(257) })),
    ).rejects.toThrow(/traceHeader.*length between 0 and 256/);
  });
});

describe('ListStateMachines pagination', () => {
  const local = useEngine();

  it('pages through 250 machines with nextToken, each seen once', async () => {
    const { sfn } = local;
    const names = Array.from({ length: 250 }, (_, i) => `machine-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < names.length; i += 50) {
      await Promise.all(
        names
          .slice(i, i + 50)
          .map((name) =>
            sfn.send(new CreateStateMachineCommand({ name, definition: passMachine(), roleArn: ROLE_ARN })),
          ),
      );
    }
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 100, nextToken }));
      pageSizes.push(page.stateMachines!.length);
      seen.push(...page.stateMachines!.map((m) => m.name!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(pageSizes).toEqual([100, 100, 50]);
    expect(seen).toEqual(names);
    const firstDefault = await sfn.send(new ListStateMachinesCommand({}));
    expect(firstDefault.stateMachines).toHaveLength(100);
    await expect(sfn.send(new ListStateMachinesCommand({ nextToken: 'not-a-token' }))).rejects.toMatchObject({
      name: 'InvalidToken',
    });
  });
});
