/** The history -> per-state status mapping, on event lists shaped as GetExecutionHistory returns them. */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { approvalQuestion, stateRuns } from '../../src/view/run-overlay.js';

/** Builds a history: `add` returns the new event's id, to chain the next event of the same thread. */
class History {
  readonly events: HistoryEvent[] = [];
  add(type: string, previousEventId: number, details: Partial<HistoryEvent> = {}): number {
    const id = this.events.length + 1;
    this.events.push({
      id,
      previousEventId,
      type,
      timestamp: new Date(1_700_000_000_000 + id),
      ...details,
    } as HistoryEvent);
    return id;
  }
  enter(type: string, name: string, prev: number): number {
    return this.add(`${type}StateEntered`, prev, { stateEnteredEventDetails: { name, input: '{}' } });
  }
  exit(type: string, name: string, prev: number): number {
    return this.add(`${type}StateExited`, prev, { stateExitedEventDetails: { name, output: '{}' } });
  }
  /** A Lambda task's scheduled/started/outcome events. */
  lambda(prev: number, failure?: { error: string; cause: string }): number {
    const s = this.add('TaskScheduled', prev, {
      taskScheduledEventDetails: {
        resourceType: 'lambda',
        resource: 'invoke',
        region: 'us-east-1',
        parameters: '{}',
      },
    });
    const st = this.add('TaskStarted', s, {
      taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' },
    });
    return failure
      ? this.add('TaskFailed', st, {
          taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke', ...failure },
        })
      : this.add('TaskSucceeded', st, {
          taskSucceededEventDetails: { resourceType: 'lambda', resource: 'invoke', output: '{}' },
        });
  }
}

