/**
 * Long Standard runs through the real MCP client (docs/long-runs.md): progress notifications,
 * cancellation (with and without stopping the execution), the wait budget and the get_execution_result
 * companion tool, over stdio and Streamable HTTP, against the local engine.
 */
import { randomUUID } from 'node:crypto';
import { StartExecutionCommand, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMachines, useEngine } from '../helpers/engine.js';
import {
  connectStdio,
  engineEnv,
  startHttpServer,
  type Connected,
  type HttpServer,
  type ProtocolRevision,
} from '../helpers/server.js';
import {
  FAILING,
  HOLD,
  QUICK,
  expectCancelMidRun,
  expectRunProgress,
  finalStatusOf,
  text,
  type Note,
} from '../helpers/long-runs-machines.js';

const local = useEngine();
const arns: Record<string, string> = {};
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  const names = [
    'lr-hold',
    'lr-cancel',
    'lr-quick',
    'lr-fail',
    'lr-express',
    'lr-get_execution_result',
    'other-hold',
  ];
  const created = await createMachines(local.engine, [
    { name: 'lr-hold', definition: HOLD },
    { name: 'lr-cancel', definition: HOLD },
    { name: 'lr-quick', definition: QUICK },
    { name: 'lr-fail', definition: FAILING },
    { name: 'lr-express', type: 'EXPRESS', definition: QUICK },
    { name: 'lr-get_execution_result', definition: QUICK },
    { name: 'other-hold', definition: HOLD },
  ]);
  names.forEach((n, i) => (arns[n] = created[i]!));
});

afterAll(async () => {
  await Promise.allSettled(closers.map((c) => c()));
});

const env = (extra: Record<string, string> = {}) =>
  engineEnv(local.engine.endpoint, { STATE_MACHINE_PREFIX: 'lr-', ...extra });

async function stdio(
  extra: Record<string, string> = {},
  revision: ProtocolRevision = '2025-11-25',
): Promise<Client> {
  const conn: Connected = await connectStdio(env(extra), [], revision);
  closers.push(() => conn.close());
  return conn.client;
}

async function http(extra: Record<string, string> = {}): Promise<HttpServer> {
  const server = await startHttpServer(env(extra));
  closers.push(() => server.close());
  return server;
}

describe('progress notifications', () => {
  const clients: Record<string, Client> = {};
  beforeAll(async () => {
    const server = await http();
    [
      clients['stdio 2025-11-25'],
      clients['stdio 2026-07-28'],
      clients['http 2025-06-18'],
      clients['http 2026-07-28'],
    ] = await Promise.all([
      stdio({}, '2025-11-25'),
      stdio({}, '2026-07-28'),
      server.connect('2025-06-18'),
      server.connect('2026-07-28'),
    ]);
  });

  it.concurrent.each(['stdio 2025-11-25', 'stdio 2026-07-28', 'http 2025-06-18', 'http 2026-07-28'])(
    'arrive during a run of a few seconds and stop when it ends (%s)',
    async (transport) => {
      const client = clients[transport]!;
      const notes: Note[] = [];
      const result = await client.callTool(
        { name: 'hold', arguments: { seconds: 2, id: transport } },
        { onprogress: (p) => void notes.push(p) },
      );
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ id: transport, done: true });

      // The state comes from the newest history events.
      expect(notes.some((n) => n.message?.includes('in state "Hold"'))).toBe(true);
      await expectRunProgress(client, notes, result);
    },
  );
});

// Over stateless Streamable HTTP a 2025 client's notifications/cancelled is a separate POST that reaches
// another per-request server instance: only 2026-07-28 (the client closes the request's stream) and stdio
// can cancel a waiting call (docs/long-runs.md).
describe.each([
  ['stdio 2025-11-25', false],
  ['stdio 2025-11-25', true],
  ['http 2026-07-28', false],
  ['http 2026-07-28', true],
] as const)('cancellation over %s, stopOnCancel %s', (transport, stopOnCancel) => {
  let client: Client;
  beforeAll(async () => {
    const extra: Record<string, string> = stopOnCancel ? { SFN_MCP_STOP_ON_CANCEL: 'true' } : {};
    client = transport.startsWith('stdio')
      ? await stdio(extra)
      : await (await http(extra)).connect('2026-07-28');
  });

  it('ends the wait at once; the execution goes on or is aborted as set', async () => {
    await expectCancelMidRun(
      local.engine,
      client,
      arns['lr-cancel']!,
      { name: 'cancel', arguments: { seconds: 2, id: `${transport}-${stopOnCancel}` } },
      stopOnCancel,
    );

    // And the server still answers.
    const quick = await client.callTool({ name: 'quick', arguments: { id: 'after' } });
    expect(quick.structuredContent).toEqual({ id: 'after' });
  });
});

