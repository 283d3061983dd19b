/**
 * The workflow view on the wire (MCP Apps), through the built server and the real MCP client, against the
 * examples on the local engine: what a client without the extension sees (today's tools, nothing more),
 * what a client with it sees (the views as resources, the app-only tools and their answers), and the same
 * narrowed by tool scopes over Streamable HTTP; and, in the large-catalogue mode, run_workflow's view, which
 * draws the workflow each call names. The view itself, in a browser: test/view/*.browser.test.ts.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useEngine } from '../helpers/engine.js';
import {
  connectStdio,
  EXAMPLES,
  engineEnv,
  startHttpServer,
  type Connected,
  type HttpServer,
  type ProtocolRevision,
} from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';
import { connectAppsClient, UI_CAPABILITIES } from '../view/browser.js';
import { stateNames } from '../view/synthetic.js';

const local = useEngine({ dir: EXAMPLES });
const MACHINE_TOOLS = [
  'demo_customer_lookup',
  'demo_data_export',
  'demo_invoice_summary',
  'demo_order_fulfillment',
  'demo_refund_approval',
  'demo_refund_request',
  'demo_shipping_quotes',
  'demo_stock_level',
];
const APP_TOOLS = ['workflow_view_graph', 'workflow_view_run'];
const VIEW_URI = 'ui://stepfunctions-tool-mcp-server/workflow/';

type ListedTool = Awaited<ReturnType<Client['listTools']>>['tools'][number];
const uiOf = (t: ListedTool | undefined) =>
  t?._meta?.ui as { resourceUri?: string; visibility?: string[] } | undefined;
const textOf = (r: { content?: unknown }) =>
  ((r.content ?? []) as Array<{ text?: string }>).map((c) => c.text ?? '').join('');

describe('a client without MCP Apps', () => {
  let conn: Connected;
  beforeAll(async () => {
    // With the operations tools too, which have no workflow to draw.
    conn = await connectStdio(engineEnv(local.engine.endpoint, { SFN_MCP_OPERATIONS: 'read' }));
  });
  afterAll(async () => {
    await conn?.close();
  });

  it("sees today's tools only; each machine tool names its view, which it may ignore", async () => {
    const { tools } = await conn.client.listTools();
    const companions = ['describe_execution', 'get_execution_result', 'list_executions'];
    expect(tools.map((t) => t.name).sort()).toEqual([...MACHINE_TOOLS, ...companions].sort());
    for (const name of MACHINE_TOOLS) {
      const tool = tools.find((t) => t.name === name);
      expect(uiOf(tool)?.resourceUri).toBe(`${VIEW_URI}${name}`);
      expect(tool?._meta?.['ui/resourceUri']).toBe(`${VIEW_URI}${name}`);
    }
    for (const name of companions) expect(tools.find((t) => t.name === name)?._meta, name).toBeUndefined();
  });

  it('cannot call the view tools: to it they do not exist', async () => {
    await expect(
      conn.client.callTool({ name: 'workflow_view_graph', arguments: { tool: 'demo_refund_request' } }),
    ).rejects.toThrow(/Unknown tool/);
  });
});

describe('a client with MCP Apps', () => {
  let client: Client;
  beforeAll(async () => {
    client = await connectAppsClient(engineEnv(local.engine.endpoint));
  });
  afterAll(async () => {
    await client?.close();
  });
  const view = (tool: string, args: Record<string, unknown> = {}, name = 'workflow_view_graph') =>
    client.callTool({ name, arguments: { tool, ...args } });

  it('is told the server speaks MCP Apps, beside MCP tasks', () => {
    const extensions = client.getServerCapabilities()?.extensions as Record<string, unknown> | undefined;
    expect(Object.keys(extensions ?? {}).sort()).toEqual([
      'io.modelcontextprotocol/tasks',
      'io.modelcontextprotocol/ui',
    ]);
  });

  it('also sees the two app-only tools, read-only and visible to the view only', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      [...MACHINE_TOOLS, 'get_execution_result', ...APP_TOOLS].sort(),
    );
    for (const name of APP_TOOLS) {
      const tool = tools.find((t) => t.name === name);
      expect(uiOf(tool)).toEqual({ visibility: ['app'] });
      expect(tool?.annotations?.readOnlyHint).toBe(true);
    }
  });

  it('reads a view: one HTML page for MCP Apps, naming its tool, with no domain to reach', async () => {
    const { contents } = await client.readResource({ uri: `${VIEW_URI}demo_refund_request` });
    const page = contents[0] as { uri: string; mimeType: string; text: string; _meta?: { ui?: unknown } };
    expect(page.mimeType).toBe('text/html;profile=mcp-app');
    expect(page._meta?.ui).toEqual({
      csp: { connectDomains: [], resourceDomains: [], frameDomains: [], baseUriDomains: [] },
      prefersBorder: true,
    });
    expect(page.text).toMatch(/^<!doctype html>/);
    expect(page.text).toContain('<meta name="workflow-tool" content="demo_refund_request" />');
    expect(page.text).toContain('<script type="module">');
    expect(page.text).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    // Reached through the tools' _meta, not browsed: the resource lists name no view.
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.filter((t) => t.uriTemplate.startsWith('ui://'))).toEqual([]);
    const { resources } = await client.listResources();
    expect(resources.filter((r) => r.uri.startsWith('ui://'))).toEqual([]);
    await expect(client.readResource({ uri: `${VIEW_URI}demo_nope` })).rejects.toThrow(/not found/i);
    // run_workflow is not served one tool per machine, so neither is its view.
    await expect(client.readResource({ uri: `${VIEW_URI}run_workflow` })).rejects.toThrow(/not found/i);
  });

  it('answers the graph of a tool, and refuses a tool it does not serve', async () => {
    const graph = await view('demo_refund_request');
    expect(graph.isError).toBeFalsy();
    const states = stateNames(
      JSON.parse(readFileSync(join(EXAMPLES, 'demo-refund-request', 'definition.asl.json'), 'utf8')).States,
    );
    expect(textOf(graph)).toBe(
      `The workflow of demo_refund_request (demo-refund-request): ${states.length} states.`,
    );
    const picture = (graph.structuredContent as { graph: { nodes: Array<{ name: string }> } }).graph;
    expect(picture.nodes.map((n) => n.name).sort()).toEqual([...states, 'Start', 'End'].sort());
    const refused = await view('demo_nope');
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('"tool" must name one of the workflow tools you may use');
  });

  it("follows a call in flight by its arguments, then by its execution; refuses others' executions", async () => {
    const args = { orderId: 'ORD-7002', amount: 250, reason: 'NOT_RECEIVED' };
    const pending = client.callTool({ name: 'demo_refund_approval', arguments: args }, { timeout: 60_000 });
    const run = await waitFor(async () => {
      const r = await view('demo_refund_approval', { arguments: args }, 'workflow_view_run');
      const found = r.structuredContent as { found: boolean; run?: { executionArn: string; states: object } };
      const states = found.run?.states as Record<string, { status: string }> | undefined;
      return states?.AskForApproval?.status === 'waiting' ? found.run : undefined;
    }, 'the view to find the call waiting for approval');
    await local.sfn.send(new StopExecutionCommand({ executionArn: run!.executionArn }));
    const result = await pending;
    expect(result._meta?.executionArn).toBe(run!.executionArn);
    const ended = await view(
      'demo_refund_approval',
      { executionArn: run!.executionArn },
      'workflow_view_run',
    );
    expect((ended.structuredContent as { run: { status: string } }).run.status).toBe('ABORTED');

    const { executionArn: theirs } = await local.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: run!.executionArn.replace(/:execution:([^:]+):.*$/, ':stateMachine:$1'),
        name: 'not-ours',
        input: JSON.stringify({ orderId: 'ORD-7002', amount: 20, reason: 'NOT_RECEIVED' }),
      }),
    );
    const refused = await view('demo_refund_approval', { executionArn: theirs }, 'workflow_view_run');
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('was not started by this server');
  });

  it('answers an Express tool with its graph only: its runs keep no history', async () => {
    expect((await view('demo_stock_level')).isError).toBeFalsy();
    const run = await view('demo_stock_level', { arguments: { sku: 'MON-27-4K' } }, 'workflow_view_run');
    expect(run.isError).toBe(true);
    expect(textOf(run)).toContain('Express workflows keep no history');
  });
});

describe('the large-catalogue mode (more machines than the tool budget)', () => {
  let client: Client;
  beforeAll(async () => {
    client = await connectAppsClient(engineEnv(local.engine.endpoint, { SFN_MCP_TOOL_BUDGET: '3' }));
  });
  afterAll(async () => {
    await client?.close();
  });

  it('run_workflow names a view; the search and result tools do not', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      ['get_execution_result', 'run_workflow', 'search_workflows', ...APP_TOOLS].sort(),
    );
    const run = tools.find((t) => t.name === 'run_workflow');
    expect(uiOf(run)?.resourceUri).toBe(`${VIEW_URI}run_workflow`);
    expect(run?._meta?.['ui/resourceUri']).toBe(`${VIEW_URI}run_workflow`);
    for (const name of ['search_workflows', 'get_execution_result'])
      expect(tools.find((t) => t.name === name)?._meta, name).toBeUndefined();
  });

  it("run_workflow's view is the same page, told that the call names its workflow", async () => {
    const { contents } = await client.readResource({ uri: `${VIEW_URI}run_workflow` });
    const page = contents[0] as { mimeType: string; text: string; _meta?: { ui?: { csp?: unknown } } };
    expect(page.mimeType).toBe('text/html;profile=mcp-app');
    expect(page._meta?.ui?.csp).toEqual({
      connectDomains: [],
      resourceDomains: [],
      frameDomains: [],
      baseUriDomains: [],
    });
    expect(page.text).toContain('<meta name="workflow-tool" content="" />');
    expect(page.text).toContain('<meta name="workflow-source" content="call" />');
    const machineView = await client.readResource({ uri: `${VIEW_URI}demo_refund_request` });
    expect((machineView.contents[0] as { text: string }).text).toContain(
      '<meta name="workflow-source" content="tool" />',
    );
  });

  it('the view reads the workflow a run_workflow call names, and the run it started', async () => {
    const graph = await client.callTool({
      name: 'workflow_view_graph',
      arguments: { tool: 'demo_refund_request' },
    });
    expect(graph.isError).toBeFalsy();
    expect((graph.structuredContent as { machine: string }).machine).toBe('demo-refund-request');
    const result = await client.callTool({
      name: 'run_workflow',
      arguments: {
        workflow: 'demo_refund_request',
        arguments: { orderId: 'ORD-5002', amount: 650, reason: 'CHANGED_MIND' },
      },
    });
    const executionArn = result._meta?.executionArn as string;
    expect(executionArn).toMatch(/:execution:demo-refund-request:mcp-/);
    const run = await client.callTool({
      name: 'workflow_view_run',
      arguments: { tool: 'demo_refund_request', executionArn },
    });
    const overlay = (run.structuredContent as { run: { status: string; error?: string } }).run;
    expect(overlay).toMatchObject({ status: 'FAILED', error: 'RefundLimitExceeded' });
  });
});

describe('over Streamable HTTP with tool scopes', () => {
  const scoped = useScopedServer('leakcheck-view-token-refunds refunds\n', {
    SFN_MCP_TOOL_SCOPES: 'refunds=demo_refund_*',
  });
  const connect = (revision: ProtocolRevision) => scoped.connect('leakcheck-view-token-refunds', revision);

  it('2026-07-28 (capabilities on every request): the views of the tools in scope, and only those', async () => {
    const client = await connect('2026-07-28');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'demo_refund_approval',
      'demo_refund_request',
      ...APP_TOOLS,
    ]);
    const page = await client.readResource({ uri: `${VIEW_URI}demo_refund_request` });
    expect(page.contents).toHaveLength(1);
    await expect(client.readResource({ uri: `${VIEW_URI}demo_data_export` })).rejects.toThrow(/not found/i);
    const refused = await client.callTool({
      name: 'workflow_view_graph',
      arguments: { tool: 'demo_data_export' },
    });
    expect(refused.isError).toBe(true);
    const allowed = await client.callTool({
      name: 'workflow_view_graph',
      arguments: { tool: 'demo_refund_request' },
    });
    expect(allowed.isError).toBeFalsy();
  });

  it('2025-11-25 (stateless: no instance keeps the capabilities of initialize): the views named, no app-only tools', async () => {
    const client = await connect('2025-11-25');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['demo_refund_approval', 'demo_refund_request']);
    expect(uiOf(tools[0])?.resourceUri).toMatch(/^ui:\/\//);
  });
});

describe('the large-catalogue mode over Streamable HTTP with tool scopes', () => {
  const scoped = useScopedServer(
    'leakcheck-view-token-runner refunds runner\nleakcheck-view-token-search refunds searcher\n',
    {
      SFN_MCP_TOOL_BUDGET: '3',
      SFN_MCP_TOOL_SCOPES: 'refunds=demo_refund_*;runner=run_workflow;searcher=search_workflows',
    },
  );
  const connect = (token: string) => scoped.connect(token, '2026-07-28');

  it("run_workflow's view for a caller who may run workflows; it draws only the workflows in scope", async () => {
    const client = await connect('leakcheck-view-token-runner');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['run_workflow', ...APP_TOOLS]);
    expect(uiOf(tools.find((t) => t.name === 'run_workflow'))?.resourceUri).toBe(`${VIEW_URI}run_workflow`);
    const page = await client.readResource({ uri: `${VIEW_URI}run_workflow` });
    expect((page.contents[0] as { text: string }).text).toContain('content="call"');
    const inScope = await client.callTool({
      name: 'workflow_view_graph',
      arguments: { tool: 'demo_refund_approval' },
    });
    expect(inScope.isError).toBeFalsy();
    const outOfScope = await client.callTool({
      name: 'workflow_view_graph',
      arguments: { tool: 'demo_data_export' },
    });
    expect(outOfScope.isError).toBe(true);
  });

  it('no view of run_workflow for a caller who may not call it', async () => {
    const client = await connect('leakcheck-view-token-search');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['search_workflows', ...APP_TOOLS]);
    expect(tools.find((t) => t.name === 'search_workflows')?._meta).toBeUndefined();
    await expect(client.readResource({ uri: `${VIEW_URI}run_workflow` })).rejects.toThrow(/not found/i);
  });
});

/** A server over Streamable HTTP with these tokens (`token scope...` lines) and settings, for the tests of a describe. */
function useScopedServer(tokens: string, env: Record<string, string>) {
  let server: HttpServer;
  let dir: string;
  const clients: Client[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'view-apps-'));
    await writeFile(join(dir, 'tokens'), tokens);
    server = await startHttpServer(
      engineEnv(local.engine.endpoint, { SFN_MCP_AUTH_TOKENS_FILE: join(dir, 'tokens'), ...env }),
    );
  });
  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    /** A client with MCP Apps, holding `token`, on `revision`. */
    async connect(token: string, revision: ProtocolRevision): Promise<Client> {
      const client = new Client(
        { name: 'view-test-host', version: '1.0.0' },
        {
          capabilities: UI_CAPABILITIES,
          ...(revision === '2026-07-28'
            ? { versionNegotiation: { mode: { pin: '2026-07-28' } } }
            : { supportedProtocolVersions: [revision] }),
        },
      );
      const headers = { Authorization: `Bearer ${token}` };
      await client.connect(
        new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers } }),
      );
      clients.push(client);
      return client;
    },
  };
}