describe('stateRuns', () => {
  it('a finished run: every state entered succeeded, states never entered are absent', () => {
    const h = new History();
    let p = h.add('ExecutionStarted', 0);
    p = h.enter('Pass', 'Register', p);
    p = h.exit('Pass', 'Register', p);
    p = h.enter('Task', 'Refund', p);
    p = h.lambda(p);
    p = h.exit('Task', 'Refund', p);
    h.add('ExecutionSucceeded', p);
    expect(stateRuns(h.events)).toEqual({
      Register: { status: 'succeeded', entered: 1, retries: 0 },
      Refund: { status: 'succeeded', entered: 1, retries: 0 },
    });
  });

  it('a state in progress is running; retries are counted; a caught failure says what was caught', () => {
    const h = new History();
    let p = h.add('ExecutionStarted', 0);
    p = h.enter('Task', 'Charge', p);
    p = h.lambda(p, { error: 'Lambda.ServiceException', cause: 'blip' });
    p = h.lambda(p, { error: 'Payment.Declined', cause: 'card declined' });
    p = h.exit('Task', 'Charge', p);
    p = h.enter('Task', 'Release', p);
    h.add('TaskScheduled', p, {
      taskScheduledEventDetails: {
        resourceType: 'lambda',
        resource: 'invoke',
        region: 'us-east-1',
        parameters: '{}',
      },
    });
    const runs = stateRuns(h.events);
    expect(runs.Charge).toEqual({
      status: 'caught',
      entered: 1,
      retries: 1,
      error: 'Payment.Declined',
      cause: 'card declined',
    });
    expect(runs.Release).toEqual({ status: 'running', entered: 1, retries: 0 });
  });

  it('a failed run: the state it failed in carries the error and cause', () => {
    const h = new History();
    let p = h.add('ExecutionStarted', 0);
    p = h.enter('Task', 'Lookup', p);
    p = h.lambda(p, { error: 'CustomerNotFound', cause: 'No customer C-9' });
    h.add('ExecutionFailed', p, {
      executionFailedEventDetails: { error: 'CustomerNotFound', cause: 'No customer C-9' },
    });
    expect(stateRuns(h.events).Lookup).toEqual({
      status: 'failed',
      entered: 1,
      retries: 0,
      error: 'CustomerNotFound',
      cause: 'No customer C-9',
    });
  });

  it('a Fail state takes the execution error and cause', () => {
    const h = new History();
    let p = h.add('ExecutionStarted', 0);
    p = h.enter('Fail', 'RefundRejected', p);
    h.add('ExecutionFailed', p, {
      executionFailedEventDetails: { error: 'RefundRejected', cause: 'said no' },
    });
    expect(stateRuns(h.events).RefundRejected).toMatchObject({
      status: 'failed',
      error: 'RefundRejected',
      cause: 'said no',
    });
  });

  it('a .waitForTaskToken Task that sent its request waits: for a person when the request carries an approval question', () => {
    const h = new History();
    let p = h.add('ExecutionStarted', 0);
    p = h.enter('Task', 'AskForApproval', p);
    const params = JSON.stringify({
      QueueUrl: 'q',
      MessageBody: { TaskToken: 't', approval: { message: 'Approve 250 USD?', schema: {} } },
    });
    p = h.add('TaskScheduled', p, {
      taskScheduledEventDetails: {
        resourceType: 'sqs',
        resource: 'sendMessage.waitForTaskToken',
        region: 'us-east-1',
        parameters: params,
      },
    });
    p = h.add('TaskStarted', p);
    h.add('TaskSubmitted', p, {
      taskSubmittedEventDetails: {
        resourceType: 'sqs',
        resource: 'sendMessage.waitForTaskToken',
        output: '{}',
      },
    });
    expect(stateRuns(h.events).AskForApproval).toEqual({
      status: 'waiting',
      entered: 1,
      retries: 0,
      waitingFor: 'person',
      question: 'Approve 250 USD?',
    });

    const plain = new History();
    let q = plain.add('ExecutionStarted', 0);
    q = plain.enter('Task', 'Callback', q);
    q = plain.add('TaskScheduled', q, {
      taskScheduledEventDetails: {
        resourceType: 'sqs',
        resource: 'sendMessage.waitForTaskToken',
        region: 'us-east-1',
        parameters: '{"TaskToken":"t"}',
      },
    });
    q = plain.add('TaskStarted', q);
    const submitted = plain.add('TaskSubmitted', q);
    expect(stateRuns(plain.events).Callback).toMatchObject({ status: 'waiting', waitingFor: 'callback' });
    // The answer came: no longer waiting.
    plain.add('TaskSucceeded', submitted);
    expect(stateRuns(plain.events).Callback).toEqual({ status: 'running', entered: 1, retries: 0 });
  });

  it('a Map counts its items, and its inner states aggregate over iterations', () => {
    const h = new History();
    let p = h.add('ExecutionStarted', 0);
    p = h.enter('Map', 'PriceLines', p);
    const started = h.add('MapStateStarted', p, { mapStateStartedEventDetails: { length: 3 } });
    for (const index of [0, 1]) {
      const it = h.add('MapIterationStarted', started, {
        mapIterationStartedEventDetails: { name: 'PriceLines', index },
      });
      let q = h.enter('Pass', 'PriceLine', it);
      q = h.exit('Pass', 'PriceLine', q);
      h.add('MapIterationSucceeded', q, { mapIterationSucceededEventDetails: { name: 'PriceLines', index } });
    }
    const it = h.add('MapIterationStarted', started, {
      mapIterationStartedEventDetails: { name: 'PriceLines', index: 2 },
    });
    h.enter('Pass', 'PriceLine', it);
    const runs = stateRuns(h.events);
    expect(runs.PriceLines).toEqual({
      status: 'running',
      entered: 1,
      retries: 0,
      items: { done: 2, failed: 0, total: 3 },
    });
    expect(runs.PriceLine).toEqual({ status: 'running', entered: 3, retries: 0 });
  });

  it('interleaved Parallel branches: the failing branch fails, the others are aborted', () => {
    const h = new History();
    let p = h.add('ExecutionStarted', 0);
    p = h.enter('Parallel', 'GetQuotes', p);
    const started = h.add('ParallelStateStarted', p);
    const a = h.enter('Task', 'QuoteUPS', started);
    const b = h.enter('Task', 'QuoteFedEx', started);
    const bs = h.add('TaskScheduled', b, {
      taskScheduledEventDetails: {
        resourceType: 'lambda',
        resource: 'invoke',
        region: 'r',
        parameters: '{}',
      },
    });
    const af = h.lambda(a, { error: 'Carrier.Down', cause: 'UPS is down' });
    h.add('TaskStateAborted', bs);
    const pf = h.add('ParallelStateFailed', af);
    h.add('ExecutionFailed', pf, {
      executionFailedEventDetails: { error: 'Carrier.Down', cause: 'UPS is down' },
    });
    const runs = stateRuns(h.events);
    expect(runs.QuoteUPS).toMatchObject({ status: 'failed', error: 'Carrier.Down', cause: 'UPS is down' });
    expect(runs.QuoteFedEx).toMatchObject({ status: 'aborted' });
    expect(runs.GetQuotes).toMatchObject({ status: 'failed' });
  });

  it('a stopped execution: the state it was in is aborted', () => {
    const h = new History();
    let p = h.add('ExecutionStarted', 0);
    p = h.enter('Wait', 'Pause', p);
    h.add('ExecutionAborted', p, { executionAbortedEventDetails: {} });
    expect(stateRuns(h.events).Pause).toMatchObject({ status: 'aborted' });
  });

  it('a loop: a state entered several times counts its entries', () => {
    const h = new History();
    let p = h.add('ExecutionStarted', 0);
    for (let i = 0; i < 3; i++) {
      p = h.enter('Wait', 'WaitForJob', p);
      p = h.exit('Wait', 'WaitForJob', p);
    }
    expect(stateRuns(h.events).WaitForJob).toEqual({ status: 'succeeded', entered: 3, retries: 0 });
  });
});

describe('approvalQuestion', () => {
  it('finds approval.message up to three levels down, and nothing in other requests', () => {
    expect(approvalQuestion('{"MessageBody":{"approval":{"message":"OK?"}}}')).toBe('OK?');
    expect(approvalQuestion('{"a":{"b":{"c":{"d":{"approval":{"message":"deep"}}}}}}')).toBeUndefined();
    expect(approvalQuestion('{"TaskToken":"t"}')).toBeUndefined();
    expect(approvalQuestion('not json')).toBeUndefined();
    expect(approvalQuestion(undefined)).toBeUndefined();
  });
});
