import { describe, expect, it } from 'vitest';
import type { MachineTool } from '../../src/catalog/types.js';
import { cursorToken, encodeCursor } from '../../src/operations/cursor.js';
import { clip, stateLine } from '../../src/operations/describe-text.js';
import { executionTarget, machineTarget, servedWorkflows } from '../../src/operations/targets.js';

const ACCOUNT = 'arn:aws:states:us-east-1:123456789012';
const tool = (name: string, machine: string, type: 'STANDARD' | 'EXPRESS' = 'STANDARD', qualifier = '') =>
  ({
    name,
    machine: {
      name: machine,
      arn: `${ACCOUNT}:stateMachine:${machine}`,
      invokeArn: `${ACCOUNT}:stateMachine:${machine}${qualifier}`,
      type,
    },
  }) as MachineTool;
const TOOLS = [
  tool('orders', 'app-orders'),
  tool('quote', 'app-quote', 'EXPRESS'),
  tool('ship', 'app-ship', 'STANDARD', ':prod'),
];

describe('machineTarget', () => {
  it('takes a tool name (listing what the tool runs) or an ARN of the machine, a version or an alias', () => {
    expect(machineTarget('orders', TOOLS, 'list_executions')).toMatchObject({
      ok: true,
      value: { arn: `${ACCOUNT}:stateMachine:app-orders` },
    });
    expect(machineTarget('ship', TOOLS, 'list_executions')).toMatchObject({
      ok: true,
      value: { arn: `${ACCOUNT}:stateMachine:app-ship:prod` },
    });
    expect(machineTarget(` ${ACCOUNT}:stateMachine:app-ship:3 `, TOOLS, 'list_executions')).toMatchObject({
      ok: true,
      value: { tool: { name: 'ship' }, arn: `${ACCOUNT}:stateMachine:app-ship:3` },
    });
  });

  it('refuses Express machines, unknown names and foreign or malformed ARNs, naming what is allowed', () => {
    const express = machineTarget('quote', TOOLS, 'list_executions');
    expect(express.ok || express.error).toMatch(/"quote" is an Express workflow/);
    const other = machineTarget(`${ACCOUNT}:stateMachine:billing`, TOOLS, 'list_executions');
    expect(other.ok || other.error).toMatch(
      /list_executions works on: orders \(arn:aws:states:us-east-1:123456789012:stateMachine:app-orders\), quote/,
    );
    const malformed = machineTarget('arn:aws:states:us-east-1:1:stateMachine:x', TOOLS, 'list_executions');
    expect(malformed.ok || malformed.error).toMatch(/account "1" is not 12 digits/);
  });
});

describe('executionTarget', () => {
  it('accepts any execution of a served Standard machine, whatever its name', () => {
    const arn = `${ACCOUNT}:execution:app-orders:nightly-batch-7`;
    expect(executionTarget(arn, TOOLS, 'describe_execution')).toMatchObject({
      ok: true,
      value: { executionArn: arn },
    });
  });

  it('refuses malformed, Express and foreign executions', () => {
    for (const [raw, why, reason] of [
      [42, /an execution ARN is required/, 'malformed'],
      [`${ACCOUNT}:express:app-quote:run:1f9d`, /this execution is an Express workflow/, 'express'],
      [
        `${ACCOUNT}:execution:billing:run`,
        /state machine "billing" .* not a workflow this server serves/,
        'outside',
      ],
    ] as const) {
      const r = executionTarget(raw, TOOLS, 'describe_execution');
      expect(r.ok || r.error.message).toMatch(why);
      expect(r.ok || r.error.reason).toBe(reason);
    }
  });
});

describe('servedWorkflows', () => {
  it('names at most 20 tools, then how many more', () => {
    const many = Array.from({ length: 23 }, (_, i) => tool(`t${i}`, `m${i}`));
    expect(servedWorkflows(many)).toMatch(/t19 \([^)]*\) and 3 more$/);
    expect(servedWorkflows([])).toMatch(/^none/);
  });
});

describe('the cursor', () => {
  const listing = { arn: `${ACCOUNT}:stateMachine:app-orders`, status: 'FAILED' };
  it('carries the page token for the same listing only', () => {
    const cursor = encodeCursor({ ...listing, token: 'aws-token' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursorToken(cursor, listing)).toEqual({ ok: true, value: 'aws-token' });
    expect(cursorToken(cursor, { arn: listing.arn })).toMatchObject({ ok: false });
    expect(cursorToken(cursor, { ...listing, arn: `${ACCOUNT}:stateMachine:app-ship` })).toMatchObject({
      ok: false,
    });
    expect(cursorToken('%%%', listing)).toMatchObject({ ok: false });
  });
});

describe('describe text', () => {
  it('cuts long data and says how much is shown', () => {
    expect(clip('abc', 5)).toEqual({ text: 'abc' });
    expect(clip('x'.repeat(5_000), 4_096)).toEqual({
      text: `${'x'.repeat(4_096)}…`,
      truncated: 'first 4,096 of 5,000 characters',
    });
  });

  it('writes one line per state', () => {
    expect(
      stateLine({
        name: 'Charge',
        type: 'Task',
        visits: 3,
        completed: 2,
        totalMs: 2_500,
        longestMs: 2_000,
        retries: 2,
        errors: { 'States.Timeout': 2 },
      }),
    ).toBe(
      'Charge (Task): 3 visit(s), 1 not completed, 2.5 s in all, longest 2.0 s, 2 retries, errors: States.Timeout ×2',
    );
  });
});
