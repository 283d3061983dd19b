import { describe, expect, it } from 'vitest';
import { layoutGraph } from '../../src/view/layout.js';
import { buildGraph } from '../../src/view/model.js';
import type { LaidOutGraph } from '../../src/view/graph-types.js';
import type { RunOverlay } from '../../src/view/run-types.js';
import { badgeText, renderSvg, tooltip } from '../../src/view/svg.js';

async function picture(definition: unknown, run?: RunOverlay): Promise<string> {
  const built = buildGraph(definition);
  if (!built.ok) throw new Error(built.error);
  return renderSvg(await layoutGraph(built.value), run, { title: 'T <&>' });
}

const def = {
  StartAt: 'Ask <b>',
  States: {
    'Ask <b>': { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Next: 'Check' },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.x', StringEquals: '<script>', Next: 'Done' }],
      Default: 'Oops',
    },
    Done: { Type: 'Succeed' },
    Oops: { Type: 'Fail', Error: 'E' },
  },
};

describe('renderSvg', () => {
  it('is one SVG document that escapes every name, label and title from the definition', async () => {
    const svg = await picture(def);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('Ask &#60;b&#62;');
    expect(svg).toContain('$.x == &#34;&#60;script&#62;&#34;');
    expect(svg).toContain('<title>T &#60;&#38;&#62;</title>');
    expect(svg.match(/class="node /g)).toHaveLength(4);
  });

  it('colours entered states by status and leaves the others plain', async () => {
    const run: RunOverlay = {
      status: 'RUNNING',
      states: {
        'Ask <b>': { status: 'waiting', entered: 1, retries: 0, waitingFor: 'person', question: 'OK?' },
        Check: { status: 'succeeded', entered: 1, retries: 0 },
      },
    };
    const svg = await picture(def, run);
    expect(svg).toMatch(/class="node t-Task s-waiting" data-state="Ask &#60;b&#62;"/);
    expect(svg).toMatch(/class="node t-Choice s-succeeded" data-state="Check"/);
    expect(svg).toMatch(/class="node t-Succeed last" data-state="Done"/);
    expect(svg).toContain('waiting for a person');
    expect(svg).toContain('asks: OK?');
  });
});

describe('badges', () => {
  /** A picture of one node with an arrow coming in at `arrowX`, and the badge's pill left and right. */
  function pill(arrowX: number): { left: number; right: number } {
    const node = { id: 'S', name: 'S', type: 'Task', x: 100, y: 100, width: 200, height: 40 };
    const graph: LaidOutGraph = {
      width: 600,
      height: 300,
      nodes: [node],
      groups: [],
      edges: [
        {
          id: 'e1',
          from: 'X',
          to: 'S',
          kind: 'next',
          points: [
            { x: arrowX, y: 20 },
            { x: arrowX, y: 100 },
          ],
        },
      ],
    };
    const run: RunOverlay = {
      status: 'RUNNING',
      states: { S: { status: 'waiting', entered: 1, retries: 0, waitingFor: 'person' } },
    };
    const [, x, width] = /<g class="badge-pill"><rect x="([\d.]+)" y="[\d.-]+" width="([\d.]+)"/.exec(
      renderSvg(graph, run),
    )!;
    return { left: Number(x), right: Number(x) + Number(width) };
  }

  it("sit on a node's top-right corner, or where they keep clear of the arrow coming in", () => {
    const clear = (arrowX: number) => {
      const p = pill(arrowX);
      return arrowX < p.left - 6 || arrowX > p.right + 6;
    };
    expect(pill(150).right).toBe(306);
    for (const arrowX of [110, 150, 200, 250, 290]) expect(clear(arrowX), `arrow at ${arrowX}`).toBe(true);
  });
});

describe('badgeText and tooltip', () => {
  it('say what the run did in a state', () => {
    expect(badgeText(undefined)).toBe('');
    expect(
      badgeText({ status: 'running', entered: 1, retries: 2, items: { done: 3, failed: 0, total: 5 } }),
    ).toBe('3 of 5 items · retried 2×');
    expect(badgeText({ status: 'waiting', entered: 1, retries: 0, waitingFor: 'callback' })).toBe(
      'waiting for callback',
    );
    expect(badgeText({ status: 'failed', entered: 2, retries: 0, error: 'Boom' })).toBe('×2 · Boom');
    expect(
      tooltip('Charge', 'Task', {
        status: 'caught',
        entered: 1,
        retries: 1,
        error: 'Declined',
        cause: 'card',
      }),
    ).toBe('Charge (Task)\nstatus: caught\nretries: 1\ncaught: Declined\ncause: card');
  });
});
