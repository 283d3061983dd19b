/**
 * Large catalogues through the built server and the real MCP client, over stdio and Streamable HTTP,
 * against the local engine: at the tool budget one tool per machine; one tool over it, search_workflows
 * and run_workflow in their place. A run answers exactly as the workflow's own tool does (the same
 * server with one more tool of budget is the reference): success, failure, refused arguments with nothing
 * started, a Standard run past the wait budget, a task. Over HTTP, tool scopes apply to both meta tools
 * and to the workflows they reach.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachSchema, createMachines, useEngine } from '../helpers/engine.js';
import { connectClient } from '../helpers/http.js';
import { FAILING, HOLD, QUICK, text } from '../helpers/long-runs-machines.js';
import { Loose, type Obj } from '../helpers/raw-requests.js';
import { connectStdio, engineEnv, startHttpServer, type HttpServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';

const SCHEMA_TAG = 'input-schema';

const REFUND = {
  Comment: 'Refund flow: checks the order, then pays the money back.',
  StartAt: 'Refund',
  States: { Refund: { Type: 'Pass', Parameters: { 'orderId.$': '$.orderId', refunded: true }, End: true } },
};

const local = useEngine();

beforeAll(async () => {
  const [refundArn] = await createMachines(local.engine, [
    { name: 'lc-refund-order', type: 'EXPRESS', definition: REFUND, description: 'Refunds a paid order.' },
    { name: 'lc-create-order', type: 'EXPRESS', definition: QUICK, description: 'Creates an order.' },
    { name: 'lc-reject', type: 'EXPRESS', definition: FAILING, description: 'Rejects every order.' },
    { name: 'lc-hold', definition: HOLD, description: 'Waits as long as asked.' },
    {
      name: 'lc-weather',
      type: 'EXPRESS',
      definition: QUICK,
      description: 'Says what the weather is.',
      tags: { 'mcp:readOnly': 'true', 'mcp:destructive': 'false' },
    },
  ]);
  await attachSchema(local.engine, refundArn!, SCHEMA_TAG, {
    registry: 'lc',
    name: 'Refund',
    type: 'JSONSchemaDraft4',
    content: JSON.stringify({
      type: 'object',
      properties: { orderId: { type: 'string' } },
      required: ['orderId'],
      additionalProperties: false,
    }),
  });
});

/** Five machines and the companion tool: six tools one per machine. */
const env = (budget: number, extra: Record<string, string> = {}) =>
  engineEnv(local.engine.endpoint, {
    STATE_MACHINE_PREFIX: 'lc-',
    STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: SCHEMA_TAG,
    SFN_MCP_WAIT_BUDGET_SECONDS: '1',
    SFN_MCP_TOOL_BUDGET: String(budget),
    ...extra,
  });

interface Open {
  client: Client;
  close(): Promise<void>;
}

async function open(transport: 'stdio' | 'http', environment: Record<string, string>): Promise<Open> {
  if (transport === 'stdio') return connectStdio(environment);
  const server = await startHttpServer(environment);
  return { client: await server.connect(), close: () => server.close() };
}

const starts = (): number => {
  const counts = local.engine.calls.counts();
  return (counts.StartExecution ?? 0) + (counts.StartSyncExecution ?? 0);
};

const executionOf = (taskId: string): string =>
  Buffer.from(taskId.slice('sfn.v1.'.length), 'base64url').toString('utf8');

