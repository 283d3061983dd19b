/**
 * The callback cycle of `.waitForTaskToken` Tasks through the real SDK client: the token read from
 * GetExecutionHistory's TaskScheduled parameters, SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat,
 * both timeouts, StopExecution while waiting, and the API's errors. Expected histories and outputs are
 * AWS's, recorded in LocalStack's AWS-validated snapshots v2/callback/test_callback.snapshot.json and
 * v2/timeouts/test_heartbeats.snapshot.json (cited per test), and the rules of
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token and
 * concepts-error-handling.html. Timeouts run on the engine's timeoutScale, not on real seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { useEngine } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';
import { chain, createMachine, ended, eventOf, history, start, useMachineFolder } from './runs.js';

const SEND = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';

/** The recorded machine: an SQS message that carries the token, then a wait for the answer. */
function waitingMachine(task: Record<string, unknown> = {}, more: Record<string, unknown> = {}) {
  return {
    StartAt: 'SendMessageWithWait',
    States: {
      SendMessageWithWait: {
        Type: 'Task',
        Resource: SEND,
        Parameters: {
          'QueueUrl.$': '$.QueueUrl',
          MessageBody: { 'Message.$': '$.Message', 'TaskToken.$': '$$.Task.Token' },
        },
        End: true,
        ...task,
      },
      ...more,
    },
  };
}

