/**
 * The workflow view in a real headless Chromium, embedded the way an MCP Apps host embeds it (the
 * package's AppBridge, a sandboxed iframe, the spec's CSP), its tool calls carried by the real MCP client
 * to the built server over stdio, which runs the examples on the local engine. Screenshots of each
 * example go to test-results/view/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SendTaskSuccessCommand,
} from '@aws-sdk/client-sfn';
import type { Client } from '@modelcontextprotocol/client';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason } from '../helpers/chromium.js';
import { useEngine, type EngineFixture } from '../helpers/engine.js';
import { EXAMPLES, engineEnv } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';
import { connectAppsClient, hostHtml, screenshotPath, startBrowser, viewFrame, withCsp } from './browser.js';
import { stateNames } from './synthetic.js';

/** What the host page offers (test/view/host/host.ts); this file is type-checked without the DOM's types. */
interface HostWindow {
  mountView(html: string): Promise<void>;
  sendToolInput(args: Record<string, unknown>): Promise<void>;
  sendToolResult(result: unknown): Promise<void>;
}
interface ViewDocument {
  querySelector(selector: string): { classList: { contains(c: string): boolean } } | null;
}

type Tool = Awaited<ReturnType<Client['listTools']>>['tools'][number];
type CallResult = Awaited<ReturnType<Client['callTool']>>;

const toolOf = (machine: string) => machine.replace(/-/g, '_');

const skip = chromiumSkipReason("the workflow view's browser tests");
let local: EngineFixture;
let browser: Browser;
let client: Client;
let tools: Tool[];

/** As a host must: a view may call only tools whose visibility includes "app". */
async function hostCallTool(params: {
  name: string;
  arguments?: Record<string, unknown>;
}): Promise<CallResult> {
  const tool = tools.find((t) => t.name === params.name);
  const visibility = (tool?._meta?.ui as { visibility?: string[] } | undefined)?.visibility ?? [
    'model',
    'app',
  ];
  if (!tool || !visibility.includes('app')) {
    return {
      isError: true,
      content: [{ type: 'text', text: `the host refuses ${params.name} to the view` }],
    };
  }
  return client.callTool(params);
}

interface View {
  page: Page;
  frame: Frame;
  /** Script errors and refusals (a CSP violation is a console error) seen in the page and its view. */
  problems: string[];
}

/** The tool's view in a fresh host page, its picture drawn with every state of the machine. */
async function openView(machine: string): Promise<View> {
  const tool = tools.find((t) => t.name === toolOf(machine))!;
  const uri = (tool._meta!.ui as { resourceUri: string }).resourceUri;
  const resource = (await client.readResource({ uri })).contents[0] as { text: string; mimeType: string };
  expect(resource.mimeType).toBe('text/html;profile=mcp-app');
  const page = await browser.newPage({ viewport: { width: 960, height: 760 } });
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  await page.exposeFunction('hostCallTool', hostCallTool);
  await page.setContent(await hostHtml());
  await page.evaluate(
    (html) => (globalThis as unknown as HostWindow).mountView(html),
    withCsp(resource.text),
  );
  const frame = viewFrame(page);
  await frame.waitForSelector('svg.sfn-graph', { timeout: 30_000 });
  const definition = JSON.parse(readFileSync(join(EXAMPLES, machine, 'definition.asl.json'), 'utf8'));
  const drawn = await frame.$$eval('g.node[data-state]', (gs) => gs.map((g) => g.getAttribute('data-state')));
  expect(drawn.sort()).toEqual(stateNames(definition.States).sort());
  await expectFitted(frame);
  return { page, frame, problems };
}

/**
 * The picture starts at the viewport's top-left corner, and all of it is in view when it fits at half its
 * size or more (the examples all do).
 */
async function expectFitted(frame: Frame): Promise<void> {
  type Rect = { left: number; top: number; right: number; bottom: number };
  const rects = () =>
    frame.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
      const rect = (s: string) =>
        (doc.querySelector(s) as { getBoundingClientRect(): Rect }).getBoundingClientRect();
      return { svg: rect('svg.sfn-graph'), viewport: rect('#viewport') };
    });
  // The fit's pan comes a moment after its zoom.
  const { svg, viewport } = await waitFor(async () => {
    const r = await rects();
    return Math.abs(r.svg.left - r.viewport.left) <= 2 && Math.abs(r.svg.top - r.viewport.top) <= 2
      ? r
      : undefined;
  }, 'the picture at the top-left corner of the viewport');
  expect(svg.right).toBeLessThanOrEqual(viewport.right + 2);
  expect(svg.bottom).toBeLessThanOrEqual(viewport.bottom + 2);
}

/** Runs `body` on the machine's view, then checks that nothing went wrong in the page, and closes it. */
async function withView(machine: string, body: (view: View) => Promise<void>): Promise<void> {
  const view = await openView(machine);
  try {
    await body(view);
    expect(view.problems).toEqual([]);
  } finally {
    await view.page.close();
  }
}