describe.each(['stdio', 'http'] as const)('over %s', (transport) => {
  let perMachine: Open;
  let large: Open;
  beforeAll(async () => {
    [perMachine, large] = await Promise.all([open(transport, env(6)), open(transport, env(5))]);
  });
  afterAll(async () => {
    await Promise.allSettled([perMachine?.close(), large?.close()]);
  });

  const run = (workflow: string, args?: Obj) =>
    large.client.callTool({
      name: 'run_workflow',
      arguments: { workflow, ...(args !== undefined ? { arguments: args } : {}) },
    });
  const search = async (args: Obj) =>
    (await large.client.callTool({ name: 'search_workflows', arguments: args })).structuredContent as {
      total: number;
      results: Array<{ name: string; description: string; inputSchema: Obj; annotations: Obj }>;
      nextOffset?: number;
    };

  it('at the budget, serves one tool per machine, sorted by name', async () => {
    const { tools } = await perMachine.client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'create_order',
      'get_execution_result',
      'hold',
      'refund_order',
      'reject',
      'weather',
    ]);
  });

  it('one tool over the budget, serves search_workflows and run_workflow instead; a machine tool is unknown', async () => {
    const { tools } = await large.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['get_execution_result', 'run_workflow', 'search_workflows']);
    expect(tools.find((t) => t.name === 'search_workflows')?.annotations?.readOnlyHint).toBe(true);
    await expect(large.client.callTool({ name: 'create_order', arguments: { id: 'x' } })).rejects.toThrow(
      /Unknown tool: 'create_order'.*run_workflow, search_workflows/,
    );
  });

  it('search finds workflows by words in names and descriptions, with what their own tools list', async () => {
    const ownTools = (await perMachine.client.listTools()).tools;
    const own = ownTools.find((t) => t.name === 'refund_order')!;
    const found = await search({ query: 'refund order' });
    expect(found.results.map((r) => r.name)).toEqual(['refund_order', 'create_order', 'reject']);
    expect(found.total).toBe(3);
    expect(found.results[0]).toEqual({
      name: own.name,
      description: own.description,
      inputSchema: own.inputSchema,
      annotations: own.annotations,
    });
    expect(own.annotations).toEqual({ title: 'lc-refund-order' });
    expect(found.results[0]!.description).toBe(
      'Refunds a paid order.\n\nWorkflow Description: Refund flow: checks the order, then pays the money back.',
    );
    // The hints from the machine's tags, as its own tool carries them.
    const weather = await search({ query: 'weather' });
    expect(weather.results.map((r) => r.name)).toEqual(['weather']);
    expect(weather.results[0]!.annotations).toEqual({
      title: 'lc-weather',
      readOnlyHint: true,
      destructiveHint: false,
    });
    expect(weather.results[0]!.annotations).toEqual(ownTools.find((t) => t.name === 'weather')!.annotations);
    const page = await search({ query: '', limit: 2, offset: 2 });
    expect(page).toMatchObject({ total: 5, nextOffset: 4 });
    expect(page.results.map((r) => r.name)).toEqual(['refund_order', 'reject']);
  });

  it('a run that succeeds answers as the workflow tool does', async () => {
    const own = await perMachine.client.callTool({ name: 'create_order', arguments: { id: 'same' } });
    const ran = await run('create_order', { id: 'same' });
    expect(ran.isError).toBeFalsy();
    expect(ran.content).toEqual(own.content);
    expect(ran.structuredContent).toEqual({ id: 'same' });
    expect(ran._meta).toMatchObject({ status: 'SUCCEEDED' });
    expect(String(ran._meta?.executionArn)).toContain(':lc-create-order:');
  });

  it('a run that fails answers as the workflow tool does', async () => {
    const own = await perMachine.client.callTool({ name: 'reject', arguments: {} });
    const ran = await run('reject', {});
    expect(ran.isError).toBe(true);
    const firstLine = (r: { content?: unknown }) => text(r).split('\n')[0];
    expect(firstLine(ran)).toBe(firstLine(own));
    expect(firstLine(ran)).toBe('Execution FAILED: OrderRejected: The order total is over the limit');
  });

  it('refuses invalid arguments as the workflow tool does, and starts nothing', async () => {
    const own = await perMachine.client.callTool({ name: 'refund_order', arguments: { orderId: 5 } });
    local.engine.calls.reset();
    const refused = await run('refund_order', { orderId: 5 });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toBe(text(own));
    expect(text(refused)).toContain('Invalid arguments for tool "refund_order"; no execution was started');
    expect(text(refused)).toContain('/orderId: must be string');
    const noWorkflow = await run('no_such_workflow', {});
    expect(text(noWorkflow)).toMatch(
      /^No workflow named "no_such_workflow" is served; no execution was started/,
    );
    const badShape = await large.client.callTool({ name: 'run_workflow', arguments: { arguments: 'x' } });
    expect(badShape.isError).toBe(true);
    expect(text(badShape)).toContain("(root): must have required property 'workflow'");
    expect(starts()).toBe(0);
    // And the right arguments run it.
    expect((await run('refund_order', { orderId: 'o-1' })).structuredContent).toEqual({
      orderId: 'o-1',
      refunded: true,
    });
  });

  it('a Standard run past the wait budget returns its executionArn; get_execution_result reads the result', async () => {
    const ran = await run('hold', { seconds: 3, id: 'long' });
    expect(ran.isError).toBeFalsy();
    expect(ran._meta).toMatchObject({ status: 'RUNNING' });
    expect(text(ran)).toContain('get_execution_result');
    const executionArn = String(ran._meta?.executionArn);
    const done = await waitFor(
      async () => {
        const read = await large.client.callTool({
          name: 'get_execution_result',
          arguments: { executionArn, waitSeconds: 1 },
        });
        return read._meta?.status === 'RUNNING' ? undefined : read;
      },
      'the long run to end',
      20_000,
    );
    expect(done.structuredContent).toEqual({ id: 'long', done: true });
  });

  it('runs a Standard workflow as a task (2025-11-25); an Express one or bad arguments start nothing', async () => {
    const asTask = (args: Obj) =>
      large.client.request(
        { method: 'tools/call', params: { name: 'run_workflow', arguments: args, task: { ttl: 60_000 } } },
        Loose,
      ) as Promise<Obj>;
    const created = await asTask({ workflow: 'hold', arguments: { seconds: 1, id: 'task' } });
    const task = created.task as Obj;
    expect(task.status).toBe('working');
    const taskId = String(task.taskId);
    expect(executionOf(taskId)).toMatch(/:execution:lc-hold:mcp-/);
    const result = (await large.client.request({ method: 'tasks/result', params: { taskId } }, Loose)) as Obj;
    expect(result.structuredContent).toEqual({ id: 'task', done: true });

    local.engine.calls.reset();
    await expect(asTask({ workflow: 'create_order', arguments: { id: 'x' } })).rejects.toThrow(
      /Workflow "create_order" is an Express workflow: it answers in the call and cannot run as a task/,
    );
    // Over Step Functions' input limit: refused before anything starts, as the hold tool refuses it.
    const refused = await asTask({ workflow: 'hold', arguments: { blob: 'x'.repeat(300 * 1024) } });
    expect(refused.task).toBeUndefined();
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/256 KiB/);
    expect(starts()).toBe(0);
  });
});