const INPUT = { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', Message: 'test_message_txt' };

describe('.waitForTaskToken', () => {
  const local = useEngine();

  /** Starts the machine, waits until the Task waits, and reads its token from TaskScheduled's parameters. */
  async function waiting(definition: Record<string, unknown>, input: unknown = INPUT) {
    const executionArn = await start(local.sfn, await createMachine(local.sfn, definition), input);
    await eventOf(local.sfn, executionArn, 'TaskSubmitted');
    const scheduled = (await history(local.sfn, executionArn))
      .filter((e) => e.type === 'TaskScheduled')
      .at(-1)!;
    const parameters = JSON.parse(scheduled.taskScheduledEventDetails!.parameters!) as {
      MessageBody: { TaskToken: string };
    };
    return { executionArn, taskToken: parameters.MessageBody.TaskToken, parameters };
  }

  it('records the resolved parameters with the token, then succeeds with SendTaskSuccess output (recorded: test_sqs_wait_for_task_token)', async () => {
    const { executionArn, taskToken, parameters } = await waiting(waitingMachine());
    expect(parameters).toEqual({
      QueueUrl: INPUT.QueueUrl,
      MessageBody: { Message: 'test_message_txt', TaskToken: taskToken },
    });
    expect((await local.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await local.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '"test_message_txt"' }));
    const d = await ended(local.sfn, executionArn);
    expect(d).toMatchObject({ status: 'SUCCEEDED', output: '"test_message_txt"' });
    const events = await history(local.sfn, executionArn);
    expect(chain(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'TaskScheduled'],
      [4, 3, 'TaskStarted'],
      [5, 4, 'TaskSubmitted'],
      [6, 5, 'TaskSucceeded'],
      [7, 6, 'TaskStateExited'],
      [8, 7, 'ExecutionSucceeded'],
    ]);
    expect(events[2]!.taskScheduledEventDetails).toMatchObject({
      resourceType: 'sqs',
      resource: 'sendMessage.waitForTaskToken',
      region: 'us-east-1',
    });
    expect(events[5]!.taskSucceededEventDetails).toEqual({
      resourceType: 'sqs',
      resource: 'sendMessage.waitForTaskToken',
      output: '"test_message_txt"',
      outputDetails: { truncated: false },
    });
  });

  it('fails the Task and the execution with SendTaskFailure error and cause (recorded: test_sqs_failure_in_wait_for_task_tok)', async () => {
    const { executionArn, taskToken } = await waiting(waitingMachine());
    await local.sfn.send(
      new SendTaskFailureCommand({ taskToken, error: 'Failure error', cause: 'Failure cause' }),
    );
    expect(await ended(local.sfn, executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'Failure error',
      cause: 'Failure cause',
    });
    const failed = await eventOf(local.sfn, executionArn, 'TaskFailed');
    expect(failed.taskFailedEventDetails).toMatchObject({ error: 'Failure error', cause: 'Failure cause' });
  });

  it('catches a SendTaskFailure without error or cause as {"Error": null, "Cause": null} (recorded: test_sqs_failure_in_wait_for_task_tok_no_error_field)', async () => {
    const definition = waitingMachine(
      {
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.states_all_error', Next: 'CaughtStatesALL' }],
      },
      { CaughtStatesALL: { Type: 'Pass', End: true } },
    );
    const { executionArn, taskToken } = await waiting(definition);
    await local.sfn.send(new SendTaskFailureCommand({ taskToken }));
    const d = await ended(local.sfn, executionArn);
    expect(JSON.parse(d.output!)).toEqual({ ...INPUT, states_all_error: { Error: null, Cause: null } });
    const failed = await eventOf(local.sfn, executionArn, 'TaskFailed');
    expect(failed.taskFailedEventDetails).toEqual({
      resourceType: 'sqs',
      resource: 'sendMessage.waitForTaskToken',
    });
  });

  describe('timeouts (timeoutScale 0.01: 1 s takes 10 ms)', () => {
    beforeAll(() => local.engine.faults.set({ timeoutScale: 0.01 }));
    afterAll(() => local.engine.faults.reset());

    it('times out after TimeoutSeconds: TaskTimedOut, then ExecutionFailed States.Timeout without a cause (recorded: test_sqs_wait_for_task_token_timeout)', async () => {
      const executionArn = await start(
        local.sfn,
        await createMachine(local.sfn, waitingMachine({ TimeoutSeconds: 5 })),
        INPUT,
      );
      const d = await ended(local.sfn, executionArn);
      expect(d.status).toBe('FAILED');
      expect(d.error).toBe('States.Timeout');
      expect(d.cause).toBeUndefined();
      const events = await history(local.sfn, executionArn);
      expect(events.map((e) => e.type).slice(-3)).toEqual([
        'TaskSubmitted',
        'TaskTimedOut',
        'ExecutionFailed',
      ]);
      expect(
        events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!.timeoutInSeconds,
      ).toBe(5);
      expect(events.find((e) => e.type === 'TaskTimedOut')!.taskTimedOutEventDetails).toEqual({
        resourceType: 'sqs',
        resource: 'sendMessage.waitForTaskToken',
        error: 'States.Timeout',
      });
    });

    it('times out without heartbeats as States.Timeout, which a States.HeartbeatTimeout Catch catches and States.TaskFailed does not (recorded: test_heartbeat_timeout; concepts-error-handling.html)', async () => {
      const definition = waitingMachine(
        {
          HeartbeatSeconds: 5,
          Catch: [
            { ErrorEquals: ['States.TaskFailed'], Next: 'Wrong' },
            { ErrorEquals: ['States.HeartbeatTimeout'], Next: 'NoHeartbeat' },
          ],
        },
        { Wrong: { Type: 'Fail', Error: 'Wrong' }, NoHeartbeat: { Type: 'Pass', End: true } },
      );
      const executionArn = await start(local.sfn, await createMachine(local.sfn, definition), INPUT);
      const d = await ended(local.sfn, executionArn);
      expect(d.status).toBe('SUCCEEDED');
      expect(JSON.parse(d.output!)).toEqual({ Error: 'States.Timeout', Cause: null });
      const events = await history(local.sfn, executionArn);
      expect(events.find((e) => e.type === 'TaskTimedOut')!.taskTimedOutEventDetails!.error).toBe(
        'States.Timeout',
      );
      expect(
        events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!.heartbeatInSeconds,
      ).toBe(5);
      expect(events.map((e) => e.stateEnteredEventDetails?.name)).toContain('NoHeartbeat');
    });

    // concepts-error-handling.html, error names: States.HeartbeatTimeout is a Task that sent no heartbeat for
    // longer than HeartbeatSeconds, a name for Retry and Catch; the error recorded is States.Timeout (which
    // names both expiries). So a States.HeartbeatTimeout retrier retries a heartbeat expiry and not a
    // TimeoutSeconds expiry.
    it('retries a heartbeat expiry on a States.HeartbeatTimeout retrier, and not a TimeoutSeconds expiry', async () => {
      local.engine.faults.set({ waitScale: 0.001 });
      try {
        const retrier = { ErrorEquals: ['States.HeartbeatTimeout'], MaxAttempts: 2, IntervalSeconds: 1 };
        const attempts = async (task: Record<string, unknown>) => {
          const executionArn = await start(
            local.sfn,
            await createMachine(local.sfn, waitingMachine({ ...task, Retry: [retrier] })),
            INPUT,
          );
          const d = await ended(local.sfn, executionArn);
          const types = (await history(local.sfn, executionArn)).map((e) => e.type);
          return {
            status: d.status,
            error: d.error,
            scheduled: types.filter((t) => t === 'TaskScheduled').length,
            timedOut: types.filter((t) => t === 'TaskTimedOut').length,
          };
        };
        // No heartbeat within 5 s: the first attempt and both retries expire.
        expect(await attempts({ HeartbeatSeconds: 5 })).toEqual({
          status: 'FAILED',
          error: 'States.Timeout',
          scheduled: 3,
          timedOut: 3,
        });
        // A TimeoutSeconds expiry is not a heartbeat expiry: the retrier does not apply.
        expect(await attempts({ TimeoutSeconds: 5 })).toEqual({
          status: 'FAILED',
          error: 'States.Timeout',
          scheduled: 1,
          timedOut: 1,
        });
      } finally {
        local.engine.faults.set({ waitScale: 1 });
      }
    });

    it('closes a timed-out token: a late answer gets TaskTimedOut', async () => {
      const { executionArn, taskToken } = await waiting(waitingMachine({ TimeoutSeconds: 10 }));
      await ended(local.sfn, executionArn);
      await expect(
        local.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })),
      ).rejects.toMatchObject({
        name: 'TaskTimedOut',
      });
    });
  });

  // connect-to-resource.html#connect-wait-token and the API reference of SendTaskHeartbeat: a heartbeat resets
  // the Heartbeat clock (HeartbeatSeconds), so a Task that keeps getting heartbeats keeps waiting for longer
  // than one HeartbeatSeconds window. The engine's own Wait states are the clock: a branch of four Waits, each
  // 0.4 of the window, beside the waiting Task; one heartbeat after each Wait ends.
  it('keeps a Task alive past its HeartbeatSeconds window while heartbeats come within it', async () => {
    // HeartbeatSeconds 10 is a 1 s window; each Wait of 4 s lasts 400 ms: four of them outlast the window.
    local.engine.faults.set({ timeoutScale: 0.1, waitScale: 0.1 });
    try {
      const ticks = ['Tick1', 'Tick2', 'Tick3', 'Tick4'];
      const clock = {
        StartAt: ticks[0],
        States: Object.fromEntries(
          ticks.map((name, i) => [
            name,
            { Type: 'Wait', Seconds: 4, ...(ticks[i + 1] ? { Next: ticks[i + 1] } : { End: true }) },
          ]),
        ),
      };
      const task = waitingMachine({ HeartbeatSeconds: 10 });
      const definition = {
        StartAt: 'Both',
        States: { Both: { Type: 'Parallel', Branches: [task, clock], End: true } },
      };
      const { executionArn, taskToken } = await waiting(definition);
      for (const name of ticks) {
        // The Wait's end, or the Task's expiry if the heartbeats did not keep it alive.
        const next = await waitFor(
          async () =>
            (await history(local.sfn, executionArn)).find(
              (e) => e.type === 'TaskTimedOut' || e.stateExitedEventDetails?.name === name,
            ),
          `the end of ${name}`,
        );
        expect(next.type).toBe('WaitStateExited');
        await local.sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
      }
      // Four Waits (1.6 windows) have ended since the Task started waiting, and it still waits.
      expect((await local.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
      await local.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{"approved":true}' }));
      const d = await ended(local.sfn, executionArn);
      expect(d.status).toBe('SUCCEEDED');
      expect(JSON.parse(d.output!)).toEqual([{ approved: true }, INPUT]);
      const types = (await history(local.sfn, executionArn)).map((e) => e.type);
      expect(types).not.toContain('TaskTimedOut');
      expect(types.lastIndexOf('WaitStateExited')).toBeLessThan(types.indexOf('TaskSucceeded'));
    } finally {
      local.engine.faults.reset();
    }
  });

  it('aborts the wait on StopExecution: no Task event after TaskSubmitted, and the token is closed (recorded: test_stop_execution)', async () => {
    const { executionArn, taskToken } = await waiting(waitingMachine());
    await local.sfn.send(new StopExecutionCommand({ executionArn }));
    const d = await ended(local.sfn, executionArn);
    expect(d.status).toBe('ABORTED');
    const events = await history(local.sfn, executionArn);
    expect(events.map((e) => e.type).slice(-2)).toEqual(['TaskSubmitted', 'ExecutionAborted']);
    expect(events.at(-1)!.executionAbortedEventDetails).toEqual({});
    await expect(
      local.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })),
    ).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
    await expect(local.sfn.send(new SendTaskHeartbeatCommand({ taskToken }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it("answers with the SDK's documented errors: InvalidToken, TaskDoesNotExist, TaskTimedOut, InvalidOutput", async () => {
    await expect(
      local.sfn.send(new SendTaskSuccessCommand({ taskToken: 'not a token', output: '{}' })),
    ).rejects.toMatchObject({
      name: 'InvalidToken',
    });
    const unknown = `AQ${'A'.repeat(48)}`;
    await expect(local.sfn.send(new SendTaskFailureCommand({ taskToken: unknown }))).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
    await expect(local.sfn.send(new SendTaskHeartbeatCommand({ taskToken: unknown }))).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
    const { executionArn, taskToken } = await waiting(waitingMachine());
    await expect(
      local.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{not json' })),
    ).rejects.toMatchObject({
      name: 'InvalidOutput',
    });
    // A refused answer changes nothing: the Task still waits for a good one.
    await local.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '1' }));
    expect(await ended(local.sfn, executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '1' });
    await expect(
      local.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '2' })),
    ).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  // connect-to-resource.html#connect-wait-token: the token is put in the context object ($$.Task.Token) when
  // the Task state starts; concepts-error-handling.html: a retrier runs the Task again, a new attempt that is
  // scheduled again (TaskScheduled), so each attempt starts with a token of its own.
  it('gives each retry attempt a fresh token (a Task attempt is scheduled again with its own parameters)', async () => {
    local.engine.faults.set({ timeoutScale: 0.01, waitScale: 0.001 });
    try {
      const definition = waitingMachine({
        TimeoutSeconds: 5,
        Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 1, IntervalSeconds: 1 }],
      });
      const executionArn = await start(local.sfn, await createMachine(local.sfn, definition), INPUT);
      await ended(local.sfn, executionArn);
      const tokens = (await history(local.sfn, executionArn))
        .filter((e) => e.type === 'TaskScheduled')
        .map(
          (e) =>
            (JSON.parse(e.taskScheduledEventDetails!.parameters!) as { MessageBody: { TaskToken: string } })
              .MessageBody.TaskToken,
        );
      expect(tokens).toHaveLength(2);
      expect(tokens[0]).not.toBe(tokens[1]);
    } finally {
      local.engine.faults.reset();
    }
  });
});

