/**
 * The view page's logic that needs no DOM: which workflow a call names, the status line, and following a
 * run (timers faked).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { workflowOfCall } from '../../src/view/app/call.js';
import { MAX_FRUITLESS_READS, RunFollower, pollDelayMs } from '../../src/view/app/follow.js';
import { runSummary } from '../../src/view/app/summary.js';
import type { RunOverlay } from '../../src/view/run-types.js';

const run = (
  status: RunOverlay['status'],
  states: RunOverlay['states'] = {},
  extra: Partial<RunOverlay> = {},
) => ({
  status,
  states,
  ...extra,
});

describe('workflowOfCall', () => {
  it("a machine tool's page: its own workflow, with the call's arguments as they are", () => {
    expect(workflowOfCall('tool', 'demo_refund_request', { orderId: 'O-1' })).toEqual({
      tool: 'demo_refund_request',
      args: { orderId: 'O-1' },
    });
    expect(workflowOfCall('tool', 'demo_stock_level', undefined)).toEqual({
      tool: 'demo_stock_level',
      args: {},
    });
  });

  it("run_workflow's page: the workflow the call names, with the arguments under `arguments`", () => {
    const args = { workflow: 'demo_refund_request', arguments: { orderId: 'O-1', amount: 5 } };
    expect(workflowOfCall('call', '', args)).toEqual({
      tool: 'demo_refund_request',
      args: { orderId: 'O-1', amount: 5 },
    });
    // No arguments: the workflow's own tool takes that as {} (src/bridge/meta-tools/run-tool.ts).
    expect(workflowOfCall('call', '', { workflow: 'demo_stock_level' })?.args).toEqual({});
    expect(workflowOfCall('call', '', { workflow: 'w', arguments: [1] })?.args).toEqual({});
  });

  it('run_workflow: a call that names no workflow names nothing to draw', () => {
    expect(workflowOfCall('call', '', undefined)).toBeUndefined();
    expect(workflowOfCall('call', '', { workflow: '' })).toBeUndefined();
    expect(workflowOfCall('call', '', { workflow: 7, arguments: {} })).toBeUndefined();
  });
});

describe('runSummary', () => {
  it('says who a waiting state waits for, and what it asks', () => {
    const waiting = run('RUNNING', {
      Register: { status: 'succeeded', entered: 1, retries: 0 },
      Ask: { status: 'waiting', entered: 1, retries: 0, waitingFor: 'person', question: 'Refund 250 USD?' },
    });
    expect(runSummary(waiting)).toEqual({
      text: "Running: Ask is waiting for a person's decision: Refund 250 USD?",
      kind: 'waiting',
    });
    const callback = run('RUNNING', {
      Ask: { status: 'waiting', entered: 1, retries: 0, waitingFor: 'callback' },
    });
    expect(runSummary(callback).text).toBe('Running: Ask is waiting for a callback');
  });

  it('names the running states, counts the states of a success, gives a failure its error and cause', () => {
    expect(runSummary(run('RUNNING', { A: { status: 'running', entered: 1, retries: 0 } }))).toEqual({
      text: 'Running: A',
      kind: 'running',
    });
    const done = { A: { status: 'succeeded' as const, entered: 1, retries: 0 } };
    expect(runSummary(run('SUCCEEDED', done))).toEqual({
      text: 'Succeeded (1 states run).',
      kind: 'succeeded',
    });
    expect(runSummary(run('FAILED', {}, { error: 'Declined', cause: 'card expired' }))).toEqual({
      text: 'FAILED — Declined: card expired',
      kind: 'failed',
    });
  });

  it("gives an Express run's outcome as the tool's answer said it", () => {
    expect(runSummary(run('EXPRESS', {}, { outcome: 'The Express run failed: NotFound' })).kind).toBe(
      'failed',
    );
    expect(runSummary(run('EXPRESS', {}, { outcome: 'The Express run succeeded.' }))).toEqual({
      text: 'The Express run succeeded.',
      kind: 'succeeded',
    });
  });
});

describe('RunFollower', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function follower(answers: Array<RunOverlay | undefined | Error>) {
    const queries: unknown[] = [];
    const shown: string[] = [];
    const problems: string[] = [];
    const f = new RunFollower({
      read: async (query) => {
        queries.push(query);
        const next = answers.length > 1 ? answers.shift() : answers[0];
        if (next instanceof Error) throw next;
        return next;
      },
      show: (r) => shown.push(r.status),
      problem: (m) => problems.push(m),
    });
    return { f, queries, shown, problems };
  }

  it('reads at once, then again on its schedule, until the run ends', async () => {
    const { f, queries, shown } = follower([run('RUNNING'), run('RUNNING'), run('SUCCEEDED')]);
    f.followExecution('arn:x');
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual(['RUNNING']);
    await vi.advanceTimersByTimeAsync(pollDelayMs(0));
    await vi.advanceTimersByTimeAsync(pollDelayMs(1));
    expect(shown).toEqual(['RUNNING', 'RUNNING', 'SUCCEEDED']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(queries).toHaveLength(3);
    expect(queries[0]).toEqual({ executionArn: 'arn:x' });
  });

  it('says when a read fails and tries again; gives up after reads that find nothing', async () => {
    const { f, queries, problems } = follower([new Error('throttled'), undefined]);
    f.followCall({ amount: 1 });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(problems).toEqual(['throttled']);
    expect(queries).toHaveLength(MAX_FRUITLESS_READS);
    expect(queries[0]).toEqual({ args: { amount: 1 } });
  });

  it('follows the execution once named, dropping the search by arguments', async () => {
    const { f, queries } = follower([undefined]);
    f.followCall({ amount: 1 });
    await vi.advanceTimersByTimeAsync(0);
    f.followExecution('arn:y');
    await vi.advanceTimersByTimeAsync(pollDelayMs(0) * 2);
    expect(queries.slice(1).every((q) => (q as { executionArn?: string }).executionArn === 'arn:y')).toBe(
      true,
    );
    f.stop();
    const count = queries.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(queries).toHaveLength(count);
  });

  it('reads quickly at first, then every 3 s at most', () => {
    expect(pollDelayMs(0)).toBe(750);
    expect(pollDelayMs(1)).toBeGreaterThan(750);
    expect(pollDelayMs(50)).toBe(3000);
  });
});
