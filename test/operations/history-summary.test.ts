/**
 * The history summary, on histories shaped as GetExecutionHistory returns them (event types, detail
 * members and previousEventId links as the Step Functions API reference and its history examples show).
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { FailedStateInput, MAX_KEPT_CAUSE, withoutData } from '../../src/operations/history-events.js';
import { summariseHistory } from '../../src/operations/history-summary.js';

const ev = (
  id: number,
  previousEventId: number,
  type: string,
  ms = 0,
  more: Partial<HistoryEvent> = {},
): HistoryEvent => ({ id, previousEventId, type, timestamp: new Date(ms), ...more }) as HistoryEvent;
const entered = (id: number, prev: number, name: string, type: string, ms = 0, input = '{}') =>
  ev(id, prev, `${type}StateEntered`, ms, { stateEnteredEventDetails: { name, input } });
const exited = (id: number, prev: number, name: string, type: string, ms = 0) =>
  ev(id, prev, `${type}StateExited`, ms, { stateExitedEventDetails: { name, output: '{}' } });
const started = ev(1, 0, 'ExecutionStarted', 0, { executionStartedEventDetails: { input: '{}' } });

/** A Lambda Task that fails, times out, then succeeds under its Retry; then a Pass state. */
const retried: HistoryEvent[] = [
  started,
  entered(2, 1, 'Charge', 'Task', 1_000),
  ev(3, 2, 'TaskScheduled', 1_001, {
    taskScheduledEventDetails: {
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
      parameters: '{}',
    },
  }),
  ev(4, 3, 'TaskStarted', 1_002),
  ev(5, 4, 'TaskFailed', 1_100, {
    taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke', error: 'Lambda.ServiceException' },
  }),
  ev(6, 5, 'TaskScheduled', 1_200),
  ev(7, 6, 'TaskStarted', 1_201),
  ev(8, 7, 'TaskTimedOut', 1_300, {
    taskTimedOutEventDetails: { resourceType: 'lambda', resource: 'invoke' },
  }),
  ev(9, 8, 'TaskScheduled', 1_400),
  ev(10, 9, 'TaskStarted', 1_401),
  ev(11, 10, 'TaskSucceeded', 2_400),
  exited(12, 11, 'Charge', 'Task', 2_500),
  entered(13, 12, 'Done', 'Pass', 2_500),
  exited(14, 13, 'Done', 'Pass', 2_502),
  ev(15, 14, 'ExecutionSucceeded', 2_502, { executionSucceededEventDetails: { output: '{}' } }),
];

/** An inline Map over three items; the third item's Task fails, so the Map and the execution fail. */
const mapFailure: HistoryEvent[] = [
  started,
  entered(2, 1, 'Process', 'Map', 0),
  ev(3, 2, 'MapStateStarted', 1, { mapStateStartedEventDetails: { length: 3 } }),
  ev(4, 3, 'MapIterationStarted', 2, { mapIterationStartedEventDetails: { name: 'Process', index: 0 } }),
  entered(5, 4, 'Item', 'Task', 2, '{"sku":"a"}'),
  ev(6, 3, 'MapIterationStarted', 2, { mapIterationStartedEventDetails: { name: 'Process', index: 1 } }),
  entered(7, 6, 'Item', 'Task', 2, '{"sku":"b"}'),
  ev(8, 3, 'MapIterationStarted', 2, { mapIterationStartedEventDetails: { name: 'Process', index: 2 } }),
  entered(9, 8, 'Item', 'Task', 2, '{"sku":"c"}'),
  ev(10, 5, 'TaskScheduled', 3),
  ev(11, 7, 'TaskScheduled', 3),
  ev(12, 9, 'TaskScheduled', 3),
  ev(13, 10, 'TaskSucceeded', 12),
  exited(14, 13, 'Item', 'Task', 12),
  ev(15, 14, 'MapIterationSucceeded', 12, {
    mapIterationSucceededEventDetails: { name: 'Process', index: 0 },
  }),
  ev(16, 11, 'TaskSucceeded', 22),
  exited(17, 16, 'Item', 'Task', 22),
  ev(18, 17, 'MapIterationSucceeded', 22, {
    mapIterationSucceededEventDetails: { name: 'Process', index: 1 },
  }),
  ev(19, 12, 'TaskFailed', 30, {
    taskFailedEventDetails: {
      resourceType: 'lambda',
      resource: 'invoke',
      error: 'Item.Bad',
      cause: 'no such sku',
    },
  }),
  ev(20, 19, 'MapIterationFailed', 30, { mapIterationFailedEventDetails: { name: 'Process', index: 2 } }),
  ev(21, 20, 'MapStateFailed', 31),
  ev(22, 21, 'ExecutionFailed', 31, {
    executionFailedEventDetails: { error: 'Item.Bad', cause: 'no such sku' },
  }),
];

/** A Parallel state with two branches, each one Pass state. */
const parallel: HistoryEvent[] = [
  started,
  entered(2, 1, 'FanOut', 'Parallel', 0),
  ev(3, 2, 'ParallelStateStarted', 0),
  entered(4, 3, 'Left', 'Pass', 1),
  entered(5, 3, 'Right', 'Pass', 1),
  exited(6, 4, 'Left', 'Pass', 2),
  exited(7, 5, 'Right', 'Pass', 5),
  ev(8, 7, 'ParallelStateSucceeded', 5),
  exited(9, 8, 'FanOut', 'Parallel', 6),
  ev(10, 9, 'ExecutionSucceeded', 6),
];

