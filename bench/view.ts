/**
 * The workflow view of a 60-state machine with a finished run (every state entered), in three parts:
 * - the layout, on the server: the graph built from the definition and laid out by ELK (what
 *   workflow_view_graph does the first time it draws a definition; src/view/picture.ts keeps the result),
 *   timed in this process, and the first one apart (it loads ELK);
 * - the draw, in headless Chromium: the picture drawn with its run from a layout made beforehand (the SVG
 *   made, put into the page, laid out and painted: what the view does each time the run changes), set
 *   against the 200 ms it is allowed;
 * - the whole view, from being mounted by its host to the finished run shown (the page's start, its tool
 *   calls through the real MCP client and server, whose layout is cached by then, and the draw).
 * Skipped, loudly, where there is no Chromium.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { chromiumProblem, launchChromium } from '../src/view/chromium.js';
import { layoutGraph } from '../src/view/layout.js';
import { buildGraph } from '../src/view/model.js';
import { startTestEngine } from '../test/helpers/engine.js';
import { engineEnv } from '../test/helpers/server.js';
import { connectAppsClient, hostHtml, viewFrame } from '../test/view/browser.js';
import { syntheticDefinition, writeSyntheticMachine } from '../test/view/synthetic.js';
import { fmt, median } from './stats.js';

const STATES = 60;
const LAYOUTS = 20;
const DRAWS = 40;
const MOUNTS = 10;
/** What the view may take to show a finished run of a 60-state machine. */
const BUDGET_MS = 200;

type CallResult = Awaited<ReturnType<Client['callTool']>>;
type Host = { mountView(html: string): Promise<void>; sendToolResult(result: unknown): Promise<void> };

