/** The approval convention in a callback Task's parameters, and pending approvals in a history (pure). */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { approvalInParameters, pendingApprovals } from '../../src/approvals/index.js';

const SCHEMA = { type: 'object', properties: { approved: { type: 'boolean' } }, required: ['approved'] };

describe('approvalInParameters', () => {
  it('finds the token and the request side by side in an SQS MessageBody object', () => {
    const parameters = JSON.stringify({
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/approvals',
      MessageBody: { TaskToken: 'tok-1', approval: { message: 'Refund 250 USD?', schema: SCHEMA } },
    });
    expect(approvalInParameters(parameters)).toEqual({
      message: 'Refund 250 USD?',
      schema: SCHEMA,
      token: 'tok-1',
    });
  });

  it('finds it in a message given as a JSON string (SNS Message), with a lower-case taskToken, without a schema', () => {
    const parameters = JSON.stringify({
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:approvals',
      Message: JSON.stringify({ taskToken: 'tok-2', approval: { message: 'Ship it?' } }),
    });
    expect(approvalInParameters(parameters)).toEqual({ message: 'Ship it?', token: 'tok-2' });
  });

  it('finds it inside arrays (EventBridge Entries) and ignores a schema that is not an object', () => {
    const parameters = JSON.stringify({
      Entries: [{ Detail: { TaskToken: 't', approval: { message: 'm', schema: 'not a schema' } } }],
    });
    expect(approvalInParameters(parameters)).toEqual({ message: 'm', token: 't' });
  });

  it('is undefined without a token beside the request, without a message, or for text that is not JSON', () => {
    expect(approvalInParameters(JSON.stringify({ Payload: { approval: { message: 'm' } } }))).toBeUndefined();
    expect(
      approvalInParameters(JSON.stringify({ Payload: { TaskToken: 't', approval: { schema: SCHEMA } } })),
    ).toBeUndefined();
    expect(
      approvalInParameters(JSON.stringify({ TaskToken: 't', Payload: { approval: { message: 'm' } } })),
    ).toBeUndefined();
    expect(approvalInParameters(JSON.stringify({ Payload: { TaskToken: 't' } }))).toBeUndefined();
    expect(approvalInParameters('{not json')).toBeUndefined();
    expect(approvalInParameters(undefined)).toBeUndefined();
  });
});

/** A history as GetExecutionHistory gives it (newest first), built oldest first with linked ids. */
function history(...events: Array<Record<string, unknown> & { after?: number }>): HistoryEvent[] {
  const linked = events.map(({ after, ...e }, i) => ({
    ...e,
    id: i + 1,
    timestamp: new Date(0),
    ...(after !== undefined ? { previousEventId: after } : i > 0 ? { previousEventId: i } : {}),
  }));
  return (linked as HistoryEvent[]).reverse();
}

const entered = (name: string) => ({ type: 'TaskStateEntered', stateEnteredEventDetails: { name } });
const scheduled = (token: string, message: string) => ({
  type: 'TaskScheduled',
  taskScheduledEventDetails: {
    resourceType: 'sqs',
    resource: 'sendMessage.waitForTaskToken',
    region: 'us-east-1',
    parameters: JSON.stringify({ MessageBody: { TaskToken: token, approval: { message } } }),
  },
});

describe('pendingApprovals', () => {
  it('a scheduled approval followed only by TaskStarted and TaskSubmitted is pending, with its state name', () => {
    const events = history(
      { type: 'ExecutionStarted' },
      entered('AskForApproval'),
      scheduled('tok', 'Approve?'),
      { type: 'TaskStarted' },
      { type: 'TaskSubmitted' },
    );
    expect(pendingApprovals(events)).toEqual([
      { eventId: 3, state: 'AskForApproval', message: 'Approve?', token: 'tok' },
    ]);
  });

  it('is closed by its TaskSucceeded, TaskFailed or TaskTimedOut', () => {
    for (const end of ['TaskSucceeded', 'TaskFailed', 'TaskTimedOut']) {
      const events = history(
        { type: 'ExecutionStarted' },
        entered('AskForApproval'),
        scheduled('tok', 'Approve?'),
        { type: 'TaskStarted' },
        { type: 'TaskSubmitted' },
        { type: end },
      );
      expect(pendingApprovals(events), end).toEqual([]);
    }
  });

  it('after a retry, only the new request waits; parallel branches are told apart by their links', () => {
    const events = history(
      { type: 'ExecutionStarted' }, // 1
      { type: 'ParallelStateEntered', stateEnteredEventDetails: { name: 'Both' } }, // 2
      { ...entered('Left'), after: 2 }, // 3
      { ...entered('Right'), after: 2 }, // 4
      { ...scheduled('left-1', 'Left?'), after: 3 }, // 5
      { ...scheduled('right-1', 'Right?'), after: 4 }, // 6
      { type: 'TaskStarted', after: 5 }, // 7
      { type: 'TaskStarted', after: 6 }, // 8
      { type: 'TaskFailed', after: 7 }, // 9: the left one failed and is retried
      { ...scheduled('left-2', 'Left again?'), after: 9 }, // 10
      { type: 'TaskStarted', after: 10 }, // 11
    );
    expect(pendingApprovals(events).map((a) => [a.eventId, a.token])).toEqual([
      [6, 'right-1'],
      [10, 'left-2'],
    ]);
  });

  it('ignores callback Tasks without the convention, and names no state when its entry is not in the page', () => {
    const events = history(
      { ...entered('Other') },
      {
        type: 'TaskScheduled',
        taskScheduledEventDetails: {
          resourceType: 'lambda',
          resource: 'invoke.waitForTaskToken',
          region: 'us-east-1',
          parameters: JSON.stringify({ Payload: { token: 'x' } }),
        },
      },
      { ...scheduled('tok', 'Approve?'), after: 99 },
    );
    expect(pendingApprovals(events)).toEqual([{ eventId: 3, state: '', message: 'Approve?', token: 'tok' }]);
  });
});
