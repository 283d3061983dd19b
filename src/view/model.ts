/**
 * The graph of a state machine, from its ASL definition: one node per state, edges for Next, Default,
 * Choice rules, Catch and Retry, Parallel branches and Map item processors as groups inside their state,
 * and start / end markers at the top level. Pure; the definition is read as AWS stores it (JSON text).
 */
import { taskResourceParts } from '../aws/arn.js';
import { errorMessage, fail, isObject, ok, type Result } from '../result.js';
import { LABEL_MAX, errorsText, ruleText, shorten } from './conditions.js';
import { END_ID, START_ID, type GraphEdge, type GraphNode, type WorkflowGraph } from './graph-types.js';

/** The graph of a definition (JSON text or parsed), or why it cannot be drawn. */
export function buildGraph(definition: unknown): Result<WorkflowGraph> {
  let parsed = definition;
  if (typeof definition === 'string') {
    try {
      parsed = JSON.parse(definition);
    } catch (err) {
      return fail(`The definition is not JSON: ${errorMessage(err)}`);
    }
  }
  if (!isObject(parsed) || !isObject(parsed.States) || typeof parsed.StartAt !== 'string') {
    return fail('The definition has no StartAt and States: it is not an Amazon States Language document.');
  }
  const graph: WorkflowGraph = { nodes: [], groups: [], edges: [] };
  const builder = new GraphBuilder(graph);
  builder.addStates(parsed.States, parsed.StartAt, undefined);
  builder.addMarkers(parsed.StartAt);
  return ok(graph);
}

class GraphBuilder {
  private edgeCount = 0;
  private readonly ids = new Set<string>();
  /** Top-level states that end the execution, for the edges to the end marker. */
  private readonly topEnds: string[] = [];

  constructor(private readonly graph: WorkflowGraph) {}

  /** The states of one States object (the top level, a branch or an item processor), and their edges. */
  addStates(states: Record<string, unknown>, startAt: string, group: string | undefined): void {
    const named = new Map<string, string>();
    for (const name of Object.keys(states)) named.set(name, this.nodeId(name));
    for (const [name, state] of Object.entries(states)) {
      const id = named.get(name)!;
      const node = stateNode(id, name, state, group, startAt);
      this.graph.nodes.push(node);
      if (group === undefined && node.last) this.topEnds.push(id);
      if (isObject(state)) {
        this.addEdges(id, state, named);
        this.addChildren(id, name, state);
      }
    }
  }

  addMarkers(startAt: string): void {
    this.graph.nodes.unshift({ id: START_ID, name: 'Start', type: 'Start' });
    this.graph.nodes.push({ id: END_ID, name: 'End', type: 'End' });
    const first = this.graph.nodes.find((n) => n.group === undefined && n.name === startAt);
    if (first) this.edge(START_ID, first.id, 'next');
    for (const id of this.topEnds) this.edge(id, END_ID, 'next');
  }

  private addEdges(id: string, state: Record<string, unknown>, named: Map<string, string>): void {
    const to = (name: unknown) => (typeof name === 'string' ? named.get(name) : undefined);
    const next = to(state.Next);
    if (next) this.edge(id, next, 'next');
    if (Array.isArray(state.Choices)) {
      for (const rule of state.Choices) {
        const target = isObject(rule) ? to(rule.Next) : undefined;
        if (target) this.edge(id, target, 'choice', ruleText(rule));
      }
    }
    const fallback = to(state.Default);
    if (fallback) this.edge(id, fallback, 'default', 'otherwise');
    for (const catcher of Array.isArray(state.Catch) ? state.Catch : []) {
      const target = isObject(catcher) ? to(catcher.Next) : undefined;
      if (target) this.edge(id, target, 'catch', `catch ${errorsText(catcher.ErrorEquals)}`);
    }
    const retry = retryText(state.Retry);
    // A loop on the node; the label is short, the whole Retry field is its hover text.
    if (retry)
      this.graph.edges.push({
        id: `e${++this.edgeCount}`,
        from: id,
        to: id,
        kind: 'retry',
        label: 'retry',
        title: retry,
      });
  }

