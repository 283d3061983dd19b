import { isObject } from '../../../result.js';
import { child } from './diagnostics.js';
import type { Check } from './context.js';

/**
 * Transitions inside one `States` object, as AWS checks them after the schema: every target exists
 * (`MISSING_TRANSITION_TARGET: Missing 'Next' target: X at /States/Y/Next`), every state is reachable from
 * StartAt (`State "X" is not reachable.`), and some state ends the workflow (`MISSING_END_STATE`). Texts as
 * the AWS CLI printed them in localstack/localstack#12487 and floci-io/floci#2786.
 */

interface Edge {
  target: string;
  at: string;
}

function edgesOf(state: Record<string, unknown>, at: string): Edge[] {
  const edges: Edge[] = [];
  const add = (target: unknown, where: string): void => {
    if (typeof target === 'string') edges.push({ target, at: where });
  };
  add(state.Next, child(at, 'Next'));
  add(state.Default, child(at, 'Default'));
  for (const field of ['Choices', 'Catch'])
    if (Array.isArray(state[field]))
      (state[field] as unknown[]).forEach(
        (rule, i) => isObject(rule) && add(rule.Next, child(child(child(at, field), i), 'Next')),
      );
  return edges;
}

function isTerminal(state: Record<string, unknown>): boolean {
  return state.Type === 'Succeed' || state.Type === 'Fail' || state.End === true;
}

/** `at` is the pointer of the object holding StartAt and States ('' for the machine itself). */
export function checkTransitions(
  c: Check,
  startAt: string,
  states: Record<string, unknown>,
  at: string,
): void {
  const statesAt = child(at || '/', 'States');
  const known = (name: string): boolean => Object.hasOwn(states, name) && isObject(states[name]);
  if (!known(startAt))
    c.problems.add(
      'MISSING_TRANSITION_TARGET',
      `Missing 'StartAt' target: ${startAt}`,
      child(at || '/', 'StartAt'),
    );
  const graph = new Map<string, Edge[]>();
  for (const [name, state] of Object.entries(states))
    if (isObject(state)) graph.set(name, edgesOf(state, child(statesAt, name)));
  for (const edges of graph.values())
    for (const edge of edges)
      if (!known(edge.target))
        c.problems.add('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${edge.target}`, edge.at);
  const reached = new Set<string>();
  const queue = known(startAt) ? [startAt] : [];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    for (const edge of graph.get(name) ?? []) if (known(edge.target)) queue.push(edge.target);
  }
  if (known(startAt))
    for (const name of graph.keys())
      if (!reached.has(name))
        c.problems.add(
          'MISSING_TRANSITION_TARGET',
          `State "${name}" is not reachable.`,
          child(statesAt, name),
        );
  if (![...graph.keys()].some((name) => isTerminal(states[name] as Record<string, unknown>)))
    c.problems.add('MISSING_END_STATE', 'Workflow has no terminal state');
}
