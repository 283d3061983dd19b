/**
 * The workflow view in a real headless Chromium, embedded the way an MCP Apps host embeds it (the
 * package's AppBridge, a sandboxed iframe, the spec's CSP), its tool calls carried by the real MCP client
 * to the built server over stdio, which runs the examples on the local engine: each machine tool's view,
 * its pan and zoom, and run_workflow's view in the large-catalogue mode. Screenshots of each example go to
 * test-results/view/.
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
/** A server with its client, and the tools it lists to a client with MCP Apps. */
interface Served {
  client: Client;
  tools: Tool[];
}
/** One tool per machine. */
let served: Served;
let client: Client;
let tools: Tool[];

async function serve(env: Record<string, string> = {}): Promise<Served> {
  const c = await connectAppsClient(engineEnv(local.engine.endpoint, env));
  return { client: c, tools: (await c.listTools()).tools };
}

/** As a host must: a view may call only tools whose visibility includes "app". */
async function hostCallTool(
  { client, tools }: Served,
  params: { name: string; arguments?: Record<string, unknown> },
): Promise<CallResult> {
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

/** The view a tool names, mounted in a fresh host page. */
async function mountView(server: Served, toolName: string): Promise<View> {
  const tool = server.tools.find((t) => t.name === toolName)!;
  const uri = (tool._meta!.ui as { resourceUri: string }).resourceUri;
  const resource = (await server.client.readResource({ uri })).contents[0] as {
    text: string;
    mimeType: string;
  };
  expect(resource.mimeType).toBe('text/html;profile=mcp-app');
  const page = await browser.newPage({ viewport: { width: 960, height: 760 } });
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  await page.exposeFunction('hostCallTool', (params: Parameters<typeof hostCallTool>[1]) =>
    hostCallTool(server, params),
  );
  await page.setContent(await hostHtml());
  await page.evaluate(
    (html) => (globalThis as unknown as HostWindow).mountView(html),
    withCsp(resource.text),
  );
  return { page, frame: viewFrame(page), problems };
}

/** The picture drawn with every state of the machine, and fitted to the viewport. */
async function expectDrawn(frame: Frame, machine: string): Promise<void> {
  await frame.waitForSelector('svg.sfn-graph', { timeout: 30_000 });
  const definition = JSON.parse(readFileSync(join(EXAMPLES, machine, 'definition.asl.json'), 'utf8'));
  const drawn = await frame.$$eval('g.node[data-state]', (gs) => gs.map((g) => g.getAttribute('data-state')));
  expect(drawn.sort()).toEqual(stateNames(definition.States).sort());
  await expectFitted(frame);
}

/** The machine tool's view in a fresh host page, its picture drawn with every state of the machine. */
async function openView(machine: string): Promise<View> {
  const view = await mountView(served, toolOf(machine));
  await expectDrawn(view.frame, machine);
  return view;
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

/** Runs `body` on the view, then checks that nothing went wrong in the page, and closes it. */
async function withView(
  open: string | (() => Promise<View>),
  body: (view: View) => Promise<void>,
): Promise<void> {
  const view = await (typeof open === 'string' ? openView(open) : open());
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
async function call(
  page: Page,
  toolName: string,
  args: Record<string, unknown>,
  through: Client = client,
): Promise<CallResult> {
  await page.evaluate((a) => (globalThis as unknown as HostWindow).sendToolInput(a), args);
  const result = await through.callTool({ name: toolName, arguments: args }, { timeout: 120_000 });
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

/** The picture's pan and zoom as Panzoom last set them on the canvas (its target, whatever the animation). */
async function transformOf(frame: Frame): Promise<{ scale: number; x: number; y: number }> {
  const style = await frame.$eval(
    '#canvas',
    (el) => (el as unknown as { style: { transform: string } }).style.transform,
  );
  const m = /scale\(([-\d.e]+)\) translate\(([-\d.e]+)px, ([-\d.e]+)px\)/.exec(style);
  if (!m) throw new Error(`the canvas has no pan and zoom: ${JSON.stringify(style)}`);
  return { scale: Number(m[1]), x: Number(m[2]), y: Number(m[3]) };
}

/** The picture's width on screen, once it has settled (a zoom button animates it). */
async function settledWidth(frame: Frame): Promise<number> {
  let last = -1;
  return waitFor(async () => {
    const { width } = (await frame.locator('svg.sfn-graph').boundingBox())!;
    const settled = Math.abs(width - last) < 0.5;
    last = width;
    return settled ? width : undefined;
  }, 'the picture to settle');
}

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
    served = await serve();
    ({ client, tools } = served);
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

  it('pans and zooms: the buttons zoom in and out, a drag pans, the wheel zooms, fit puts it back', async () => {
    await withView('demo-order-fulfillment', async ({ page, frame }) => {
      const fitted = await transformOf(frame);
      const fittedWidth = await settledWidth(frame);

      await frame.click('#zoom-in');
      const zoomedIn = await transformOf(frame);
      expect(zoomedIn.scale).toBeGreaterThan(fitted.scale);
      expect(await settledWidth(frame)).toBeGreaterThan(fittedWidth * 1.1);
      await frame.click('#zoom-out');
      await frame.click('#zoom-out');
      const zoomedOut = await transformOf(frame);
      expect(zoomedOut.scale).toBeLessThan(fitted.scale);
      expect(await settledWidth(frame)).toBeLessThan(fittedWidth * 0.95);

      // A drag across the viewport moves the picture with the pointer (Panzoom's pan is in unscaled units).
      const box = (await frame.locator('#viewport').boundingBox())!;
      const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(from.x - 60, from.y - 40, { steps: 6 });
      await page.mouse.move(from.x - 120, from.y - 80, { steps: 6 });
      await page.mouse.up();
      const dragged = await transformOf(frame);
      expect(dragged.scale).toBe(zoomedOut.scale);
      expect((dragged.x - zoomedOut.x) * dragged.scale).toBeCloseTo(-120, 0);
      expect((dragged.y - zoomedOut.y) * dragged.scale).toBeCloseTo(-80, 0);

      await page.mouse.move(from.x, from.y);
      await page.mouse.wheel(0, -200);
      expect(
        (
          await waitFor(async () => {
            const t = await transformOf(frame);
            return t.scale > dragged.scale ? t : undefined;
          }, 'the wheel to zoom in')
        ).scale,
      ).toBeGreaterThan(dragged.scale);

      await frame.click('#zoom-fit');
      const refitted = await waitFor(async () => {
        const t = await transformOf(frame);
        return Math.abs(t.x - fitted.x) < 0.5 && Math.abs(t.y - fitted.y) < 0.5 ? t : undefined;
      }, 'fit to put the picture back');
      expect(refitted.scale).toBeCloseTo(fitted.scale, 5);
      await expectFitted(frame);
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

  describe('run_workflow, in the large-catalogue mode (more machines than the tool budget)', () => {
    let large: Served;
    beforeAll(async () => {
      large = await serve({ SFN_MCP_TOOL_BUDGET: '3' });
    });
    afterAll(async () => {
      await large?.client.close();
    });

    const title = (frame: Frame) => frame.$eval('#title', (el) => el.textContent ?? '');
    /** run_workflow's view, mounted: it has nothing to draw until the call names its workflow. */
    async function openRunView(): Promise<View> {
      expect(large.tools.map((t) => t.name)).not.toContain('demo_refund_approval');
      const view = await mountView(large, 'run_workflow');
      await waitFor(
        async () =>
          (await statusLine(view.frame)) === 'Waiting for the call to name its workflow…' ? true : undefined,
        'the view to wait for the call',
      );
      expect(await view.frame.$('svg.sfn-graph')).toBeNull();
      return view;
    }
    /** The call as a host makes it, through run_workflow. */
    const runWorkflow = (page: Page, args: Record<string, unknown>) =>
      call(page, 'run_workflow', args, large.client);

    it("draws the workflow the call names, follows its run live through a person's decision, to its end", async () => {
      await withView(openRunView, async (view) => {
        const { page, frame } = view;
        const args = {
          workflow: 'demo_refund_approval',
          arguments: { orderId: 'ORD-7002', amount: 250, reason: 'NOT_RECEIVED' },
        };
        await page.evaluate((a) => (globalThis as unknown as HostWindow).sendToolInput(a), args);
        const pending = large.client.callTool(
          { name: 'run_workflow', arguments: args },
          { timeout: 120_000 },
        );
        await expectDrawn(frame, 'demo-refund-approval');
        expect(await title(frame)).toBe('demo-refund-approval · Standard');
        await waitForStatus(frame, 'AskForApproval', 'waiting');
        expect(await statusOf(frame, 'Register')).toBe('succeeded');
        expect(await statusLine(frame)).toMatch(
          /AskForApproval is waiting for a person's decision: Approve a refund of 250 USD/,
        );
        await shoot(view, 'run-workflow-refund-approval-waiting');

        await answerApproval();
        const result = await pending;
        expect(result._meta?.executionArn).toMatch(/:execution:demo-refund-approval:mcp-/);
        await page.evaluate((r) => (globalThis as unknown as HostWindow).sendToolResult(r), result);
        await waitForStatus(frame, 'IssueRefund', 'succeeded');
        expect(await statusOf(frame, 'AskForApproval')).toBe('succeeded');
        expect(await statusLine(frame)).toMatch(/^Succeeded/);
        await shoot(view, 'run-workflow-refund-approval-done');
      });
    });

    it('an Express workflow: its graph, then the outcome of the call', async () => {
      await withView(openRunView, async ({ page, frame }) => {
        const args = { workflow: 'demo_stock_level', arguments: RUNS['demo-stock-level']!.args };
        const result = await runWorkflow(page, args);
        expect(result.isError).toBeFalsy();
        await expectDrawn(frame, 'demo-stock-level');
        expect(await title(frame)).toBe('demo-stock-level · Express');
        await waitFor(
          async () => ((await statusLine(frame)) === 'The Express run succeeded.' ? true : undefined),
          'the Express outcome',
        );
        expect(await coloured(frame)).toBe(0);
      });
    });

    it('a call naming a workflow it may not run: no picture, the refusal said', async () => {
      await withView(openRunView, async ({ page, frame }) => {
        const result = await runWorkflow(page, { workflow: 'demo_nope', arguments: {} });
        expect(result.isError).toBe(true);
        await waitFor(
          async () =>
            /^The call failed: No workflow named "demo_nope"/.test(await statusLine(frame))
              ? true
              : undefined,
          'the refusal in the status line',
        );
        expect(await frame.$('svg.sfn-graph')).toBeNull();
      });
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
