/**
 * Operations tools (SFN_MCP_OPERATIONS) through the built server and the real MCP client, over stdio and
 * Streamable HTTP, on the local engine: every tool at every level, their refusals before any AWS call
 * (outside the selection, Express, a malformed ARN, a wrong cursor, a level that does not serve the
 * tool; each AWS operation checked absent from the engine's call log), describe_execution over a
 * history of several pages and with a long input and output cut, HTTP tool scopes, and the name a
 * machine loses to an operations tool.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  paginateGetExecutionHistory,
} from '@aws-sdk/client-sfn';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineFolder, useEngine } from '../helpers/engine.js';
import { connectClient } from '../helpers/http.js';
import { OPERATIONS_MACHINES, PREFIX } from '../helpers/operations-machines.js';
import { connectStdio, engineEnv, startHttpServer, type HttpServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';

type Result = Awaited<ReturnType<Client['callTool']>>;
const OPERATIONS = ['list_executions', 'describe_execution', 'stop_execution', 'redrive_execution'];

let folder: { dir: string; cleanup(): Promise<void> } | undefined;
beforeAll(async () => {
  folder = await machineFolder(OPERATIONS_MACHINES);
});
afterAll(() => folder?.cleanup());
const local = useEngine(() => ({ dir: folder!.dir }));

const arns: Record<string, string> = {};
const closers: Array<() => Promise<void>> = [];
beforeAll(async () => {
  // Retry intervals and Wait states 100 times shorter.
  local.engine.faults.set({ waitScale: 0.01 });
  const listed = await local.sfn.send(new ListStateMachinesCommand({}));
  for (const m of listed.stateMachines ?? []) arns[m.name!] = m.stateMachineArn!;
});
afterAll(async () => {
  await Promise.allSettled(closers.map((close) => close()));
});

const env = (level: string, extra: Record<string, string> = {}) =>
  engineEnv(local.engine.endpoint, { STATE_MACHINE_PREFIX: PREFIX, SFN_MCP_OPERATIONS: level, ...extra });

async function stdioClient(level: string): Promise<Client> {
  const connected = await connectStdio(env(level));
  closers.push(() => connected.close());
  return connected.client;
}

async function httpServer(level: string, extra: Record<string, string> = {}): Promise<HttpServer> {
  const server = await startHttpServer(env(level, extra));
  closers.push(() => server.close());
  return server;
}

async function client(transport: string, level: string): Promise<Client> {
  return transport === 'stdio' ? stdioClient(level) : (await httpServer(level)).connect('2026-07-28');
}

const text = (r: Result): string => (r.content as Array<{ text: string }>)[0]!.text;
const call = (c: Client, name: string, args: Record<string, unknown>) =>
  c.callTool({ name, arguments: args }) as Promise<Result>;

/** Whether the engine saw a call naming this ARN since `since` (epoch ms). */
const reached = (arn: string, since: number): string[] =>
  local.engine.calls
    .entries()
    .filter((e) => e.at >= since && e.arn === arn)
    .map((e) => e.operation);

async function startDirectly(machine: string, name: string, input: unknown): Promise<string> {
  const out = await local.sfn.send(
    new StartExecutionCommand({ stateMachineArn: arns[machine], name, input: JSON.stringify(input) }),
  );
  return out.executionArn!;
}

/** How many events the execution's history holds, read page by page with the SDK. */
async function historyLength(executionArn: string): Promise<number> {
  let n = 0;
  for await (const page of paginateGetExecutionHistory(
    { client: local.sfn, pageSize: 1_000 },
    { executionArn, includeExecutionData: false },
  ))
    n += page.events?.length ?? 0;
  return n;
}

