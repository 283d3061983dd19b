/** A Standard execution as a protocol-neutral MCP task: status, status message, times, ttl, poll interval. */
import { describe, expect, it } from 'vitest';
import { pollIntervalFor, RETENTION_MS, taskStateOf, taskStatusOf } from '../../src/execution/task-state.js';

const exec = (machine: string) =>
  `arn:aws:states:us-east-1:123456789012:execution:${machine}:mcp-0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9`;

describe('executions as tasks', () => {
  const start = new Date('2026-01-01T10:00:00.000Z');
  const at = (ms: number) => new Date(start.getTime() + ms);

  it('maps Step Functions statuses to task statuses', () => {
    expect(taskStatusOf('RUNNING')).toBe('working');
    expect(taskStatusOf('PENDING_REDRIVE')).toBe('working');
    expect(taskStatusOf('SUCCEEDED')).toBe('completed');
    expect(taskStatusOf('FAILED')).toBe('failed');
    expect(taskStatusOf('TIMED_OUT')).toBe('failed');
    expect(taskStatusOf('ABORTED')).toBe('cancelled');
  });

  it('a running execution: working, with the state it is in, no ttl yet', () => {
    const s = taskStateOf(
      { executionArn: exec('Orders'), status: 'RUNNING', startDate: start, state: 'Charge' },
      at(12_300),
    );
    expect(s).toEqual({
      status: 'working',
      statusMessage: 'Execution RUNNING for 12.3 s, in state "Charge"',
      createdAt: start.toISOString(),
      lastUpdatedAt: at(12_300).toISOString(),
      ttlMs: null,
      pollIntervalMs: 1000,
    });
    expect(pollIntervalFor(5 * 60_000)).toBe(5000);
    expect(pollIntervalFor(3600_000)).toBe(30_000);
  });

  it('a finished execution: its result, and a ttl to the end of AWS retention', () => {
    const result = {
      content: [{ type: 'text' as const, text: 'Execution FAILED in state "X": E: c\n{}' }],
      isError: true,
    };
    const s = taskStateOf(
      { executionArn: exec('Orders'), status: 'FAILED', startDate: start, stopDate: at(2000), result },
      at(60_000),
    );
    expect(s.status).toBe('failed');
    expect(s.statusMessage).toBe('Execution FAILED in state "X": E: c');
    expect(s.ttlMs).toBe(2000 + RETENTION_MS);
    expect(s.lastUpdatedAt).toBe(at(2000).toISOString());
    expect(s.result).toBe(result);
  });
});