describe('wait budget and get_execution_result', () => {
  let client: Client;
  beforeAll(async () => {
    client = await stdio({ SFN_MCP_WAIT_BUDGET_SECONDS: '1' });
  });

  it('an expired budget returns the ARN (not an error); the companion tool then returns the output', async () => {
    const first = await client.callTool({ name: 'hold', arguments: { seconds: 3, id: 'budget' } });
    expect(first.isError).toBeFalsy();
    expect(first._meta?.status).toBe('RUNNING');
    const executionArn = String(first._meta?.executionArn);
    expect(executionArn).toContain(':execution:lr-hold:mcp-');
    expect(text(first)).toContain(`call get_execution_result with executionArn "${executionArn}"`);

    const peek = await client.callTool({
      name: 'get_execution_result',
      arguments: { executionArn, waitSeconds: 0 },
    });
    expect(peek.isError).toBeFalsy();
    expect(peek._meta).toMatchObject({ executionArn, status: 'RUNNING' });
    expect(text(peek)).toContain('Call get_execution_result again');

    let done: Awaited<ReturnType<Client['callTool']>> | undefined;
    for (let i = 0; i < 20 && !done; i++) {
      const r = await client.callTool({
        name: 'get_execution_result',
        arguments: { executionArn, waitSeconds: 1 },
      });
      if (r._meta?.status !== 'RUNNING') done = r;
    }
    expect(done?.isError).toBeFalsy();
    expect(done?._meta).toMatchObject({ executionArn, status: 'SUCCEEDED' });
    expect(done?.structuredContent).toEqual({ id: 'budget', done: true });
  });

  it('returns a failure with its error, cause and failed state', async () => {
    // Started under a name this server gives, as another instance of it would have.
    const { sfn } = local;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: arns['lr-fail'],
        name: `mcp-${randomUUID()}`,
        input: '{}',
      }),
    );
    const r = await client.callTool({ name: 'get_execution_result', arguments: { executionArn } });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain(
      'Execution FAILED in state "Reject": OrderRejected: The order total is over the limit',
    );
    expect(r._meta).toMatchObject({ executionArn, status: 'FAILED' });
  });

  it('refuses an execution of an unselected machine, an Express execution and a malformed ARN, with no AWS call', async () => {
    const { sfn } = local;
    const other = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arns['other-hold'], input: '{"seconds":0,"id":"x"}' }),
    );
    const express = await sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: arns['lr-express'], input: '{"id":"e"}' }),
    );
    local.engine.calls.reset();

    const unselected = await client.callTool({
      name: 'get_execution_result',
      arguments: { executionArn: other.executionArn },
    });
    expect(unselected.isError).toBe(true);
    expect(text(unselected)).toMatch(/state machine "other-hold".*which this server does not serve/);

    const expressRead = await client.callTool({
      name: 'get_execution_result',
      arguments: { executionArn: express.executionArn },
    });
    expect(expressRead.isError).toBe(true);
    expect(text(expressRead)).toMatch(/Express execution/);

    const malformed = await client.callTool({
      name: 'get_execution_result',
      arguments: { executionArn: 'nope' },
    });
    expect(malformed.isError).toBe(true);
    expect(text(malformed)).toMatch(/not a Step Functions execution ARN/);

    expect(local.engine.calls.counts()).toEqual({});
  });

  it('refuses an execution of a served machine that this server did not start, with no AWS call', async () => {
    const { sfn } = local;
    const named = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: arns['lr-hold'],
        name: 'nightly-batch',
        input: '{"seconds":0,"id":"elsewhere"}',
      }),
    );
    // Without a name, Step Functions names it with a UUID: not one of ours either.
    const unnamed = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arns['lr-hold'], input: '{"seconds":0,"id":"e2"}' }),
    );
    expect(await finalStatusOf(local.engine, named.executionArn!)).toBe('SUCCEEDED');
    local.engine.calls.reset();

    for (const executionArn of [named.executionArn!, unnamed.executionArn!]) {
      const r = await client.callTool({ name: 'get_execution_result', arguments: { executionArn } });
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(
        /^Refused: execution ".*" of state machine "lr-hold" was not started by this server/,
      );
      expect(r.structuredContent).toBeUndefined();
    }
    expect(local.engine.calls.counts()).toEqual({});
  });

  it('refuses a waitSeconds over the budget, naming the maximum', async () => {
    local.engine.calls.reset();
    const r = await client.callTool({
      name: 'get_execution_result',
      arguments: {
        executionArn: `arn:aws:states:us-east-1:123456789012:execution:lr-hold:mcp-${randomUUID()}`,
        waitSeconds: 5,
      },
    });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('- /waitSeconds: must be <= 1');
    expect(text(r)).toContain('waitSeconds is at most 1');
    expect(local.engine.calls.counts()).toEqual({});
  });

  it('is read-only and wins a name collision: the machine tool gets a hash suffix', async () => {
    const { tools } = await client.listTools();
    const companion = tools.find((t) => t.name === 'get_execution_result')!;
    expect(companion.annotations).toMatchObject({
      readOnlyHint: true,
      idempotentHint: true,
      openWorldHint: true,
    });
    expect(companion.inputSchema).toMatchObject({ required: ['executionArn'] });
    const machine = tools.find((t) => /^get_execution_result_[0-9a-f]{8}$/.test(t.name));
    expect(machine?.title).toBe('lr-get_execution_result');
    const r = await client.callTool({ name: machine!.name, arguments: { id: 'collide' } });
    expect(r.structuredContent).toEqual({ id: 'collide' });
  });

  it('can be turned off; the machine then keeps its plain name', async () => {
    const off = await stdio({ SFN_MCP_RESULT_TOOL: 'false' });
    const names = (await off.listTools()).tools.map((t) => t.name);
    expect(names).toContain('get_execution_result');
    expect(names.filter((n) => n.startsWith('get_execution_result'))).toHaveLength(1);
    const r = await off.callTool({ name: 'get_execution_result', arguments: { id: 'plain' } });
    expect(r.structuredContent).toEqual({ id: 'plain' });
  });
});