describe('.waitForTaskToken with a local handler and JSONata', () => {
  const { local, arn } = useMachineFolder({
    Approval: {
      'definition.asl.json': {
        QueryLanguage: 'JSONata',
        StartAt: 'Ask',
        States: {
          Ask: {
            Type: 'Task',
            Resource: SEND,
            Arguments: {
              token: '{% $states.context.Task.Token %}',
              question: '{% $states.input.question %}',
            },
            Output: { answer: '{% $states.result %}' },
            End: true,
          },
        },
      },
      'handlers.mjs': `export default { Ask: (input, context) => ({ MessageId: 'm-1', sameToken: input.token === context.taskToken }) };`,
    },
  });

  it('runs the handler with the token (its result is what was submitted), then waits for the answer', async () => {
    const executionArn = await start(local.sfn, arn('Approval'), {
      question: 'Refund 20 USD?',
    });
    const submitted = await eventOf(local.sfn, executionArn, 'TaskSubmitted');
    expect(JSON.parse(submitted.taskSubmittedEventDetails!.output!)).toEqual({
      MessageId: 'm-1',
      sameToken: true,
    });
    const scheduled = await eventOf(local.sfn, executionArn, 'TaskScheduled');
    const { token, question } = JSON.parse(scheduled.taskScheduledEventDetails!.parameters!) as {
      token: string;
      question: string;
    };
    expect(question).toBe('Refund 20 USD?');
    await local.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '"yes"' }));
    expect(await ended(local.sfn, executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"answer":"yes"}',
    });
  });
});
