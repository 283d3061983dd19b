import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Box, LaidOutGraph } from '../../src/view/graph-types.js';
import { layoutGraph, layoutInput, nodeSize, RETRY_ROOM } from '../../src/view/layout.js';
import { buildGraph } from '../../src/view/model.js';
import { EXAMPLES } from '../helpers/server.js';
import { syntheticDefinition } from './synthetic.js';

function graphOf(definition: unknown) {
  const built = buildGraph(definition);
  if (!built.ok) throw new Error(built.error);
  return built.value;
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, b: Box) =>
  a.x >= b.x - 0.5 &&
  a.y >= b.y - 0.5 &&
  a.x + a.width <= b.x + b.width + 0.5 &&
  a.y + a.height <= b.y + b.height + 0.5;

/** Every problem of a picture: overlapping states, labels over states, nodes outside their group. */
function problems(g: LaidOutGraph): string[] {
  const found: string[] = [];
  const containers = new Set(g.groups.map((x) => x.owner));
  const leaves = g.nodes.filter((n) => !containers.has(n.id));
  for (let i = 0; i < leaves.length; i++) {
    for (let j = i + 1; j < leaves.length; j++) {
      if (overlap(leaves[i]!, leaves[j]!)) found.push(`${leaves[i]!.id} overlaps ${leaves[j]!.id}`);
    }
    for (const e of g.edges) {
      if (e.labelBox && overlap(e.labelBox, leaves[i]!))
        found.push(`label of ${e.id} (${e.label}) overlaps ${leaves[i]!.id}`);
    }
  }
  const boxes = new Map<string, Box>([...g.nodes, ...g.groups].map((b) => [b.id, b]));
  for (const n of g.nodes)
    if (n.group && !inside(n, boxes.get(n.group)!)) found.push(`${n.id} is outside ${n.group}`);
  for (const gr of g.groups)
    if (!inside(gr, boxes.get(gr.owner)!)) found.push(`${gr.id} is outside ${gr.owner}`);
  for (const n of g.nodes)
    if (!inside(n, { x: 0, y: 0, width: g.width, height: g.height }))
      found.push(`${n.id} is off the picture`);
  return found;
}

describe('layoutGraph', () => {
  const examples = readdirSync(EXAMPLES).filter((d) => !d.endsWith('.md'));
  it.each(examples)(
    '%s: no two states overlap, no label covers a state, groups hold their states',
    async (dir) => {
      const g = await layoutGraph(graphOf(readFileSync(join(EXAMPLES, dir, 'definition.asl.json'), 'utf8')));
      expect(problems(g)).toEqual([]);
      for (const e of g.edges) expect(e.points.length, e.id).toBeGreaterThanOrEqual(2);
    },
  );

  it('a 60-state machine: no overlaps either, and every edge is routed', async () => {
    const g = await layoutGraph(graphOf(syntheticDefinition(60)));
    expect(g.nodes).toHaveLength(62);
    expect(problems(g)).toEqual([]);
    expect(g.edges.every((e) => e.points.length >= 2)).toBe(true);
  });

  it('the check above does find overlaps (it is not vacuous)', async () => {
    const g = await layoutGraph(graphOf(syntheticDefinition(20)));
    const [a, b] = g.nodes.filter((n) => n.type === 'Task');
    b!.x = a!.x + 5;
    b!.y = a!.y + 5;
    expect(problems(g)).toContain(`${a!.id} overlaps ${b!.id}`);
  });

  it('keeps room right of a retrying state for its loop, and draws the loop there', async () => {
    const def = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Retry: [{ ErrorEquals: ['X'] }],
          End: true,
        },
      },
    };
    const graph = graphOf(def);
    const input = layoutInput(graph);
    const t = graph.nodes.find((n) => n.id === 'T')!;
    expect(input.children!.find((c) => c.id === 'T')!.width).toBe(nodeSize(t).width + RETRY_ROOM);
    const placed = await layoutGraph(graph);
    const node = placed.nodes.find((n) => n.id === 'T')!;
    const loop = placed.edges.find((e) => e.kind === 'retry')!;
    expect(node.width).toBe(nodeSize(t).width);
    expect(Math.min(...loop.points.map((p) => p.x))).toBe(node.x + node.width);
  });
});