  /** A Parallel's branches and a Map's item processor, as groups owned by the state. */
  private addChildren(id: string, name: string, state: Record<string, unknown>): void {
    const bodies: Array<{ label: string; body: unknown }> = [];
    if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
      state.Branches.forEach((body, i) => bodies.push({ label: `branch ${i + 1}`, body }));
    }
    if (state.Type === 'Map') {
      const body = state.ItemProcessor ?? state.Iterator;
      bodies.push({ label: mapLabel(body), body });
    }
    bodies.forEach(({ label, body }, i) => {
      if (!isObject(body) || !isObject(body.States) || typeof body.StartAt !== 'string') return;
      const groupId = `${id}#${i + 1}`;
      this.graph.groups.push({
        id: groupId,
        owner: id,
        label: bodies.length > 1 ? label : `${label} of ${name}`,
      });
      this.addStates(body.States, body.StartAt, groupId);
    });
  }

  private edge(from: string, to: string, kind: GraphEdge['kind'], text?: string): void {
    const edge: GraphEdge = { id: `e${++this.edgeCount}`, from, to, kind };
    if (text !== undefined) {
      edge.label = shorten(text, LABEL_MAX);
      if (edge.label !== text) edge.title = text;
    }
    this.graph.edges.push(edge);
  }

  /** State names are unique on AWS; a repeat (or a marker's id) still gets its own node. */
  private nodeId(name: string): string {
    let id = name;
    for (let n = 2; this.ids.has(id) || id === START_ID || id === END_ID; n++) id = `${name}~${n}`;
    this.ids.add(id);
    return id;
  }
}

function stateNode(
  id: string,
  name: string,
  state: unknown,
  group: string | undefined,
  startAt: string,
): GraphNode {
  const s = isObject(state) ? state : {};
  const type = typeof s.Type === 'string' ? s.Type : '?';
  const node: GraphNode = { id, name, type };
  const detail = detailOf(type, s);
  if (detail) node.detail = detail;
  if (group !== undefined) node.group = group;
  if (group !== undefined && name === startAt) node.first = true;
  if (s.End === true || type === 'Succeed' || type === 'Fail') node.last = true;
  return node;
}

/** The second line of a node: what the state does, in a few words. */
function detailOf(type: string, s: Record<string, unknown>): string | undefined {
  if (type === 'Task' && typeof s.Resource === 'string') {
    const { resourceType, resource } = taskResourceParts(s.Resource);
    const integration = resource.startsWith('arn:') ? resourceType : `${resourceType}:${resource}`;
    return shorten(integration, 30);
  }
  if (type === 'Wait') {
    for (const key of ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath']) {
      if (s[key] !== undefined) return shorten(`${key} ${String(s[key])}`, 30);
    }
  }
  if (type === 'Fail' && typeof s.Error === 'string') return shorten(s.Error, 30);
  return undefined;
}

function mapLabel(body: unknown): string {
  const config = isObject(body) && isObject(body.ProcessorConfig) ? body.ProcessorConfig : {};
  return config.Mode === 'DISTRIBUTED' ? 'each item (distributed)' : 'each item';
}

/** A Retry field in words: the errors and attempts of each retrier. */
function retryText(retry: unknown): string | undefined {
  if (!Array.isArray(retry) || retry.length === 0) return undefined;
  const parts = retry.filter(isObject).map((r) => {
    const attempts = typeof r.MaxAttempts === 'number' ? r.MaxAttempts : 3;
    const errors = Array.isArray(r.ErrorEquals) ? r.ErrorEquals.map(String).join(', ') : '?';
    return `${errors}: up to ${attempts} ${attempts === 1 ? 'retry' : 'retries'}`;
  });
  return `Retry on ${parts.join('; ')}`;
}
