/** Task ids and the task shapes each protocol revision puts on the wire (src/mcp/tasks.ts). Pure. */
import { describe, expect, it } from 'vitest';
import { createTaskResult, legacyTask, modernTask } from '../../src/mcp/tasks.js';
import { decodeTaskId, encodeTaskId } from '../../src/mcp/task-ids.js';

const EXECUTION_ARN =
  'arn:aws:states:us-east-1:123456789012:execution:Orders:mcp-0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

describe('MCP tasks', () => {
  it('task ids carry the ARN and only canonical ids decode', () => {
    const id = encodeTaskId(EXECUTION_ARN);
    expect(id).toMatch(/^sfn\.v1\.[A-Za-z0-9_-]+$/);
    expect(decodeTaskId(id)).toBe(EXECUTION_ARN);
    expect(decodeTaskId('sfn.v1.')).toBeUndefined();
    expect(decodeTaskId('other-id')).toBeUndefined();
    expect(decodeTaskId(`${id}=`)).toBeUndefined();
    expect(decodeTaskId(42)).toBeUndefined();
  });

  it('writes each revision’s wire shape', () => {
    const result = { content: [{ type: 'text' as const, text: 'x' }], isError: true };
    const state = {
      status: 'failed' as const,
      statusMessage: 'Execution FAILED',
      createdAt: 'c',
      lastUpdatedAt: 'u',
      ttlMs: 5,
      pollIntervalMs: 1000,
      result,
    };
    expect(legacyTask('t', state)).toEqual({
      taskId: 't',
      status: 'failed',
      statusMessage: 'Execution FAILED',
      createdAt: 'c',
      lastUpdatedAt: 'u',
      ttl: 5,
      pollInterval: 1000,
    });
    // 2026-07-28 keeps `failed` for JSON-RPC errors: a tool error is a completed task with its result.
    expect(modernTask('t', state)).toMatchObject({
      status: 'completed',
      ttlMs: 5,
      pollIntervalMs: 1000,
      result,
    });
    expect(modernTask('t', { ...state, status: 'cancelled' })).not.toHaveProperty('result');
    const working = { ...state, status: 'working' as const };
    delete (working as { result?: unknown }).result;
    expect(createTaskResult('t', working, 'legacy')).toMatchObject({
      task: { taskId: 't', status: 'working' },
    });
    expect(createTaskResult('t', working, 'modern')).toMatchObject({ resultType: 'task', taskId: 't' });
  });
});
