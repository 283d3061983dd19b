/**
 * Task states beyond the callback: the Lambda function ARN integration's events, `.sync`, TimeoutSeconds
 * (AWS's default and an expiry), and `Credentials`, which the local engine records and hands to the
 * handler but does not assume. Expected histories are AWS's (LocalStack's AWS-validated
 * v2/services/test_lambda_task.snapshot.json and v2/timeouts/test_timeouts.snapshot.json, cited per test)
 * and https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html.
 */
import { describe, expect, it } from 'vitest';
import { chain, useMachineFolder } from './runs.js';

const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:pipe';

const FOLDER = {
  Pipe: {
    'definition.asl.json': {
      StartAt: 'step1',
      States: {
        step1: { Type: 'Task', Resource: FUNCTION, Next: 'step2' },
        step2: { Type: 'Task', Resource: FUNCTION, ResultPath: '$.Return', End: true },
      },
    },
    'handlers.mjs': `export default { '${FUNCTION}': () => ({ Return: 'HelloWorld' }) };`,
  },
  Slow: {
    'definition.asl.json': {
      StartAt: 'Start',
      States: {
        Start: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          TimeoutSecondsPath: '$.timeout',
          End: true,
        },
      },
    },
    'handlers.mjs': `
      import { setTimeout } from 'node:timers/promises';
      export default { Start: async (input, context) => {
        try { await setTimeout(input.ms, undefined, { signal: context.signal }); } catch { return 'aborted'; }
        return { slept: input.ms };
      } };`,
  },
  Unlimited: {
    'definition.asl.json': {
      StartAt: 'Start',
      States: { Start: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
    },
    'handlers.mjs': `
      import { setTimeout } from 'node:timers/promises';
      export default { Start: async (input) => { await setTimeout(input.ms); return { slept: input.ms }; } };`,
  },
  Sync: {
    'definition.asl.json': {
      StartAt: 'Run',
      States: { Run: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', End: true } },
    },
    'handlers.mjs': `export default { Run: () => ({ JobRunState: 'SUCCEEDED' }) };`,
  },
  Limited: {
    'definition.asl.json': {
      TimeoutSeconds: 5,
      StartAt: 'Hold',
      States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } },
    },
  },
  AsRole: {
    'definition.asl.json': {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Credentials: { 'RoleArn.$': '$.role' },
          End: true,
        },
      },
    },
    'handlers.mjs': `export default { Call: (input, context) => context.credentials };`,
  },
};

describe('Task states', () => {
  const { local, runMachine } = useMachineFolder(FOLDER);

  it('records a Lambda function ARN Resource as LambdaFunction* events (recorded: test_lambda_task.py::test_invoke_pipe)', async () => {
    const out = await runMachine('Pipe');
    expect(JSON.parse(out.output!)).toEqual({ Return: { Return: 'HelloWorld' } });
    expect(chain(out.events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'LambdaFunctionScheduled'],
      [4, 3, 'LambdaFunctionStarted'],
      [5, 4, 'LambdaFunctionSucceeded'],
      [6, 5, 'TaskStateExited'],
      [7, 6, 'TaskStateEntered'],
      [8, 7, 'LambdaFunctionScheduled'],
      [9, 8, 'LambdaFunctionStarted'],
      [10, 9, 'LambdaFunctionSucceeded'],
      [11, 10, 'TaskStateExited'],
      [12, 11, 'ExecutionSucceeded'],
    ]);
    expect(out.events[2]!.lambdaFunctionScheduledEventDetails).toEqual({
      resource: FUNCTION,
      input: '{}',
      inputDetails: { truncated: false },
    });
    expect(out.events[4]!.lambdaFunctionSucceededEventDetails).toEqual({
      output: '{"Return":"HelloWorld"}',
      outputDetails: { truncated: false },
    });
  });

  it('times a Task out after TimeoutSeconds: TaskTimedOut, then ExecutionFailed States.Timeout (recorded: test_fixed_timeout_service_lambda_with_path)', async () => {
    local.engine.faults.set({ timeoutScale: 0.01 });
    try {
      const out = await runMachine('Slow', { timeout: 5, ms: 5_000 });
      expect(out).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
      expect(out.cause).toBeUndefined();
      expect(out.events.map((e) => e.type).slice(-3)).toEqual([
        'TaskStarted',
        'TaskTimedOut',
        'ExecutionFailed',
      ]);
      expect(
        out.events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!.timeoutInSeconds,
      ).toBe(5);
      expect(out.events.find((e) => e.type === 'TaskTimedOut')!.taskTimedOutEventDetails).toEqual({
        resourceType: 'lambda',
        resource: 'invoke',
        error: 'States.Timeout',
      });
    } finally {
      local.engine.faults.reset();
    }
  });

  it('defaults TimeoutSeconds to 99999999, not 60 (state-task.html; timeoutScale 0.001 makes 60 s 60 ms)', async () => {
    local.engine.faults.set({ timeoutScale: 0.001 });
    try {
      const out = await runMachine('Unlimited', { ms: 300 });
      expect(out).toMatchObject({ status: 'SUCCEEDED', output: '{"slept":300}' });
      expect(
        out.events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!.timeoutInSeconds,
      ).toBeUndefined();
    } finally {
      local.engine.faults.reset();
    }
  });

  // connect-to-resource.html#connect-sync ("Run a Job (.sync)"): Step Functions waits for the job to complete
  // before the next state, and the Task's result is the job's; the API reference's HistoryEvent records the
  // request as TaskSubmitted (taskSubmittedEventDetails), then TaskSucceeded with the output.
  it('runs a .sync Task to its result: TaskSubmitted, then TaskSucceeded', async () => {
    const out = await runMachine('Sync');
    expect(out.output).toBe('{"JobRunState":"SUCCEEDED"}');
    expect(out.events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(out.events[2]!.taskScheduledEventDetails).toMatchObject({
      resourceType: 'glue',
      resource: 'startJobRun.sync',
    });
  });

  it('accepts Credentials: records the role in TaskScheduled and tells the handler it is not assumed', async () => {
    const role = 'arn:aws:iam::111122223333:role/cross-account';
    const out = await runMachine('AsRole', { role });
    expect(JSON.parse(out.output!)).toEqual({ roleArn: role, assumed: false });
    expect(
      out.events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!.taskCredentials,
    ).toEqual({
      roleArn: role,
    });
  });

  it("ends an execution that outlives the definition's TimeoutSeconds as TIMED_OUT (timeoutScale 0.01)", async () => {
    local.engine.faults.set({ timeoutScale: 0.01 });
    try {
      const out = await runMachine('Limited');
      expect(out).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
      expect(out.events.map((e) => e.type)).toEqual([
        'ExecutionStarted',
        'WaitStateEntered',
        'ExecutionTimedOut',
      ]);
      expect(out.events[2]!.executionTimedOutEventDetails).toMatchObject({ error: 'States.Timeout' });
    } finally {
      local.engine.faults.reset();
    }
  });
});
