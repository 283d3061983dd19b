/** The get_execution_result companion tool: which executions it reads, its arguments, its definition. */
import { describe, expect, it } from 'vitest';
import type { MachineTool } from '../../src/catalog/types.js';
import { MAX_WAIT_SECONDS } from '../../src/config/index.js';
import {
  checkExecutionArn,
  parseResultToolArgs,
  resultToolDefinition,
} from '../../src/execution/result-tool.js';

const ACCOUNT = '123456789012';
const OURS = 'mcp-0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const exec = (machine: string, name = OURS) =>
  `arn:aws:states:us-east-1:${ACCOUNT}:execution:${machine}:${name}`;

function tool(name: string, machineName: string, qualifier?: string): MachineTool {
  const arn = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${machineName}`;
  return {
    name,
    description: '',
    inputSchema: { type: 'object' },
    wrapsInput: false,
    hasSchema: false,
    annotations: { title: machineName },
    machine: { arn, name: machineName, type: 'STANDARD', invokeArn: qualifier ? `${arn}:${qualifier}` : arn },
  };
}

describe('the companion tool', () => {
  const tools = [tool('orders', 'Orders'), tool('refund_v2', 'Refund', '2')];

  it('accepts executions of selected machines, versions and aliases included', () => {
    expect(checkExecutionArn(exec('Orders'), tools)).toMatchObject({
      ok: true,
      value: { tool: { name: 'orders' } },
    });
    expect(checkExecutionArn(` ${exec('Refund')} `, tools)).toMatchObject({
      ok: true,
      value: { executionArn: exec('Refund') },
    });
  });

  it('refuses an unselected machine, an Express execution and a malformed ARN', () => {
    const other = checkExecutionArn(exec('Payroll'), tools);
    expect(other).toMatchObject({ ok: false });
    expect(!other.ok && other.error).toMatch(/state machine "Payroll".*does not serve/);
    const otherRegion = checkExecutionArn(exec('Orders').replace('us-east-1', 'us-west-2'), tools);
    expect(otherRegion.ok).toBe(false);
    const express = checkExecutionArn(`arn:aws:states:us-east-1:${ACCOUNT}:express:Orders:x:y`, tools);
    expect(!express.ok && express.error).toMatch(/Express execution/);
    const malformed = checkExecutionArn('not-an-arn', tools);
    expect(!malformed.ok && malformed.error).toMatch(/^Refused: .*not a Step Functions execution ARN/);
  });

  it('refuses an execution of a selected machine that this server did not start', () => {
    for (const name of ['nightly-run', '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', 'mcp-1']) {
      const r = checkExecutionArn(exec('Orders', name), tools);
      expect(r.ok, name).toBe(false);
      expect(!r.ok && r.error).toContain(
        `execution "${name}" of state machine "Orders" was not started by this server`,
      );
    }
  });

  it('validates its arguments against its inputSchema, refusing a waitSeconds over the budget', () => {
    expect(parseResultToolArgs({ executionArn: 'a' }, 45)).toEqual({
      ok: true,
      value: { executionArn: 'a', waitMs: 45_000 },
    });
    expect(parseResultToolArgs({ executionArn: 'a', waitSeconds: 0 }, 45)).toMatchObject({
      value: { waitMs: 0 },
    });
    expect(parseResultToolArgs({ executionArn: 'a', waitSeconds: 45 }, 45)).toMatchObject({
      value: { waitMs: 45_000 },
    });
    const over = parseResultToolArgs({ executionArn: 'a', waitSeconds: 600 }, 45);
    expect(over.ok).toBe(false);
    expect(!over.ok && over.error).toContain('- /waitSeconds: must be <= 45');
    expect(!over.ok && over.error).toContain('waitSeconds is at most 45');
    expect(parseResultToolArgs({ executionArn: 'a' }, 0)).toMatchObject({ value: { waitMs: undefined } });
    expect(parseResultToolArgs({ executionArn: 'a', waitSeconds: 600 }, 0)).toMatchObject({
      value: { waitMs: 600_000 },
    });
    expect(parseResultToolArgs({ executionArn: 'a', waitSeconds: 604_800 }, 0)).toMatchObject({
      value: { waitMs: 604_800_000 },
    });
    const bad = parseResultToolArgs({ waitSeconds: -1, other: 1 }, 45);
    expect(!bad.ok && bad.error).toContain("- (root): must have required property 'executionArn'");
    expect(!bad.ok && bad.error).toContain('- /waitSeconds: must be >= 0');
    expect(!bad.ok && bad.error).toContain("- (root): must NOT have additional property 'other'");
    const wrongTypes = parseResultToolArgs({ executionArn: 7, waitSeconds: '3' }, 45);
    expect(!wrongTypes.ok && wrongTypes.error).toContain('- /executionArn: must be string');
    expect(!wrongTypes.ok && wrongTypes.error).toContain('- /waitSeconds: must be number');
    expect(parseResultToolArgs(undefined, 45).ok).toBe(false);
  });

  it('refuses in words that fit a read-only tool: nothing was read, not "no execution was started"', () => {
    for (const args of [{ executionArn: 'a', waitSeconds: 600 }, { waitSeconds: -1 }, undefined]) {
      const r = parseResultToolArgs(args, 45);
      expect(!r.ok && r.error).toContain(
        'Invalid arguments for tool "get_execution_result"; nothing was read.',
      );
      expect(!r.ok && r.error).not.toContain('no execution was started');
    }
  });

  it('caps waitSeconds at 7 days without a budget, so no wait can overflow a timer', () => {
    expect(MAX_WAIT_SECONDS).toBe(604_800);
    for (const waitSeconds of [604_801, 30 * 24 * 3600, 1e12]) {
      const r = parseResultToolArgs({ executionArn: 'a', waitSeconds }, 0);
      expect(r.ok, String(waitSeconds)).toBe(false);
      expect(!r.ok && r.error).toContain('- /waitSeconds: must be <= 604800');
      expect(!r.ok && r.error).toContain('waitSeconds is at most 604800 (7 days)');
    }
    // A budget over the cap (the configuration allows none) would still be capped.
    expect(resultToolDefinition(10 * 24 * 3600).inputSchema).toMatchObject({
      properties: { waitSeconds: { maximum: 604_800 } },
    });
  });

  it('is described as read-only, with the budget as the wait limit', () => {
    const d = resultToolDefinition(45);
    expect(d.name).toBe('get_execution_result');
    expect(d.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, openWorldHint: true });
    expect(d.inputSchema).toMatchObject({
      required: ['executionArn'],
      properties: { waitSeconds: { minimum: 0, maximum: 45 } },
    });
    expect(resultToolDefinition(0).inputSchema).toMatchObject({
      properties: { waitSeconds: { minimum: 0, maximum: 604_800 } },
    });
    expect(resultToolDefinition(0).description).toContain('waitSeconds (0 to 604800)');
  });
});
