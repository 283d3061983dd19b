import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { END_ID, START_ID } from '../../src/view/graph-types.js';
import { buildGraph } from '../../src/view/model.js';
import { EXAMPLES } from '../helpers/server.js';
import { countStates, syntheticDefinition } from './synthetic.js';

function graphOf(definition: unknown) {
  const built = buildGraph(definition);
  if (!built.ok) throw new Error(built.error);
  return built.value;
}

const edge = (g: ReturnType<typeof graphOf>, from: string, to: string) =>
  g.edges.find((e) => e.from === from && e.to === to);

describe('buildGraph', () => {
  it('draws every state of every example, with start and end markers', () => {
    for (const dir of readdirSync(EXAMPLES).filter((d) => !d.endsWith('.md'))) {
      const text = readFileSync(join(EXAMPLES, dir, 'definition.asl.json'), 'utf8');
      const g = graphOf(text);
      const states = countStates(JSON.parse(text).States);
      expect(
        g.nodes.filter((n) => n.type !== 'Start' && n.type !== 'End'),
        dir,
      ).toHaveLength(states);
      expect(g.nodes[0]!.id).toBe(START_ID);
      expect(
        g.edges.some((e) => e.to === END_ID),
        dir,
      ).toBe(true);
    }
  });

  it('labels Choice rules (JSONPath and JSONata), the Default, Catch errors and Retry loops', () => {
    const g = graphOf({
      StartAt: 'Route',
      States: {
        Route: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.total', NumericGreaterThanEquals: 1000, Next: 'Big' },
            {
              And: [
                { Variable: '$.a', IsPresent: true },
                {
                  Or: [
                    { Variable: '$.b', StringEquals: 'x' },
                    { Not: { Variable: '$.c', BooleanEquals: true } },
                  ],
                },
              ],
              Next: 'Mixed',
            },
            { Condition: '{% $amount > $limit %}', Next: 'Jsonata' },
          ],
          Default: 'Small',
        },
        Big: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Retry: [{ ErrorEquals: ['A', 'B'], MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Small' }],
          End: true,
        },
        Mixed: { Type: 'Pass', End: true },
        Jsonata: { Type: 'Succeed' },
        Small: { Type: 'Fail', Error: 'TooSmall' },
      },
    });
    expect(edge(g, 'Route', 'Big')).toMatchObject({ kind: 'choice', label: '$.total >= 1000' });
    expect(edge(g, 'Route', 'Mixed')).toMatchObject({
      kind: 'choice',
      title: '$.a is present and ($.b == "x" or not $.c == true)',
    });
    expect(edge(g, 'Route', 'Mixed')!.label!.endsWith('…')).toBe(true);
    expect(edge(g, 'Route', 'Jsonata')).toMatchObject({ kind: 'choice', label: '$amount > $limit' });
    expect(edge(g, 'Route', 'Small')).toMatchObject({ kind: 'default', label: 'otherwise' });
    expect(edge(g, 'Big', 'Small')).toMatchObject({ kind: 'catch', label: 'catch States.ALL' });
    expect(edge(g, 'Big', 'Big')).toMatchObject({ kind: 'retry', title: 'Retry on A, B: up to 2 retries' });
    expect(g.nodes.find((n) => n.id === 'Big')).toMatchObject({
      type: 'Task',
      detail: 'lambda:invoke',
      last: true,
    });
    expect(g.nodes.find((n) => n.id === 'Small')).toMatchObject({ detail: 'TooSmall', last: true });
    for (const end of ['Big', 'Mixed', 'Jsonata', 'Small']) expect(edge(g, end, END_ID), end).toBeDefined();
  });

  it('nests Parallel branches and Map item processors (ItemProcessor and the legacy Iterator) as groups', () => {
    const body = (s: string) => ({ StartAt: s, States: { [s]: { Type: 'Pass', End: true } } });
    const g = graphOf({
      StartAt: 'Fan',
      States: {
        Fan: { Type: 'Parallel', Branches: [body('A'), body('B')], Next: 'Each' },
        Each: {
          Type: 'Map',
          ItemProcessor: { ...body('Item'), ProcessorConfig: { Mode: 'DISTRIBUTED' } },
          Next: 'Old',
        },
        Old: { Type: 'Map', Iterator: body('Legacy'), End: true },
      },
    });
    expect(g.groups.map((x) => [x.owner, x.label])).toEqual([
      ['Fan', 'branch 1'],
      ['Fan', 'branch 2'],
      ['Each', 'each item (distributed) of Each'],
      ['Old', 'each item of Old'],
    ]);
    const a = g.nodes.find((n) => n.name === 'A')!;
    expect(a).toMatchObject({ group: 'Fan#1', first: true, last: true });
    expect(g.nodes.find((n) => n.name === 'Legacy')!.group).toBe('Old#1');
    expect(edge(g, 'Fan', 'Each')?.kind).toBe('next');
  });

  it('refuses what is not an ASL document, saying why', () => {
    expect(buildGraph('{nope')).toMatchObject({ ok: false, error: expect.stringContaining('not JSON') });
    expect(buildGraph({ States: {} })).toMatchObject({
      ok: false,
      error: expect.stringContaining('StartAt'),
    });
  });

  it('keeps a node per state of a 60-state machine, and escapes nothing itself (the SVG does)', () => {
    const def = syntheticDefinition(60);
    expect(countStates(def.States)).toBe(60);
    expect(graphOf(def).nodes).toHaveLength(62);
  });
});
