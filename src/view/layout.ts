/**
 * Where every node, group and edge of a workflow graph goes. `layoutInput` turns the graph into ELK's JSON
 * graph (pure: sizes from the text, a Parallel or Map state as a box holding its branch boxes);
 * `placeGraph` reads ELK's answer back into absolute positions (pure); `layoutGraph` runs ELK's layered
 * algorithm in between. See docs/view.md for why ELK.
 */
import type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api.js';
import type {
  Box,
  GraphEdge,
  GraphNode,
  LaidOutGraph,
  PlacedEdge,
  PlacedGroup,
  PlacedNode,
  Point,
  WorkflowGraph,
} from './graph-types.js';

/** Text metrics of the picture (svg.ts draws with the same numbers). */
export const FONT_SIZE = 13;
export const SMALL_FONT_SIZE = 11;
/** Average advance of a character, as a share of the font size (a sans-serif's is about 0.6). */
const CHAR_WIDTH = 0.62;
export const NODE_HEIGHT = 40;
export const NODE_HEIGHT_WITH_DETAIL = 52;
export const MARKER_SIZE = 28;
/** Room above a container's or group's content for its title. */
export const CONTAINER_HEADER = 34;
export const GROUP_HEADER = 24;
const PADDING = 14;
/** Room on a node's right for its Retry loop and label, kept free by the layout. */
export const RETRY_ROOM = 46;

export function textWidth(text: string, fontSize: number): number {
  return Math.ceil(text.length * fontSize * CHAR_WIDTH);
}

const ROOT_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.edgeNode': '14',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.edgeLabels.inline': 'true',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.crossingMinimization.semiInteractive': 'false',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

function containerOptions(header: number): LayoutOptions {
  return {
    ...ROOT_OPTIONS,
    'elk.padding': `[top=${header},left=${PADDING},bottom=${PADDING},right=${PADDING}]`,
    // A Parallel's branches side by side, not packed into rows.
    'elk.separateConnectedComponents': 'false',
  };
}

/** The graph as ELK's input. Pure. */
export function layoutInput(graph: WorkflowGraph): ElkNode {
  const inGroup = new Map<string | undefined, GraphNode[]>();
  for (const n of graph.nodes) inGroup.set(n.group, [...(inGroup.get(n.group) ?? []), n]);
  const edgesFrom = new Map<string | undefined, GraphEdge[]>();
  const groupOf = new Map(graph.nodes.map((n) => [n.id, n.group]));
  const retrying = new Set(graph.edges.filter((e) => e.kind === 'retry').map((e) => e.from));
  for (const e of graph.edges) {
    if (e.kind === 'retry') continue;
    const g = groupOf.get(e.from);
    edgesFrom.set(g, [...(edgesFrom.get(g) ?? []), e]);
  }
  const level = (group: string | undefined): Pick<ElkNode, 'children' | 'edges'> => ({
    children: (inGroup.get(group) ?? []).map(elkNode),
    edges: (edgesFrom.get(group) ?? []).map(elkEdge),
  });
  const elkNode = (n: GraphNode): ElkNode => {
    const groups = graph.groups.filter((g) => g.owner === n.id);
    if (groups.length === 0) {
      const size = nodeSize(n);
      return { id: n.id, width: size.width + (retrying.has(n.id) ? RETRY_ROOM : 0), height: size.height };
    }
    return {
      id: n.id,
      layoutOptions: containerOptions(CONTAINER_HEADER),
      children: groups.map((g) => ({
        id: g.id,
        layoutOptions: containerOptions(GROUP_HEADER),
        ...level(g.id),
      })),
    };
  };
  return {
    id: 'root',
    layoutOptions: { ...ROOT_OPTIONS, 'elk.padding': '[top=16,left=16,bottom=16,right=16]' },
    ...level(undefined),
  };
}

export function nodeSize(n: GraphNode): { width: number; height: number } {
  if (n.type === 'Start' || n.type === 'End') return { width: MARKER_SIZE, height: MARKER_SIZE };
  const title = textWidth(n.name, FONT_SIZE);
  const sub = textWidth(n.detail ? `${n.type} · ${n.detail}` : n.type, SMALL_FONT_SIZE);
  return {
    width: Math.max(120, Math.max(title, sub) + 28),
    height: n.detail ? NODE_HEIGHT_WITH_DETAIL : NODE_HEIGHT,
  };
}

function elkEdge(e: GraphEdge): ElkExtendedEdge {
  const edge: ElkExtendedEdge = { id: e.id, sources: [e.from], targets: [e.to] };
  if (e.label) {
    edge.labels = [
      { id: `${e.id}-label`, text: e.label, width: textWidth(e.label, SMALL_FONT_SIZE) + 8, height: 16 },
    ];
  }
  return edge;
}