const shoot = (view: View, name: string) =>
  view.page.screenshot({ path: screenshotPath(name), fullPage: true });

/** How many states the run has coloured. */
const coloured = (frame: Frame) =>
  frame.$$eval('g.node', (gs) => gs.filter((g) => /\bs-\w+/.test(g.getAttribute('class') ?? '')).length);

/** The call as a host makes it: tool input to the view, the real call, then the result to the view. */
async function call(page: Page, toolName: string, args: Record<string, unknown>): Promise<CallResult> {
  await page.evaluate((a) => (globalThis as unknown as HostWindow).sendToolInput(a), args);
  const result = await client.callTool({ name: toolName, arguments: args }, { timeout: 120_000 });
  await page.evaluate((r) => (globalThis as unknown as HostWindow).sendToolResult(r), result);
  return result;
}

const statusOf = (frame: Frame, state: string) =>
  frame.$eval(
    `g.node[data-state="${state}"]`,
    (g) => /\bs-(\w+)/.exec(g.getAttribute('class') ?? '')?.[1] ?? 'none',
  );

async function waitForStatus(frame: Frame, state: string, status: string): Promise<void> {
  await frame.waitForFunction(
    ([s, st]) =>
      (globalThis as unknown as { document: ViewDocument }).document
        .querySelector(`g.node[data-state="${s}"]`)
        ?.classList.contains(`s-${st}`),
    [state, status] as const,
    { timeout: 30_000 },
  );
}

const statusLine = (frame: Frame) => frame.$eval('#status', (el) => el.textContent ?? '');

/** An input for each example (inputs as test/examples documents them). */
const RUNS: Record<string, { args: Record<string, unknown>; final: RegExp }> = {
  'demo-customer-lookup': { args: { customerId: 'C-9999' }, final: /Express run failed: .*CustomerNotFound/ },
  'demo-data-export': {
    args: { datasets: ['orders', 'refunds'], dateRange: { from: '2024-01-01', to: '2024-03-31' } },
    final: /^Succeeded/,
  },
  'demo-invoice-summary': {
    args: {
      invoiceId: 'INV-2024-0043',
      customer: 'C-1002',
      currency: 'EUR',
      lines: [{ sku: 'DOCK-USB-C', description: 'USB-C docking station', quantity: 1, unitPrice: 199 }],
    },
    final: /Express run succeeded/,
  },
  'demo-order-fulfillment': {
    args: {
      orderId: 'ORD-5002',
      customerId: 'C-1001',
      items: [{ sku: 'MON-27-4K', quantity: 2 }],
      payment: { method: 'CARD', cardToken: 'tok_chargeDeclinedInsufficientFunds' },
      shippingAddress: {
        name: 'Ana Souza',
        line1: '410 Terry Ave N',
        city: 'Seattle',
        postalCode: '98109',
        country: 'US',
      },
      simulateInventoryOutage: true,
    },
    final: /^FAILED — PaymentDeclined/,
  },
  'demo-refund-request': {
    args: { orderId: 'ORD-5002', amount: 650, reason: 'CHANGED_MIND' },
    final: /^FAILED — RefundLimitExceeded/,
  },
  'demo-shipping-quotes': {
    args: {
      origin: { postalCode: '98109', country: 'US' },
      destination: { postalCode: '10001', country: 'US' },
      package: { weightKg: 2.5, lengthCm: 30, widthCm: 20, heightCm: 15 },
    },
    final: /Express run succeeded/,
  },
  'demo-stock-level': { args: { sku: 'MON-27-4K' }, final: /Express run succeeded/ },
};

