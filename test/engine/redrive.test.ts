/**
 * RedriveExecution through the real SDK client, of FAILED, ABORTED and TIMED_OUT executions. AWS documents
 * no worked example with outputs, so these tests assert the documented rules
 * (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html and the SDK's
 * RedriveExecution / DescribeExecution documentation): same ARN; redriveCount 1 and an
 * ExecutionRedriven{redriveCount} event; "Step Functions preserves the results and execution history of the
 * successful steps, and doesn't rerun these steps"; for Map and Parallel "redrives only the iterations and
 * branches that failed or aborted"; ExecutionNotRedrivable for RUNNING and SUCCEEDED executions, with the
 * redriveStatusReason AWS records ("Execution is SUCCEEDED and cannot be redriven", LocalStack's
 * AWS-validated test_sfn_api.snapshot.json).
 */
import { describe, expect, it } from 'vitest';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { ended, eventOf, history, start, useMachineFolder } from './runs.js';

const INVOKE = 'arn:aws:states:::lambda:invoke';

// Each handler fails the first time it sees a key in an execution, and counts its calls.
const HANDLERS = `
const seen = new Map();
const calls = (key) => { const n = (seen.get(key) ?? 0) + 1; seen.set(key, n); return n; };
const flaky = (key) => { if (calls(key) === 1) throw Object.assign(new Error('first attempt of ' + key), { name: 'Glitch' }); };
export default {
  Charge: (input, ctx) => { flaky(ctx.executionArn + ':charge'); return { charged: input.amount, calls: seen.get(ctx.executionArn + ':charge') }; },
  Steady: (input, ctx) => ({ steady: calls(ctx.executionArn + ':steady') }),
  Flaky: (input, ctx) => { flaky(ctx.executionArn + ':flaky'); return { flaky: seen.get(ctx.executionArn + ':flaky') }; },
  Item: (item, ctx) => { if (item === 2) flaky(ctx.executionArn + ':item'); return { item, calls: calls(ctx.executionArn + ':item' + item) }; },
};
`;

const FOLDER = {
  Sequence: {
    'definition.asl.json': {
      StartAt: 'Prepare',
      States: {
        Prepare: { Type: 'Pass', Assign: { amount: 42 }, Next: 'Charge' },
        Charge: { Type: 'Task', Resource: INVOKE, Parameters: { 'amount.$': '$amount' }, Next: 'Done' },
        Done: {
          Type: 'Pass',
          Parameters: { 'charge.$': '$', 'redriveCount.$': '$$.Execution.RedriveCount' },
          End: true,
        },
      },
    },
    'handlers.mjs': HANDLERS,
  },
  Branches: {
    'definition.asl.json': {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Steady', States: { Steady: { Type: 'Task', Resource: INVOKE, End: true } } },
            { StartAt: 'Flaky', States: { Flaky: { Type: 'Task', Resource: INVOKE, End: true } } },
          ],
          End: true,
        },
      },
    },
    'handlers.mjs': HANDLERS,
  },
  Items: {
    'definition.asl.json': {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          MaxConcurrency: 1,
          ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Task', Resource: INVOKE, End: true } } },
          End: true,
        },
      },
    },
    'handlers.mjs': HANDLERS,
  },
  Pause: {
    'definition.asl.json': {
      StartAt: 'Hold',
      States: {
        Hold: { Type: 'Wait', Seconds: 30, Next: 'Done' },
        Done: { Type: 'Pass', Result: 'done', End: true },
      },
    },
  },
  Limited: {
    'definition.asl.json': {
      TimeoutSeconds: 10,
      StartAt: 'Prepare',
      States: {
        Prepare: { Type: 'Pass', Result: { ready: true }, Next: 'Hold' },
        Hold: { Type: 'Wait', Seconds: 30, Next: 'Done' },
        Done: {
          Type: 'Pass',
          Parameters: { 'prepared.$': '$', 'redriveCount.$': '$$.Execution.RedriveCount' },
          End: true,
        },
      },
    },
  },
};