async function statusOf(executionArn: string): Promise<string | undefined> {
  return (await local.sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
}

describe.each(['stdio', 'http'])('SFN_MCP_OPERATIONS=all over %s', (transport) => {
  let c: Client;
  let succeeded: string;
  let failed: string;
  beforeAll(async () => {
    c = await client(transport, 'all');
    const ok = await call(c, 'orders', { card: 'valid', items: [1, 2, 3], via: transport });
    expect(ok.isError, text(ok)).toBeFalsy();
    succeeded = String(ok._meta?.executionArn);
    const ko = await call(c, 'orders', { card: 'expired', items: [1], via: transport });
    expect(ko.isError).toBe(true);
    failed = String(ko._meta?.executionArn);
  });

  it('lists the four tools with their hints, and keeps their names from machines', async () => {
    const { tools } = await c.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    for (const name of OPERATIONS) expect(byName[name], name).toBeDefined();
    const hints = (name: string) => {
      const { title: _t, ...rest } = byName[name]!.annotations ?? {};
      return rest;
    };
    const reads = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
    expect(hints('list_executions')).toEqual(reads);
    expect(hints('describe_execution')).toEqual(reads);
    expect(hints('stop_execution')).toEqual({ ...reads, readOnlyHint: false, destructiveHint: true });
    expect(hints('redrive_execution')).toEqual({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    });
    // The machine "op-list_executions" would be "list_executions": it gets a hash suffix instead.
    expect(tools.filter((t) => t.name.startsWith('list_executions_'))).toHaveLength(1);
    expect(byName.list_executions?.description).toMatch(/^Lists the executions of one workflow/);
  });

  it('list_executions: newest first, by tool name or ARN, filtered by status, paged by cursor', async () => {
    const all = await call(c, 'list_executions', { machine: 'orders' });
    expect(all.isError).toBeFalsy();
    const listed = (all.structuredContent as { executions: Array<{ executionArn: string; status: string }> })
      .executions;
    const arnsListed = listed.map((e) => e.executionArn);
    expect(arnsListed.indexOf(failed)).toBeGreaterThanOrEqual(0);
    expect(arnsListed.indexOf(failed)).toBeLessThan(arnsListed.indexOf(succeeded));
    expect(text(all)).toContain(`- ${failed.split(':').at(-1)} FAILED, started `);

    const byArn = await call(c, 'list_executions', { machine: arns['op-orders'], status: 'FAILED' });
    const failedOnly = (byArn.structuredContent as { executions: Array<{ status: string }> }).executions;
    expect(failedOnly.length).toBeGreaterThan(0);
    expect(failedOnly.every((e) => e.status === 'FAILED')).toBe(true);

    const first = await call(c, 'list_executions', { machine: 'orders', maxResults: 1 });
    const cursor = (first.structuredContent as { nextCursor?: string }).nextCursor;
    expect(cursor).toBeDefined();
    expect(text(first)).toContain(`cursor "${cursor}"`);
    const second = await call(c, 'list_executions', { machine: 'orders', maxResults: 1, cursor });
    const page2 = (second.structuredContent as { executions: Array<{ executionArn: string }> }).executions;
    expect(page2).toHaveLength(1);
    expect(page2[0]!.executionArn).toBe(listed[1]!.executionArn);

    const wrong = await call(c, 'list_executions', { machine: 'orders', status: 'FAILED', cursor });
    expect(wrong.isError).toBe(true);
    expect(text(wrong)).toMatch(/this cursor continues the listing of .*op-orders, not this one/);
    const forged = await call(c, 'list_executions', { machine: 'orders', cursor: 'bm90LWEtY3Vyc29y' });
    expect(text(forged)).toMatch(/cursor is not a cursor this server gave/);
  });

  it('describe_execution: a failure, with the failed state, error, cause, input, retries and errors', async () => {
    const r = await call(c, 'describe_execution', { executionArn: failed });
    expect(r.isError).toBeFalsy();
    const t = text(r);
    expect(t).toContain('Execution ');
    expect(t).toContain(': FAILED');
    expect(t).toContain('Failed in state "Charge": PaymentDeclined: card expired');
    expect(t).toContain(`Input of the failed state: {"card":"expired","items":[1],"via":"${transport}"}`);
    expect(t).toMatch(/- Validate \(Pass\): 1 visit\(s\)/);
    expect(t).toMatch(
      /- Charge \(Task\): 1 visit\(s\), 1 not completed, 1 retry, errors: Flaky ×1, PaymentDeclined ×1/,
    );
    expect(t).toContain('Redrive: REDRIVABLE');
    const data = r.structuredContent as { status: string; history: { failure: unknown } };
    expect(data.status).toBe('FAILED');
    expect(data.history.failure).toEqual({
      state: 'Charge',
      error: 'PaymentDeclined',
      cause: 'card expired',
    });
  });

  it('describe_execution: a success, with Map items and iterations and Parallel branches', async () => {
    const t = text(await call(c, 'describe_execution', { executionArn: succeeded }));
    expect(t).toContain(': SUCCEEDED');
    expect(t).toMatch(
      /- Items \(Map\): 1 visit\(s\), [^\n]*3 item\(s\); iterations 3 started, 3 succeeded, 0 failed/,
    );
    expect(t).toMatch(/- Pack \(Pass\): 3 visit\(s\)/);
    expect(t).toMatch(/- Fan \(Parallel\): 1 visit\(s\), [^\n]*2 branch\(es\)/);
    expect(t).toContain('Output: {"charged":true,"attempt":2}');
  });

  it('describe_execution reads any execution of a served machine, and cuts a long input with a note', async () => {
    const executionArn = await startDirectly('op-hold', `manual-${transport}`, { pad: 'x'.repeat(10_000) });
    const r = await call(c, 'describe_execution', { executionArn });
    expect(r.isError).toBeFalsy();
    expect(text(r)).toMatch(/Input \(truncated: first 4,096 of 10,0\d\d characters\): \{"pad":"xxx/);
    expect(text(r)).toMatch(/running for .*\n[\s\S]*now in state "Hold"/);
    await call(c, 'stop_execution', { executionArn });
  });

  it('describe_execution cuts a long output with a note, in the text and in the data', async () => {
    const input = { pad: 'y'.repeat(9_000) };
    const json = JSON.stringify(input);
    const executionArn = await startDirectly('op-echo', `echo-${transport}`, input);
    await waitFor(async () => ((await statusOf(executionArn)) === 'SUCCEEDED' ? true : undefined), 'the run');
    const r = await call(c, 'describe_execution', { executionArn });
    expect(r.isError).toBeFalsy();
    const note = `first 4,096 of ${json.length.toLocaleString('en-US')} characters`;
    const outputLine = text(r)
      .split('\n')
      .find((line) => line.startsWith('Output'));
    expect(outputLine).toBe(`Output (truncated: ${note}): ${json.slice(0, 4_096)}…`);
    expect(r.structuredContent).toMatchObject({
      status: 'SUCCEEDED',
      output: `${json.slice(0, 4_096)}…`,
      outputTruncated: note,
      inputTruncated: note,
    });
  });

  it('describe_execution cuts the long input of the failed state with a note too', async () => {
    const input = { card: 'expired', items: [1], pad: 'z'.repeat(6_000) };
    const json = JSON.stringify(input);
    const executionArn = await startDirectly('op-orders', `long-failure-${transport}`, input);
    await waitFor(async () => ((await statusOf(executionArn)) === 'FAILED' ? true : undefined), 'the run');
    const r = await call(c, 'describe_execution', { executionArn });
    const note = `first 4,096 of ${json.length.toLocaleString('en-US')} characters`;
    expect(text(r)).toContain('Failed in state "Charge": PaymentDeclined: card expired');
    expect(text(r)).toContain(`Input of the failed state (truncated: ${note}): ${json.slice(0, 4_096)}…\n`);
    expect(r.structuredContent).toMatchObject({
      failedStateInput: `${json.slice(0, 4_096)}…`,
      failedStateInputTruncated: note,
    });
  });

  it('describe_execution reads every page of a history of thousands of events', async () => {
    const items = Array.from({ length: 500 }, (_, i) => i);
    const executionArn = await startDirectly('op-many', `many-${transport}`, { items });
    await waitFor(async () => ((await statusOf(executionArn)) === 'SUCCEEDED' ? true : undefined), 'the run');
    const events = await historyLength(executionArn);
    expect(events).toBeGreaterThan(2_000);

    const since = Date.now();
    const r = await call(c, 'describe_execution', { executionArn });
    expect(r.isError).toBeFalsy();
    // A page holds at most 1,000 events: three pages, each read once.
    expect(reached(executionArn, since).filter((op) => op === 'GetExecutionHistory')).toHaveLength(
      Math.ceil(events / 1_000),
    );
    const data = r.structuredContent as {
      historyComplete: boolean;
      history: { events: number; states: Array<{ name: string }> };
    };
    expect(data.historyComplete).toBe(true);
    expect(data.history.events).toBe(events);
    const state = (name: string) => data.history.states.find((s) => s.name === name);
    expect(state('Each')).toMatchObject({
      type: 'Map',
      visits: 1,
      completed: 1,
      map: { items: 500, iterations: { started: 500, succeeded: 500, failed: 0, aborted: 0 } },
    });
    expect(state('Touch')).toMatchObject({ type: 'Pass', visits: 500, completed: 500 });
    expect(text(r)).toContain(`History: ${events.toLocaleString('en-US')} event(s), 2 state(s):`);
    expect(text(r)).toMatch(
      /- Each \(Map\): 1 visit\(s\), [^\n]*500 item\(s\); iterations 500 started, 500 succeeded/,
    );
    expect(text(r)).toMatch(/- Touch \(Pass\): 500 visit\(s\)/);
  });

  it('stop_execution stops a running execution once, and says so when it had already ended', async () => {
    const executionArn = await startDirectly('op-hold', `to-stop-${transport}`, {});
    const stopped = await call(c, 'stop_execution', { executionArn, cause: 'the agent was told to' });
    expect(stopped.isError).toBeFalsy();
    expect(text(stopped)).toMatch(/stopped at .*: it ends ABORTED/);
    expect(await statusOf(executionArn)).toBe('ABORTED');
    const again = await call(c, 'stop_execution', { executionArn });
    expect(again.isError).toBeFalsy();
    expect(text(again)).toMatch(/had already ended ABORTED at .*; nothing was stopped/);
  });

  it('redrive_execution runs a failed execution again to success, and refuses one that succeeded', async () => {
    const since = Date.now();
    const refused = await call(c, 'redrive_execution', { executionArn: succeeded });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/cannot be redriven: .*SUCCEEDED/);
    expect(reached(succeeded, since)).not.toContain('RedriveExecution');

    const redriven = await call(c, 'redrive_execution', { executionArn: failed });
    expect(redriven.isError, text(redriven)).toBeFalsy();
    expect(text(redriven)).toMatch(/redriven at .* \(redrive 1\)/);
    await waitFor(async () => ((await statusOf(failed)) === 'SUCCEEDED' ? true : undefined), 'the redrive');
    const t = text(await call(c, 'describe_execution', { executionArn: failed }));
    expect(t).toContain('Redriven 1 time(s)');
    expect(t).toMatch(/History: .*redriven 1 time\(s\)/);
  });

  it('refuses Express workflows, machines outside the selection and malformed ARNs without calling AWS', async () => {
    const since = Date.now();
    const express = await call(c, 'list_executions', { machine: 'express' });
    expect(express.isError).toBe(true);
    expect(text(express)).toMatch(/"express" is an Express workflow\. Step Functions keeps no record/);
    const outside = await call(c, 'list_executions', { machine: arns['zz-outside'] });
    expect(text(outside)).toMatch(
      /neither the tool name nor the state machine ARN of a workflow this server serves/,
    );
    expect(text(outside)).toMatch(/list_executions works on: .*orders \(arn:aws:states:/);
    const outsideRun = await startDirectly('zz-outside', `outside-${transport}`, {});
    for (const tool of ['describe_execution', 'stop_execution', 'redrive_execution']) {
      const r = await call(c, tool, { executionArn: outsideRun });
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/state machine "zz-outside" .* not a workflow this server serves/);
    }
    for (const tool of ['describe_execution', 'stop_execution', 'redrive_execution']) {
      const r = await call(c, tool, { executionArn: 'orders/mcp-1234' });
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(
        /^Refused: "orders\/mcp-1234" is not a Step Functions execution ARN .*; expected arn:<partition>:states:.*\. Nothing was done\.$/,
      );
    }
    const expressArn = `${arns['op-express']!.replace(':stateMachine:', ':express:')}:run-1:1f9d`;
    const r = await call(c, 'describe_execution', { executionArn: expressArn });
    expect(text(r)).toMatch(/this execution is an Express workflow/);
    const sent = local.engine.calls
      .entries()
      .filter((e) => e.at >= since)
      .map((e) => e.operation);
    // The log records this window: the run started outside the server is in it.
    expect(sent).toContain('StartExecution');
    const reads = ['ListExecutions', 'DescribeExecution', 'GetExecutionHistory'];
    for (const operation of [...reads, 'StopExecution', 'RedriveExecution'])
      expect(sent, operation).not.toContain(operation);
  });

  it('refuses invalid arguments naming each one', async () => {
    const r = await call(c, 'list_executions', { machine: 'orders', status: 'DONE', maxResults: 500 });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('Invalid arguments for tool "list_executions"; nothing was done.');
    expect(text(r)).toContain('/status: must be one of');
    expect(text(r)).toContain('/maxResults: must be <= 100');
  });
});

describe.each(['stdio', 'http'])('lower levels over %s', (transport) => {
  it('read: list and describe only; stop and redrive are unknown tools', async () => {
    const c = await client(transport, 'read');
    const names = (await c.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['list_executions', 'describe_execution']));
    expect(names).not.toContain('stop_execution');
    expect(names).not.toContain('redrive_execution');
    const listed = await call(c, 'list_executions', { machine: 'orders' });
    expect(listed.isError).toBeFalsy();
    const executionArn = await startDirectly('op-hold', `read-level-${transport}`, {});
    await expect(call(c, 'stop_execution', { executionArn })).rejects.toThrow(
      /Unknown tool: 'stop_execution'/,
    );
    await expect(call(c, 'redrive_execution', { executionArn })).rejects.toThrow(/Unknown tool/);
    expect(await statusOf(executionArn)).toBe('RUNNING');
  });

  it('none (the default): no operations tool, and a machine keeps the name list_executions', async () => {
    const c = await client(transport, 'none');
    const names = (await c.listTools()).tools.map((t) => t.name);
    for (const name of ['describe_execution', 'stop_execution', 'redrive_execution'])
      expect(names).not.toContain(name);
    // Here "list_executions" is the machine op-list_executions, which runs.
    const r = await call(c, 'list_executions', {});
    expect(r.isError).toBeFalsy();
    expect(String(r._meta?.executionArn)).toContain(':execution:op-list_executions:mcp-');
    await expect(call(c, 'describe_execution', { executionArn: 'x' })).rejects.toThrow(/Unknown tool/);
  });
});

describe('HTTP tool scopes', () => {
  let scoped: Client;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfn-mcp-ops-tokens-'));
    const tokens = join(dir, 'tokens');
    writeFileSync(tokens, 'leakcheck-ops-token ops\nleakcheck-admin-token admin\n');
    const server = await httpServer('all', {
      SFN_MCP_AUTH_TOKENS_FILE: tokens,
      SFN_MCP_TOOL_SCOPES: 'ops=list_executions|describe_execution|orders;admin=*',
    });
    scoped = await connectClient(server.url, 'leakcheck-ops-token', '2026-07-28');
    closers.push(() => scoped.close());
  });

  it("reach only the tools and the machines the caller's scopes allow", async () => {
    const names = (await scoped.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual(['describe_execution', 'list_executions', 'orders']);
    const orders = await call(scoped, 'list_executions', { machine: 'orders' });
    expect(orders.isError).toBeFalsy();
    const hold = await call(scoped, 'list_executions', { machine: 'hold' });
    expect(hold.isError).toBe(true);
    expect(text(hold)).toMatch(/list_executions works on: orders \(arn:[^)]*\)\. Nothing was done\./);
    const holdRun = await startDirectly('op-hold', 'scoped-hold', {});
    const since = Date.now();
    const described = await call(scoped, 'describe_execution', { executionArn: holdRun });
    expect(text(described)).toMatch(/not a workflow this server serves/);
    expect(reached(holdRun, since)).toEqual([]);
    await expect(call(scoped, 'stop_execution', { executionArn: holdRun })).rejects.toThrow(/Unknown tool/);
    expect(await statusOf(holdRun)).toBe('RUNNING');
  });
});