describe.skipIf(skip !== undefined)('the workflow view in Chromium', () => {
  local = useEngine({ dir: EXAMPLES });

  beforeAll(async () => {
    browser = await startBrowser();
    client = await connectAppsClient(engineEnv(local.engine.endpoint));
    tools = (await client.listTools()).tools;
  });

  afterAll(async () => {
    await client?.close();
    await browser?.close();
  });

  it('every example machine tool declares the view', () => {
    const machineTools = tools.filter((t) => t.name.startsWith('demo_'));
    expect(machineTools.map((t) => t.name).sort()).toEqual(
      [...Object.keys(RUNS), 'demo-refund-approval'].map(toolOf).sort(),
    );
    for (const t of machineTools)
      expect((t._meta?.ui as { resourceUri?: string })?.resourceUri, t.name).toMatch(/^ui:\/\//);
  });

  it.each(Object.keys(RUNS))('%s: every state drawn, then the run coloured to its end', async (machine) => {
    await withView(machine, async (view) => {
      expect(await coloured(view.frame)).toBe(0);
      const { args, final } = RUNS[machine]!;
      await call(view.page, toolOf(machine), args);
      await waitFor(
        async () => (final.test(await statusLine(view.frame)) ? true : undefined),
        `${machine}: ${final}`,
        30_000,
      );
      // Express runs keep no history: their picture shows the outcome, not the states.
      if (!/Express/.test(final.source)) expect(await coloured(view.frame)).toBeGreaterThan(0);
      await shoot(view, machine);
    });
  });

  it('a Map state shows its progress in items', async () => {
    await withView('demo-data-export', async (view) => {
      await call(view.page, 'demo_data_export', RUNS['demo-data-export']!.args);
      await waitForStatus(view.frame, 'ExportDatasets', 'succeeded');
      const badge = await view.frame.$eval(
        'g.node[data-state="ExportDatasets"] .badge',
        (t) => t.textContent,
      );
      expect(badge).toContain('2 of 2 items');
    });
  });

  it('a failure shows its error and cause on the failed state, and on tap', async () => {
    await withView('demo-refund-request', async (view) => {
      const { frame } = view;
      await call(view.page, 'demo_refund_request', RUNS['demo-refund-request']!.args);
      await waitForStatus(frame, 'RefundLimitExceeded', 'failed');
      expect(await statusOf(frame, 'GetOrderPayment')).toBe('succeeded');
      expect(await statusOf(frame, 'IssueRefund')).toBe('none');
      await frame.click('g.node[data-state="RefundLimitExceeded"] rect');
      const details = await frame.$eval('#details', (el) => el.textContent ?? '');
      expect(details).toContain('error: RefundLimitExceeded');
      expect(details).toMatch(
        /cause: A refund of 650 USD for order ORD-5002 is over the automatic refund limit/,
      );
      await shoot(view, 'demo-refund-request-failure-details');
    });
  });

  it('retries and caught failures: the retried state counts its retries, the caught one says what it caught', async () => {
    await withView('demo-order-fulfillment', async ({ page, frame }) => {
      await call(page, 'demo_order_fulfillment', RUNS['demo-order-fulfillment']!.args);
      await waitForStatus(frame, 'PaymentDeclined', 'failed');
      expect(await statusOf(frame, 'ChargePayment')).toBe('caught');
      expect(await statusOf(frame, 'ReleaseInventory')).toBe('succeeded');
      const reserve = await frame.$eval('g.node[data-state="ReserveInventory"]', (g) => g.textContent);
      expect(reserve).toMatch(/retried \d×/);
      const charge = await frame.$eval('g.node[data-state="ChargePayment"] > title', (t) => t.textContent);
      expect(charge).toContain('caught: PaymentDeclined');
    });
  });

  it('follows a live run: the callback step waits for a person, then the states advance as the answer comes', async () => {
    await withView('demo-refund-approval', async (view) => {
      const { page, frame } = view;
      const args = { orderId: 'ORD-7002', amount: 250, reason: 'NOT_RECEIVED' };
      expect(await coloured(frame)).toBe(0);
      await page.evaluate((a) => (globalThis as unknown as HostWindow).sendToolInput(a), args);
      const pending = client.callTool(
        { name: 'demo_refund_approval', arguments: args },
        { timeout: 120_000 },
      );
      await waitForStatus(frame, 'AskForApproval', 'waiting');
      expect(await statusOf(frame, 'Register')).toBe('succeeded');
      expect(await statusOf(frame, 'IssueRefund')).toBe('none');
      expect(await statusLine(frame)).toMatch(
        /AskForApproval is waiting for a person's decision: Approve a refund of 250 USD/,
      );
      const badge = await frame.$eval('g.node[data-state="AskForApproval"] .badge', (t) => t.textContent);
      expect(badge).toBe('waiting for a person');
      await shoot(view, 'demo-refund-approval-waiting');

      await answerApproval();
      const result = await pending;
      await page.evaluate((r) => (globalThis as unknown as HostWindow).sendToolResult(r), result);
      await waitForStatus(frame, 'IssueRefund', 'succeeded');
      expect(await statusOf(frame, 'AskForApproval')).toBe('succeeded');
      expect(await statusLine(frame)).toMatch(/^Succeeded/);
      await shoot(view, 'demo-refund-approval-done');
    });
  });
});

/** The person's answer, through the engine's API as any integration gives it: the token from the request. */
async function answerApproval(): Promise<void> {
  const machineArn = `arn:aws:states:${local.engine.region}:${local.engine.accountId}:stateMachine:demo-refund-approval`;
  const token = await waitFor(async () => {
    const running = await local.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: machineArn, statusFilter: 'RUNNING' }),
    );
    for (const e of running.executions ?? []) {
      const events =
        (await local.sfn.send(new GetExecutionHistoryCommand({ executionArn: e.executionArn! }))).events ??
        [];
      const params = events.find((x) => x.type === 'TaskScheduled')?.taskScheduledEventDetails?.parameters;
      if (params) return (JSON.parse(params) as { MessageBody: { TaskToken: string } }).MessageBody.TaskToken;
    }
    return undefined;
  }, 'the approval request');
  await local.sfn.send(
    new SendTaskSuccessCommand({
      taskToken: token,
      output: JSON.stringify({ approved: true, approver: 'dana@example.com' }),
    }),
  );
}