describe('summariseHistory', () => {
  it('counts visits, durations, retries and the errors of failed attempts', () => {
    const summary = summariseHistory(retried);
    expect(summary.events).toBe(15);
    expect(summary.failure).toBeUndefined();
    expect(summary.currentState).toBeUndefined();
    expect(summary.states).toEqual([
      {
        name: 'Charge',
        type: 'Task',
        visits: 1,
        completed: 1,
        totalMs: 1_500,
        longestMs: 1_500,
        retries: 2,
        errors: { 'Lambda.ServiceException': 1, 'States.Timeout': 1 },
      },
      {
        name: 'Done',
        type: 'Pass',
        visits: 1,
        completed: 1,
        totalMs: 2,
        longestMs: 2,
        retries: 0,
        errors: {},
      },
    ]);
  });

  it('counts Map items and iterations, and names the failed state, its error and cause', () => {
    const summary = summariseHistory(mapFailure);
    const [map, item] = summary.states;
    expect(map).toMatchObject({
      name: 'Process',
      type: 'Map',
      visits: 1,
      completed: 0,
      map: { items: 3, iterations: { started: 3, succeeded: 2, failed: 1, aborted: 0 }, mapRuns: [] },
    });
    expect(item).toMatchObject({ name: 'Item', visits: 3, completed: 2, totalMs: 30, longestMs: 20 });
    expect(item?.errors).toEqual({ 'Item.Bad': 1 });
    expect(item?.retries).toBe(0);
    expect(summary.failure).toEqual({ state: 'Item', error: 'Item.Bad', cause: 'no such sku' });
  });

  it('counts Parallel branches', () => {
    const summary = summariseHistory(parallel);
    expect(summary.states.map((s) => [s.name, s.parallelBranches, s.completed, s.totalMs])).toEqual([
      ['FanOut', 2, 1, 6],
      ['Left', undefined, 1, 1],
      ['Right', undefined, 1, 4],
    ]);
  });

  it('lists the Map Runs of a Distributed Map', () => {
    const mapRunArn = 'arn:aws:states:us-east-1:123456789012:mapRun:orders/Items:1f9d1c3e';
    const summary = summariseHistory([
      started,
      entered(2, 1, 'Items', 'Map'),
      ev(3, 2, 'MapStateStarted', 0, { mapStateStartedEventDetails: { length: 0 } }),
      ev(4, 3, 'MapRunStarted', 0, { mapRunStartedEventDetails: { mapRunArn } }),
      ev(5, 4, 'MapRunSucceeded', 9),
      ev(6, 5, 'MapStateSucceeded', 9),
      exited(7, 6, 'Items', 'Map', 10),
      ev(8, 7, 'ExecutionSucceeded', 10),
    ]);
    expect(summary.states[0]?.map?.mapRuns).toEqual([mapRunArn]);
  });

  it('gives a running execution its current state, and counts redrives', () => {
    const running = summariseHistory([...retried.slice(0, 4)]);
    expect(running.currentState).toBe('Charge');
    expect(running.failure).toBeUndefined();
    const redriven = summariseHistory([
      ...mapFailure,
      ev(23, 22, 'ExecutionRedriven', 40, { executionRedrivenEventDetails: { redriveCount: 1 } }),
      entered(24, 23, 'Item', 'Task', 41),
    ]);
    expect(redriven.redrives).toBe(1);
    expect(redriven.failure).toBeUndefined();
    expect(redriven.currentState).toBe('Item');
  });

  it('reports a time-out or an abort without an error as a failure all the same', () => {
    const aborted = summariseHistory([
      started,
      entered(2, 1, 'Hold', 'Wait', 0),
      ev(3, 2, 'ExecutionAborted', 5, { executionAbortedEventDetails: { error: 'Ops', cause: 'stopped' } }),
    ]);
    expect(aborted.failure).toEqual({ state: 'Hold', error: 'Ops', cause: 'stopped' });
    const timedOut = summariseHistory([
      started,
      entered(2, 1, 'Hold', 'Wait'),
      ev(3, 2, 'ExecutionTimedOut', 5),
    ]);
    expect(timedOut.failure).toEqual({ state: 'Hold' });
    expect(timedOut.states[0]).toMatchObject({ visits: 1, completed: 0, totalMs: 0 });
  });
});

describe('FailedStateInput', () => {
  it("follows the failure back to the failed state's entry, newest event first", () => {
    const tracker = new FailedStateInput();
    for (const e of [...mapFailure].reverse()) tracker.see(e);
    expect(tracker.input).toBe('{"sku":"c"}');
  });

  it('finds nothing for a history that ended well', () => {
    const tracker = new FailedStateInput();
    for (const e of [...retried].reverse()) tracker.see(e);
    expect(tracker.input).toBeUndefined();
  });
});

describe('withoutData', () => {
  it('drops inputs, outputs and Task parameters, keeps names and errors, cuts a long cause', () => {
    const cause = 'x'.repeat(MAX_KEPT_CAUSE + 10);
    expect(
      withoutData(
        ev(3, 2, 'TaskFailed', 0, {
          taskFailedEventDetails: { error: 'E', cause, resource: 'invoke', resourceType: 'lambda' },
        }),
      ).taskFailedEventDetails,
    ).toEqual({
      error: 'E',
      cause: `${'x'.repeat(MAX_KEPT_CAUSE)}…`,
      resource: 'invoke',
      resourceType: 'lambda',
    });
    expect(withoutData(retried[2]!).taskScheduledEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
    });
    expect(withoutData(entered(5, 4, 'Item', 'Task', 0, '{"big":1}'))).toMatchObject({
      id: 5,
      previousEventId: 4,
      type: 'TaskStateEntered',
      stateEnteredEventDetails: { name: 'Item' },
    });
    expect(withoutData(entered(5, 4, 'Item', 'Task')).stateEnteredEventDetails).not.toHaveProperty('input');
  });
});