describe('tool scopes over HTTP apply to both meta tools and to the workflows they reach', () => {
  let server: HttpServer;
  const clients: Client[] = [];
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfn-mcp-lc-tokens-'));
    const tokensFile = join(dir, 'tokens');
    writeFileSync(tokensFile, 'leakcheck-lc-orders orders\nleakcheck-lc-browse browse\n');
    server = await startHttpServer(
      env(5, {
        SFN_MCP_AUTH_TOKENS_FILE: tokensFile,
        SFN_MCP_TOOL_SCOPES:
          'orders=search_workflows|run_workflow|get_execution_result|*_order;browse=search_workflows|*_order',
      }),
    );
  });
  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await server?.close();
  });
  const connect = async (token: string) => {
    const client = await connectClient(server.url, token);
    clients.push(client);
    return client;
  };

  it('lists only the meta tools the scopes allow', async () => {
    const orders = await connect('leakcheck-lc-orders');
    expect((await orders.listTools()).tools.map((t) => t.name)).toEqual([
      'get_execution_result',
      'run_workflow',
      'search_workflows',
    ]);
    const browse = await connect('leakcheck-lc-browse');
    expect((await browse.listTools()).tools.map((t) => t.name)).toEqual(['search_workflows']);
    await expect(
      browse.callTool({
        name: 'run_workflow',
        arguments: { workflow: 'create_order', arguments: { id: 'x' } },
      }),
    ).rejects.toThrow(/Unknown tool: 'run_workflow'/);
  });

  it('search shows only the workflows the scopes allow; run refuses the others like unknown ones', async () => {
    const orders = await connect('leakcheck-lc-orders');
    const found = (await orders.callTool({ name: 'search_workflows', arguments: {} }))
      .structuredContent as Obj;
    expect((found.results as Obj[]).map((r) => r.name)).toEqual(['create_order', 'refund_order']);
    expect(found.total).toBe(2);
    const hidden = (await orders.callTool({ name: 'search_workflows', arguments: { query: 'weather' } }))
      .structuredContent as Obj;
    expect(hidden.total).toBe(0);

    local.engine.calls.reset();
    const refused = await orders.callTool({
      name: 'run_workflow',
      arguments: { workflow: 'weather', arguments: { id: 'x' } },
    });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/^No workflow named "weather" is served; no execution was started/);
    const asTask = (await orders.request(
      {
        method: 'tools/call',
        params: {
          name: 'run_workflow',
          arguments: { workflow: 'hold', arguments: { seconds: 0, id: 'x' } },
          task: { ttl: 60_000 },
        },
      },
      Loose,
    )) as Obj;
    expect(asTask.isError).toBe(true);
    expect(text(asTask)).toMatch(/^No workflow named "hold" is served/);
    expect(starts()).toBe(0);

    const ran = await orders.callTool({
      name: 'run_workflow',
      arguments: { workflow: 'create_order', arguments: { id: 'scoped' } },
    });
    expect(ran.structuredContent).toEqual({ id: 'scoped' });
  });
});
