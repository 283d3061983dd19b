import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { currentStateName, failedStateName, terminalDetails } from '../../src/execution/history.js';

const t = new Date(0);
const ev = (
  id: number,
  previousEventId: number,
  type: string,
  more: Partial<HistoryEvent> = {},
): HistoryEvent => ({ id, previousEventId, type, timestamp: t, ...more }) as HistoryEvent;
const entered = (id: number, prev: number, name: string, type = 'TaskStateEntered'): HistoryEvent =>
  ev(id, prev, type, { stateEnteredEventDetails: { name } });
const exited = (id: number, prev: number, name: string, type = 'TaskStateExited'): HistoryEvent =>
  ev(id, prev, type, { stateExitedEventDetails: { name } });

/** As AWS records a Task failure after a successful first state, oldest first. */
const taskFailure: HistoryEvent[] = [
  ev(1, 0, 'ExecutionStarted', { executionStartedEventDetails: {} }),
  entered(2, 1, 'Validate', 'PassStateEntered'),
  exited(3, 2, 'Validate', 'PassStateExited'),
  entered(4, 3, 'ChargeCard'),
  ev(5, 4, 'TaskScheduled'),
  ev(6, 5, 'TaskStarted'),
  ev(7, 6, 'TaskFailed', {
    taskFailedEventDetails: {
      resourceType: 'lambda',
      resource: 'invoke',
      error: 'PaymentDeclined',
      cause: 'card expired',
    },
  }),
  ev(8, 7, 'ExecutionFailed', {
    executionFailedEventDetails: { error: 'PaymentDeclined', cause: 'card expired' },
  }),
];
const newestFirst = (events: HistoryEvent[]): HistoryEvent[] => [...events].reverse();

describe('failedStateName', () => {
  it('follows the chain from ExecutionFailed back to the state entered', () => {
    expect(failedStateName(newestFirst(taskFailure))).toBe('ChargeCard');
  });

  it('names a Fail state', () => {
    const events = [
      ev(1, 0, 'ExecutionStarted'),
      entered(2, 1, 'Check', 'ChoiceStateEntered'),
      exited(3, 2, 'Check', 'ChoiceStateExited'),
      entered(4, 3, 'OutOfStock', 'FailStateEntered'),
      ev(5, 4, 'ExecutionFailed', {
        executionFailedEventDetails: { error: 'OutOfStock', cause: 'no items' },
      }),
    ];
    expect(failedStateName(newestFirst(events))).toBe('OutOfStock');
  });

  it('finds the failing branch of a Parallel state even when another branch entered a state later', () => {
    const events = [
      ev(1, 0, 'ExecutionStarted'),
      entered(2, 1, 'Both', 'ParallelStateEntered'),
      ev(3, 2, 'ParallelStateStarted'),
      entered(4, 3, 'Charge'),
      entered(5, 3, 'Ship'),
      ev(6, 4, 'TaskScheduled'),
      ev(7, 6, 'TaskFailed', {
        taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke', error: 'Declined' },
      }),
      entered(8, 5, 'ShipWait', 'WaitStateEntered'),
      ev(9, 7, 'ParallelStateFailed'),
      ev(10, 9, 'ExecutionFailed', { executionFailedEventDetails: { error: 'Declined' } }),
    ];
    expect(failedStateName(newestFirst(events))).toBe('Charge');
  });

  it('names the state of a JSONata evaluation failure', () => {
    const events = [
      ev(1, 0, 'ExecutionStarted'),
      ev(2, 1, 'EvaluationFailed', {
        evaluationFailedEventDetails: { state: 'Compute', error: 'States.QueryEvaluationError' },
      }),
      ev(3, 2, 'ExecutionFailed', { executionFailedEventDetails: { error: 'States.QueryEvaluationError' } }),
    ];
    expect(failedStateName(newestFirst(events))).toBe('Compute');
  });

  it('falls back to the newest state entered when events carry no links', () => {
    const events = taskFailure.map(({ previousEventId: _p, ...e }) => e as HistoryEvent);
    expect(failedStateName(newestFirst(events))).toBe('ChargeCard');
    expect(failedStateName([])).toBeUndefined();
  });
});

describe('terminalDetails', () => {
  it('reads the error and cause of the terminal event', () => {
    expect(terminalDetails(newestFirst(taskFailure))).toEqual({
      error: 'PaymentDeclined',
      cause: 'card expired',
    });
    expect(
      terminalDetails([
        ev(9, 8, 'ExecutionTimedOut', { executionTimedOutEventDetails: { error: 'States.Timeout' } }),
      ]),
    ).toEqual({
      error: 'States.Timeout',
    });
    expect(terminalDetails([])).toEqual({});
  });
});

describe('currentStateName', () => {
  it('is the newest state entered and not exited', () => {
    expect(currentStateName(newestFirst(taskFailure.slice(0, 6)))).toBe('ChargeCard');
    expect(currentStateName(newestFirst(taskFailure.slice(0, 3)))).toBeUndefined();
    expect(currentStateName(newestFirst(taskFailure.slice(0, 2)))).toBe('Validate');
  });

  it('handles a state entered again in a loop', () => {
    const loop = [
      ev(1, 0, 'ExecutionStarted'),
      entered(2, 1, 'Poll'),
      exited(3, 2, 'Poll'),
      entered(4, 3, 'Wait', 'WaitStateEntered'),
      exited(5, 4, 'Wait', 'WaitStateExited'),
      entered(6, 5, 'Poll'),
    ];
    expect(currentStateName(newestFirst(loop))).toBe('Poll');
    expect(currentStateName(newestFirst([...loop, exited(7, 6, 'Poll')]))).toBeUndefined();
  });

  it('reports the inner state of a Parallel', () => {
    const events = [
      ev(1, 0, 'ExecutionStarted'),
      entered(2, 1, 'Both', 'ParallelStateEntered'),
      entered(3, 2, 'Charge'),
    ];
    expect(currentStateName(newestFirst(events))).toBe('Charge');
  });
});