const entered = (events: HistoryEvent[], name: string) =>
  events.filter((e) => e.stateEnteredEventDetails?.name === name).length;

describe('RedriveExecution', () => {
  const { local, arn } = useMachineFolder(FOLDER);

  async function failed(machine: string, input: unknown = {}): Promise<string> {
    const executionArn = await start(local.sfn, arn(machine), input);
    expect((await ended(local.sfn, executionArn)).status).toBe('FAILED');
    return executionArn;
  }

  it('reruns the same execution from the failed state: succeeded states are not rerun, variables are kept', async () => {
    const executionArn = await failed('Sequence');
    const before = await local.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(before).toMatchObject({
      status: 'FAILED',
      error: 'Glitch',
      redriveCount: 0,
      redriveStatus: 'REDRIVABLE',
    });
    const out = await local.sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect(out.redriveDate).toBeInstanceOf(Date);
    const d = await ended(local.sfn, executionArn);
    expect(d).toMatchObject({
      executionArn,
      status: 'SUCCEEDED',
      redriveCount: 1,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
    });
    expect(d.redriveDate).toBeInstanceOf(Date);
    // The Task read $amount, assigned before the failure; the context counts the redrive.
    expect(JSON.parse(d.output!)).toEqual({ charge: { charged: 42, calls: 2 }, redriveCount: 1 });
    const events = await history(local.sfn, executionArn);
    const failedAt = events.findIndex((e) => e.type === 'ExecutionFailed');
    expect(events[failedAt + 1]).toMatchObject({
      type: 'ExecutionRedriven',
      executionRedrivenEventDetails: { redriveCount: 1 },
    });
    expect(entered(events, 'Prepare')).toBe(1);
    expect(entered(events, 'Charge')).toBe(2);
    expect(events.at(-1)!.type).toBe('ExecutionSucceeded');
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  });

  it('lists redriven executions with redriveFilter and their redriveCount', async () => {
    const redriven = await failed('Sequence');
    await local.sfn.send(new RedriveExecutionCommand({ executionArn: redriven }));
    await ended(local.sfn, redriven);
    const untouched = await failed('Sequence');
    const list = async (redriveFilter: 'REDRIVEN' | 'NOT_REDRIVEN') =>
      (await local.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn('Sequence'), redriveFilter })))
        .executions!;
    const yes = await list('REDRIVEN');
    expect(yes.map((e) => e.executionArn)).toContain(redriven);
    expect(yes.find((e) => e.executionArn === redriven)).toMatchObject({ redriveCount: 1 });
    expect(yes.map((e) => e.executionArn)).not.toContain(untouched);
    expect((await list('NOT_REDRIVEN')).map((e) => e.executionArn)).toContain(untouched);
  });

  it('reruns only the failed Parallel branch', async () => {
    const executionArn = await failed('Branches');
    await local.sfn.send(new RedriveExecutionCommand({ executionArn }));
    const d = await ended(local.sfn, executionArn);
    // Steady ran once, in the first run: its output is kept, not recomputed.
    expect(JSON.parse(d.output!)).toEqual([{ steady: 1 }, { flaky: 2 }]);
    const events = await history(local.sfn, executionArn);
    expect(entered(events, 'Steady')).toBe(1);
    expect(entered(events, 'Flaky')).toBe(2);
  });

  it('reruns only the failed Map iteration, and the ones it kept from starting', async () => {
    // One at a time: item 1 succeeds, item 2 fails, item 3 never starts.
    const executionArn = await failed('Items', [1, 2, 3]);
    await local.sfn.send(new RedriveExecutionCommand({ executionArn }));
    const d = await ended(local.sfn, executionArn);
    expect(JSON.parse(d.output!)).toEqual([
      { item: 1, calls: 1 },
      { item: 2, calls: 1 },
      { item: 3, calls: 1 },
    ]);
    // Item 1 ran once (first run), item 2 twice (failed, then redriven), item 3 once (redrive).
    expect(entered(await history(local.sfn, executionArn), 'Item')).toBe(4);
  });

  it('redrives an ABORTED execution from the state it was stopped in', async () => {
    try {
      const executionArn = await start(local.sfn, arn('Pause'));
      await eventOf(local.sfn, executionArn, 'WaitStateEntered');
      await local.sfn.send(new StopExecutionCommand({ executionArn }));
      expect((await ended(local.sfn, executionArn)).status).toBe('ABORTED');
      local.engine.faults.set({ waitScale: 0.001 });
      await local.sfn.send(new RedriveExecutionCommand({ executionArn }));
      const d = await ended(local.sfn, executionArn);
      expect(d).toMatchObject({ status: 'SUCCEEDED', output: '"done"', redriveCount: 1 });
      const types = (await history(local.sfn, executionArn)).map((e) => e.type);
      expect(types.slice(0, 4)).toEqual([
        'ExecutionStarted',
        'WaitStateEntered',
        'ExecutionAborted',
        'ExecutionRedriven',
      ]);
      expect(types.filter((t) => t === 'WaitStateEntered')).toHaveLength(2);
    } finally {
      local.engine.faults.reset();
    }
  });

  // redrive-executions.html: an execution that failed, was aborted or timed out can be redriven; the states that
  // succeeded (Prepare) are not run again, the one that did not finish (Hold) runs again.
  it('redrives a TIMED_OUT execution from the state the timeout ended', async () => {
    try {
      // The execution's TimeoutSeconds of 10 s lasts 100 ms; the 30 s Wait outlasts it.
      local.engine.faults.set({ timeoutScale: 0.01 });
      const executionArn = await start(local.sfn, arn('Limited'));
      expect(await ended(local.sfn, executionArn)).toMatchObject({
        status: 'TIMED_OUT',
        error: 'States.Timeout',
        redriveCount: 0,
        redriveStatus: 'REDRIVABLE',
      });
      local.engine.faults.set({ timeoutScale: 1, waitScale: 0.001 });
      await local.sfn.send(new RedriveExecutionCommand({ executionArn }));
      const d = await ended(local.sfn, executionArn);
      expect(d).toMatchObject({ executionArn, status: 'SUCCEEDED', redriveCount: 1 });
      expect(JSON.parse(d.output!)).toEqual({ prepared: { ready: true }, redriveCount: 1 });
      const events = await history(local.sfn, executionArn);
      const types = events.map((e) => e.type);
      expect(types[types.indexOf('ExecutionTimedOut') + 1]).toBe('ExecutionRedriven');
      expect(entered(events, 'Prepare')).toBe(1);
      expect(entered(events, 'Hold')).toBe(2);
      expect(types.at(-1)).toBe('ExecutionSucceeded');
    } finally {
      local.engine.faults.reset();
    }
  });

  it('refuses RUNNING and SUCCEEDED executions with ExecutionNotRedrivable, and unknown ones with ExecutionDoesNotExist', async () => {
    const running = await start(local.sfn, arn('Pause'));
    await expect(
      local.sfn.send(new RedriveExecutionCommand({ executionArn: running })),
    ).rejects.toMatchObject({
      name: 'ExecutionNotRedrivable',
      message: expect.stringContaining('Execution is RUNNING and cannot be redriven'),
    });
    expect(await local.sfn.send(new DescribeExecutionCommand({ executionArn: running }))).toMatchObject({
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is RUNNING and cannot be redriven',
    });
    await local.sfn.send(new StopExecutionCommand({ executionArn: running }));
    const done = await failed('Sequence');
    await local.sfn.send(new RedriveExecutionCommand({ executionArn: done }));
    await ended(local.sfn, done);
    await expect(local.sfn.send(new RedriveExecutionCommand({ executionArn: done }))).rejects.toMatchObject({
      name: 'ExecutionNotRedrivable',
    });
    await expect(
      local.sfn.send(
        new RedriveExecutionCommand({
          executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Sequence:nope',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  });
});
