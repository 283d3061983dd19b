/**
 * Bridge.drain() for shutdown, in process (the Bridge is the tool provider the MCP layer serves): new calls
 * are refused, in-flight waits end at once with the non-error "still running" result, nothing is stopped,
 * and drain() resolves when every call has returned.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Bridge, SHUTTING_DOWN_MESSAGE } from '../../src/bridge/index.js';
import { resolveConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log.js';
import type { ToolResult } from '../../src/mcp/provider.js';
import { createMachines, useEngine } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';
import { HOLD, executionsOf, finalStatusOf, statusOf, text } from '../helpers/long-runs-machines.js';

const local = useEngine();
let holdArn: string;

beforeAll(async () => {
  [holdArn] = (await createMachines(local.engine, [{ name: 'dr-hold', definition: HOLD }])) as [string];
});

function bridge(env: Record<string, string> = {}): Bridge {
  const config = resolveConfig({}, { STATE_MACHINE_PREFIX: 'dr-', ...env });
  return new Bridge(local.clients, config, silentLogger());
}

const ctx = () => ({ signal: new AbortController().signal });

describe('Bridge.drain()', () => {
  it('resolves at once when nothing is in flight, and refuses new calls and tasks afterwards', async () => {
    const b = bridge();
    await b.listTools();
    await b.drain();
    expect(b.isDraining()).toBe(true);
    const r = (await b.callTool('hold', { seconds: 0, id: 'late' }, ctx())) as ToolResult;
    expect(r.isError).toBe(true);
    expect(text(r)).toBe(SHUTTING_DOWN_MESSAGE);
    const read = (await b.callTool('get_execution_result', { executionArn: 'x' }, ctx())) as ToolResult;
    expect(text(read)).toBe(SHUTTING_DOWN_MESSAGE);
    const task = await b.startTask('hold', { seconds: 0, id: 'late' }, ctx());
    expect(task).toMatchObject({ kind: 'refused' });
  });

  it('ends every in-flight wait with the ARN, leaves the executions running, resolves when all returned', async () => {
    const b = bridge({ SFN_MCP_WAIT_BUDGET_SECONDS: '0' }); // no budget: only the drain can end the waits
    await b.listTools();
    const pending: Array<Promise<ToolResult | undefined>> = [];
    for (let i = 0; i < 3; i++)
      pending.push(
        b.callTool('hold', { seconds: 30, id: `d${i}` }, ctx()) as Promise<ToolResult | undefined>,
      );
    // Every call has started its execution and is waiting.
    await waitFor(
      async () => ((await executionsOf(local.engine, holdArn)).length >= 3 ? true : undefined),
      'three executions',
    );
    let settled = 0;
    pending.forEach((p) => void p.then(() => settled++));

    await b.drain();
    expect(settled).toBe(3); // drain() resolved only after every call returned

    for (const r of await Promise.all(pending)) {
      expect(r!.isError).toBeFalsy();
      const executionArn = String(r!._meta?.executionArn);
      expect(r!._meta).toEqual({ executionArn, status: 'RUNNING' });
      expect(text(r!)).toContain(`call get_execution_result with executionArn "${executionArn}"`);
      expect(await statusOf(local.engine, executionArn)).toBe('RUNNING');
    }
    expect(local.engine.calls.entries().some((e) => e.operation === 'StopExecution')).toBe(false);
  });

  it('a get_execution_result wait ends the same way, and a fresh bridge then reads the result', async () => {
    const first = bridge({ SFN_MCP_WAIT_BUDGET_SECONDS: '1' });
    const running = (await first.callTool('hold', { seconds: 2, id: 'handoff' }, ctx())) as ToolResult;
    const executionArn = String(running._meta?.executionArn);
    expect(running._meta?.status).toBe('RUNNING');
    const reading = first.callTool('get_execution_result', { executionArn }, ctx());
    await waitFor(async () => {
      // The read is waiting: its polls reach the engine.
      return local.engine.calls
        .entries()
        .filter((e) => e.operation === 'DescribeExecution' && e.arn === executionArn).length > 0
        ? true
        : undefined;
    }, 'a DescribeExecution of the read');
    await first.drain();
    const r = (await reading) as ToolResult;
    expect(r.isError).toBeFalsy();
    expect(r._meta).toMatchObject({ executionArn, status: 'RUNNING' });

    // Another instance picks it up.
    expect(await finalStatusOf(local.engine, executionArn)).toBe('SUCCEEDED');
    const other = bridge();
    const done = (await other.callTool(
      'get_execution_result',
      { executionArn, waitSeconds: 0 },
      ctx(),
    )) as ToolResult;
    expect(done.structuredContent).toEqual({ id: 'handoff', done: true });
  });
});