/** ELK's answer as absolute positions, joined back to the graph's nodes, groups and edges. Pure. */
export function placeGraph(graph: WorkflowGraph, laidOut: ElkNode): LaidOutGraph {
  const boxes = new Map<string, Box>();
  const edgeOffsets = new Map<string, { edge: ElkExtendedEdge; dx: number; dy: number }>();
  const visit = (node: ElkNode, dx: number, dy: number): void => {
    const x = dx + (node.x ?? 0);
    const y = dy + (node.y ?? 0);
    boxes.set(node.id, { x, y, width: node.width ?? 0, height: node.height ?? 0 });
    for (const e of node.edges ?? []) edgeOffsets.set(e.id, { edge: e, dx: x, dy: y });
    for (const child of node.children ?? []) visit(child, x, y);
  };
  visit(laidOut, -(laidOut.x ?? 0), -(laidOut.y ?? 0));
  const box = (id: string): Box => boxes.get(id) ?? { x: 0, y: 0, width: 0, height: 0 };
  const retrying = new Set(graph.edges.filter((e) => e.kind === 'retry').map((e) => e.from));
  const containers = new Set(graph.groups.map((g) => g.owner));
  const nodes: PlacedNode[] = graph.nodes.map((n) => {
    const b = box(n.id);
    const room = retrying.has(n.id) && !containers.has(n.id) ? RETRY_ROOM : 0;
    return { ...n, ...b, width: b.width - room };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const groups: PlacedGroup[] = graph.groups.map((g) => ({ ...g, ...box(g.id) }));
  const edges: PlacedEdge[] = graph.edges.map((e) =>
    e.kind === 'retry'
      ? retryLoop(e, loopAnchor(byId.get(e.from), containers))
      : placeEdge(e, edgeOffsets.get(e.id)),
  );
  return {
    width: Math.ceil(laidOut.width ?? 0),
    height: Math.ceil(laidOut.height ?? 0),
    nodes,
    groups,
    edges,
  };
}

function placeEdge(
  e: GraphEdge,
  placed: { edge: ElkExtendedEdge; dx: number; dy: number } | undefined,
): PlacedEdge {
  if (!placed) return { ...e, points: [] };
  const { edge, dx, dy } = placed;
  const shift = (p: Point): Point => ({ x: p.x + dx, y: p.y + dy });
  const points = (edge.sections ?? []).flatMap((s) =>
    [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map(shift),
  );
  const label = edge.labels?.[0];
  const result: PlacedEdge = { ...e, points };
  if (label && label.x !== undefined && label.y !== undefined) {
    result.labelBox = {
      x: label.x + dx,
      y: label.y + dy,
      width: label.width ?? 0,
      height: label.height ?? 0,
    };
  }
  return result;
}

/** Where a Retry loop goes: beside a state, or inside the header of a Parallel or Map box. */
function loopAnchor(node: PlacedNode | undefined, containers: Set<string>): Box | undefined {
  if (!node || !containers.has(node.id)) return node;
  return { x: node.x, y: node.y + 4, width: node.width - RETRY_ROOM, height: CONTAINER_HEADER - 8 };
}

/** A Retry loop in the room right of its node: out of the side, down, and back in. */
function retryLoop(e: GraphEdge, node: Box | undefined): PlacedEdge {
  if (!node) return { ...e, points: [] };
  const right = node.x + node.width;
  const top = node.y + node.height * 0.3;
  const bottom = node.y + node.height * 0.7;
  const points = [
    { x: right, y: top },
    { x: right + 10, y: top },
    { x: right + 10, y: bottom },
    { x: right, y: bottom },
  ];
  const labelBox = { x: right + 12, y: node.y + node.height / 2 - 8, width: RETRY_ROOM - 12, height: 16 };
  return { ...e, points, labelBox };
}

type Elk = { layout(graph: ElkNode): Promise<ElkNode> };
let elk: Promise<Elk> | undefined;

/** ELK (about 1.6 MB of JavaScript) is loaded on the first picture only. */
function loadElk(): Promise<Elk> {
  // A CommonJS module: its exports are the constructor, which also names itself `default`.
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default.default());
  return elk;
}

/** Lays the graph out with ELK's layered algorithm, top to bottom. */
export async function layoutGraph(graph: WorkflowGraph): Promise<LaidOutGraph> {
  const laidOut = await (await loadElk()).layout(layoutInput(graph));
  return placeGraph(graph, laidOut);
}
