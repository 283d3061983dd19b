/**
 * The picture as Chromium draws it, with real fonts: no two states overlap, every state's text fits inside
 * its box, and no edge label covers a state. The layout sizes boxes from estimated text widths
 * (src/view/layout.ts); this is where the estimate meets real text. Screenshots go to test-results/view/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Box } from '../../src/view/graph-types.js';
import { layoutGraph } from '../../src/view/layout.js';
import { buildGraph } from '../../src/view/model.js';
import { renderSvg } from '../../src/view/svg.js';
import { chromiumSkipReason } from '../helpers/chromium.js';
import { EXAMPLES } from '../helpers/server.js';
import { screenshotPath, startBrowser } from './browser.js';
import { syntheticDefinition } from './synthetic.js';

const skip = chromiumSkipReason("the picture's browser layout tests");

/** What the page measures: each state's box and the boxes of its texts, and each edge label's box. */
interface Measured {
  states: Array<{ name: string; box: Box; texts: Array<{ text: string; box: Box }> }>;
  labels: Array<{ text: string; box: Box }>;
}

/** The few DOM members measure() uses (this file is type-checked without the DOM's types). */
interface SvgElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): SvgElement | null;
  querySelectorAll(selector: string): Iterable<SvgElement>;
  getBBox(): Box;
}

/** Runs in the page: boxes from getBBox (user units, the picture's own coordinates). */
function measure(): Measured {
  const doc = (globalThis as unknown as { document: SvgElement }).document;
  const box = (el: SvgElement): Box => {
    const b = el.getBBox();
    return { x: b.x, y: b.y, width: b.width, height: b.height };
  };
  const stateOf = (g: SvgElement) => ({
    name: g.getAttribute('data-state') ?? '',
    box: box(g.querySelector(':scope > rect')!),
    texts: [...g.querySelectorAll(':scope > text')].map((t) => ({ text: t.textContent ?? '', box: box(t) })),
  });
  const labels = [...doc.querySelectorAll('text.edge-label')].map((t) => ({
    text: t.textContent ?? '',
    box: box(t),
  }));
  // Leaves and containers (a Parallel's or Map's box, whose title must fit as well).
  return { states: [...doc.querySelectorAll('g.node')].map(stateOf), labels };
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const within = (a: Box, b: Box) => a.x >= b.x - 1 && a.x + a.width <= b.x + b.width + 1;

/** Every problem of the drawn picture; leaves are the states that hold no other state. */
function problems(m: Measured, leaves: Set<string>): string[] {
  const found: string[] = [];
  const leafStates = m.states.filter((s) => leaves.has(s.name));
  for (const s of m.states) {
    for (const t of s.texts)
      if (!within(t.box, s.box)) found.push(`"${t.text}" sticks out of ${s.name}'s box`);
  }
  for (let i = 0; i < leafStates.length; i++) {
    for (let j = i + 1; j < leafStates.length; j++) {
      const [a, b] = [leafStates[i]!, leafStates[j]!];
      if (overlap(a.box, b.box)) found.push(`${a.name} overlaps ${b.name}`);
    }
    for (const l of m.labels) {
      if (overlap(l.box, leafStates[i]!.box)) found.push(`label "${l.text}" covers ${leafStates[i]!.name}`);
    }
  }
  return found;
}

const PICTURES: Array<[string, () => unknown]> = [
  ...readdirSync(EXAMPLES)
    .filter((d) => !d.endsWith('.md'))
    .map((d): [string, () => unknown] => [
      d,
      () => readFileSync(join(EXAMPLES, d, 'definition.asl.json'), 'utf8'),
    ]),
  ['synthetic-60', () => syntheticDefinition(60)],
];

describe.skipIf(skip !== undefined)('the picture in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await startBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each(PICTURES)('%s: no overlaps and every text inside its box, as drawn', async (name, definition) => {
    const built = buildGraph(definition());
    if (!built.ok) throw new Error(built.error);
    const laidOut = await layoutGraph(built.value);
    await page.setContent(`<!doctype html><html><body style="margin:0">${renderSvg(laidOut)}</body></html>`);
    const measured = await page.evaluate(measure);
    const containers = new Set(laidOut.groups.map((g) => g.owner));
    const leaves = new Set(
      laidOut.nodes
        .filter((n) => !containers.has(n.id) && n.type !== 'Start' && n.type !== 'End')
        .map((n) => n.name),
    );
    expect(measured.states.length).toBe(laidOut.nodes.length - 2);
    expect(problems(measured, leaves)).toEqual([]);
    await page.locator('svg').screenshot({ path: screenshotPath(`picture-${name}`) });
  });
});

describe('the checks above', () => {
  it('find a text wider than its box, two boxes on top of each other and a label over a state', () => {
    const box = { x: 0, y: 0, width: 100, height: 40 };
    const m: Measured = {
      states: [
        { name: 'A', box, texts: [{ text: 'a very long name', box: { ...box, width: 130 } }] },
        { name: 'B', box: { ...box, x: 50 }, texts: [] },
      ],
      labels: [{ text: 'x > 1', box: { x: 10, y: 10, width: 50, height: 10 } }],
    };
    expect(problems(m, new Set(['A', 'B']))).toEqual([
      `"a very long name" sticks out of A's box`,
      'A overlaps B',
      'label "x > 1" covers A',
      'label "x > 1" covers B',
    ]);
  });
});