export async function benchView(): Promise<Record<string, number>> {
  const problem = chromiumProblem();
  if (problem) {
    console.log(`\nWorkflow view: SKIPPED, no Chromium here. ${problem}`);
    return {};
  }
  const dir = await mkdtemp(join(tmpdir(), 'bench-view-'));
  await writeSyntheticMachine(dir, 'synthetic-60', STATES);
  const engine = await startTestEngine(dir);
  const client = await connectAppsClient(engineEnv(engine.endpoint));
  const browser = await launchChromium();
  try {
    const layout = await timeLayouts();
    const run = await finishedRun(client);
    const drawMs = await timeDraws(browser, run.graph, run.run);
    const viewMs = await timeMounts(browser, client, run.result);
    const out = {
      viewLayoutFirstMs: layout.first,
      viewLayoutMedianMs: median(layout.samples),
      viewDrawMedianMs: median(drawMs),
      viewDrawOverBudget: median(drawMs) / BUDGET_MS,
      viewShownMedianMs: median(viewMs),
      viewDrawShareOfShown: median(drawMs) / median(viewMs),
    };
    printView(out);
    return out;
  } finally {
    await browser.close();
    await client.close();
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function printView(out: Record<string, number>): void {
  console.log(`\nWorkflow view of a ${STATES}-state machine with a finished run`);
  console.log(
    `  layout on the server (graph from the ASL, ELK), ${LAYOUTS} layouts  median ${fmt(out.viewLayoutMedianMs!)}` +
      `  (the first, loading ELK, ${fmt(out.viewLayoutFirstMs!)})`,
  );
  console.log(
    `  draw in Chromium from that layout (SVG, DOM, painted), ${DRAWS} draws  median ${fmt(out.viewDrawMedianMs!)}` +
      `  ratio to the ${BUDGET_MS} ms budget ${out.viewDrawOverBudget!.toFixed(2)}`,
  );
  console.log(
    `  view mounted to the finished run shown, ${MOUNTS} mounts  median ${fmt(out.viewShownMedianMs!)}` +
      `  (the draw is ${(100 * out.viewDrawShareOfShown!).toFixed(0)}% of it; the rest is the page's start ` +
      'and its two tool calls, the layout already cached on the server)',
  );
}

/**
 * The server's side of a picture, uncached: the graph built from the definition and laid out by ELK
 * (src/view/picture.ts's draw, without its cache). The first one loads ELK and is reported apart.
 */
async function timeLayouts(): Promise<{ first: number; samples: number[] }> {
  const definition = JSON.stringify(syntheticDefinition(STATES), null, 2);
  const once = async () => {
    const started = performance.now();
    const graph = buildGraph(definition);
    if (!graph.ok) throw new Error(`the ${STATES}-state machine cannot be drawn: ${graph.error}`);
    const laidOut = await layoutGraph(graph.value);
    if (laidOut.nodes.length !== STATES + 2) throw new Error('the layout lost states');
    return performance.now() - started;
  };
  const first = await once();
  // Two more warm the layout code up; they are not counted.
  await once();
  await once();
  const samples: number[] = [];
  for (let i = 0; i < LAYOUTS; i++) samples.push(await once());
  return { first, samples };
}

/** A run of the machine through its tool, to the end, and what the view's tools answer about it. */
async function finishedRun(client: Client): Promise<{ result: CallResult; graph: unknown; run: unknown }> {
  const tool = 'synthetic_60';
  const result = await client.callTool({ name: tool, arguments: { skip: false, items: [1, 2, 3] } });
  const executionArn = result._meta?.executionArn;
  if (result.isError || typeof executionArn !== 'string') {
    throw new Error(`the ${STATES}-state run failed: ${JSON.stringify(result.content)}`);
  }
  const graph = await client.callTool({ name: 'workflow_view_graph', arguments: { tool } });
  const run = await client.callTool({ name: 'workflow_view_run', arguments: { tool, executionArn } });
  const overlay = (run.structuredContent as { run?: { status: string; states: object } }).run;
  if (overlay?.status !== 'SUCCEEDED' || Object.keys(overlay.states).length !== STATES) {
    throw new Error(`the view does not see the finished run: ${JSON.stringify(run.content)}`);
  }
  return { result, graph: (graph.structuredContent as { graph: unknown }).graph, run: overlay };
}

/** The view's draw (src/view/svg.ts's renderSvg, as src/view/app/stage.ts uses it), timed in the page. */
async function timeDraws(browser: Browser, graph: unknown, run: unknown): Promise<number[]> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../src/view/svg.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    globalName: 'sfnSvg',
    platform: 'browser',
    write: false,
    logLevel: 'warning',
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.setContent(`<!doctype html><html><body><div id="canvas"></div></body></html>`);
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  const samples: number[] = [];
  // The first draws warm the page's code up; they are not counted.
  for (let i = 0; i < DRAWS + 5; i++) {
    const ms = await page.evaluate(
      async ([g, r]) => {
        type El = { innerHTML: string };
        const w = globalThis as unknown as {
          document: { getElementById(id: string): El };
          sfnSvg: { renderSvg(graph: unknown, run: unknown): string };
          requestAnimationFrame(callback: () => void): void;
        };
        const canvas = w.document.getElementById('canvas');
        canvas.innerHTML = '';
        const started = performance.now();
        canvas.innerHTML = w.sfnSvg.renderSvg(g, r);
        // A task queued from the next frame runs once that frame (style, layout, paint) is done.
        await new Promise<void>((done) => w.requestAnimationFrame(() => setTimeout(done)));
        return performance.now() - started;
      },
      [graph, run] as const,
    );
    if (i >= 5) samples.push(ms);
  }
  await page.close();
  return samples;
}

/**
 * The whole view, as a host shows it: mounted in a host page, told the call's result, to every state of
 * the finished run coloured. Both times are read in the browser (the page's and the view's clocks share
 * their origin through performance.timeOrigin). The span includes two round trips of the test driver
 * (setting up the watch on the view, then handing it the result), a few milliseconds.
 */
async function timeMounts(browser: Browser, client: Client, result: CallResult): Promise<number[]> {
  const tool = (await client.listTools()).tools.find((t) => t.name === 'synthetic_60')!;
  const uri = (tool._meta!.ui as { resourceUri: string }).resourceUri;
  const html = ((await client.readResource({ uri })).contents[0] as { text: string }).text;
  const host = await hostHtml();
  const samples: number[] = [];
  for (let i = 0; i < MOUNTS + 1; i++) {
    const page = await browser.newPage({ viewport: { width: 960, height: 760 } });
    await page.exposeFunction('hostCallTool', (params: { name: string; arguments?: object }) =>
      client.callTool(params as Parameters<Client['callTool']>[0]),
    );
    await page.setContent(host);
    const frameWindow = () => viewFrame(page);
    const started = await page.evaluate(async (h) => {
      const w = globalThis as unknown as { mountView(html: string): Promise<void> };
      const at = performance.timeOrigin + performance.now();
      await w.mountView(h);
      return at;
    }, html);
    // Watches the view's document from inside, so the moment it is complete is read in the browser.
    await frameWindow().evaluate((count) => {
      type Doc = { querySelectorAll(s: string): { length: number } };
      type Observer = { observe(target: Doc, options: object): void; disconnect(): void };
      const w = globalThis as unknown as {
        document: Doc;
        shown?: Promise<number>;
        MutationObserver: new (callback: () => void) => Observer;
      };
      // No named functions in here: the bench runs through tsx, whose name helper the page does not have.
      w.shown = new Promise<number>((resolve) => {
        const selector = 'g.node.s-succeeded';
        const observer = new w.MutationObserver(() => {
          if (w.document.querySelectorAll(selector).length !== count) return;
          observer.disconnect();
          resolve(performance.timeOrigin + performance.now());
        });
        observer.observe(w.document, { subtree: true, childList: true, attributes: true });
      });
    }, STATES);
    await page.evaluate((r) => (globalThis as unknown as Host).sendToolResult(r), result);
    const shown = await frameWindow().evaluate(
      () => (globalThis as unknown as { shown: Promise<number> }).shown,
    );
    // The first mount compiles the view's script; it is not counted.
    if (i > 0) samples.push(shown - started);
    await page.close();
  }
  return samples;
}
