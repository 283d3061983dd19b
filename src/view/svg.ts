/**
 * A laid-out workflow graph, and optionally a run over it, as one SVG document. The same function draws
 * the `graph` command's file and the in-chat view, so both show the same picture. Pure: strings in,
 * a string out; every text from the definition or the history is escaped.
 */
import type { Box, LaidOutGraph, PlacedEdge, PlacedGroup, PlacedNode, Point } from './graph-types.js';
import { CONTAINER_HEADER, FONT_SIZE, GROUP_HEADER, SMALL_FONT_SIZE, textWidth } from './layout.js';
import type { RunOverlay, StateRun } from './run-types.js';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The picture's colours as CSS variables, so a host's dark theme can swap them. */
export const SVG_STYLE = `
.sfn-graph{--ink:#1f2937;--muted:#64748b;--paper:#ffffff;--box:#ffffff;--line:#94a3b8;--group:#f8fafc;
--run:#2563eb;--run-bg:#dbeafe;--wait:#b45309;--wait-bg:#fef3c7;--ok:#15803d;--ok-bg:#dcfce7;
--caught:#c2410c;--caught-bg:#ffedd5;--fail:#b91c1c;--fail-bg:#fee2e2;--stop:#6b7280;--stop-bg:#f3f4f6;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;}
.sfn-graph .bg{fill:var(--paper)}
.sfn-graph text{fill:var(--ink)}
.sfn-graph .sub,.sfn-graph .edge-label,.sfn-graph .badge{fill:var(--muted)}
.sfn-graph .node rect,.sfn-graph .container>rect{fill:var(--box);stroke:var(--line);stroke-width:1.5}
.sfn-graph .group>rect{fill:var(--group);stroke:var(--line);stroke-dasharray:4 3}
.sfn-graph .marker circle{fill:var(--ink)}
.sfn-graph .marker.end circle.ring{fill:none;stroke:var(--ink);stroke-width:2}
.sfn-graph .node.first rect{stroke-width:2.5}
.sfn-graph .edge path{fill:none;stroke:var(--line);stroke-width:1.5}
.sfn-graph .edge.default path{stroke-dasharray:6 4}
.sfn-graph .edge.catch path{stroke:var(--caught);stroke-dasharray:3 3}
.sfn-graph .edge.retry path{stroke:var(--wait);stroke-dasharray:2 3}
.sfn-graph .s-running>rect{stroke:var(--run);fill:var(--run-bg);stroke-width:2.5}
.sfn-graph .s-waiting>rect{stroke:var(--wait);fill:var(--wait-bg);stroke-width:2.5;stroke-dasharray:6 3}
.sfn-graph .s-succeeded>rect{stroke:var(--ok);fill:var(--ok-bg)}
.sfn-graph .s-caught>rect{stroke:var(--caught);fill:var(--caught-bg)}
.sfn-graph .s-failed>rect{stroke:var(--fail);fill:var(--fail-bg);stroke-width:2.5}
.sfn-graph .s-aborted>rect{stroke:var(--stop);fill:var(--stop-bg);stroke-dasharray:4 3}
.sfn-graph .badge-pill rect{fill:var(--paper);stroke:var(--line)}
.sfn-graph .s-failed .badge{fill:var(--fail)}
.sfn-graph .s-failed .badge-pill rect{stroke:var(--fail)}
.sfn-graph .s-waiting .badge-pill rect{stroke:var(--wait)}
.sfn-graph .s-waiting .badge{fill:var(--wait)}
`;

const ARROWS = { line: 'var(--line)', caught: 'var(--caught)', wait: 'var(--wait)' } as const;

/** The SVG document for a laid-out graph, coloured by `run` when one is given. */
export function renderSvg(graph: LaidOutGraph, run?: RunOverlay, opts: { title?: string } = {}): string {
  const states = run?.states ?? {};
  const containers = new Set(graph.groups.map((g) => g.owner));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="sfn-graph" viewBox="0 0 ${graph.width} ${graph.height}" ` +
      `width="${graph.width}" height="${graph.height}" role="img" aria-label="${escapeXml(opts.title ?? 'Workflow')}">`,
    `<style>${SVG_STYLE}</style>`,
    `<defs>${Object.entries(ARROWS)
      .map(
        ([k, c]) =>
          `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" style="fill:${c}"/></marker>`,
      )
      .join('')}</defs>`,
    `<rect class="bg" width="${graph.width}" height="${graph.height}"/>`,
  ];
  if (opts.title) parts.push(`<title>${escapeXml(opts.title)}</title>`);
  const arrivals = arrivalsOf(graph.edges);
  const space = (id: string): Space => ({ width: graph.width, arrivals: arrivals.get(id) ?? [] });
  for (const n of graph.nodes.filter((n) => containers.has(n.id)))
    parts.push(containerSvg(n, states[n.name], space(n.id)));
  for (const g of graph.groups) parts.push(groupSvg(g));
  for (const e of graph.edges) parts.push(edgeSvg(e));
  for (const n of graph.nodes.filter((n) => !containers.has(n.id)))
    parts.push(nodeSvg(n, states[n.name], space(n.id)));
  parts.push('</svg>');
  return parts.join('\n');
}

/** Where each node's incoming edges end (their arrowheads), by node id, for the badges to keep clear of. */
function arrivalsOf(edges: PlacedEdge[]): Map<string, Point[]> {
  const arrivals = new Map<string, Point[]>();
  for (const e of edges) {
    const end = e.points.at(-1);
    if (e.kind !== 'retry' && end) arrivals.set(e.to, [...(arrivals.get(e.to) ?? []), end]);
  }
  return arrivals;
}

function statusClass(run: StateRun | undefined): string {
  return run ? ` s-${run.status}` : '';
}

/** What a badge must keep clear of: the picture's edge, and the arrowheads coming into its node. */
interface Space {
  width: number;
  arrivals: Point[];
}

function nodeSvg(n: PlacedNode, run: StateRun | undefined, space: Space): string {
  if (n.type === 'Start' || n.type === 'End') return markerSvg(n);
  const cx = n.x + n.width / 2;
  const classes = `node t-${escapeXml(n.type)}${n.first ? ' first' : ''}${n.last ? ' last' : ''}${statusClass(run)}`;
  const sub = n.detail ? `${n.type} · ${n.detail}` : n.type;
  const titleY = n.detail ? n.y + 21 : n.y + n.height / 2 - 2;
  return (
    `<g class="${classes}" data-state="${escapeXml(n.name)}" tabindex="0">` +
    `<title>${escapeXml(tooltip(n.name, n.type, run))}</title>` +
    `<rect x="${n.x}" y="${n.y}" width="${n.width}" height="${n.height}" rx="${n.type === 'Choice' ? 16 : 6}"/>` +
    `<text x="${cx}" y="${titleY}" text-anchor="middle" font-size="${FONT_SIZE}" font-weight="600">${escapeXml(n.name)}</text>` +
    `<text class="sub" x="${cx}" y="${titleY + 15}" text-anchor="middle" font-size="${SMALL_FONT_SIZE}">${escapeXml(sub)}</text>` +
    badgeSvg(n, n.y - 6, run, space) +
    `</g>`
  );
}

function markerSvg(n: PlacedNode): string {
  const cx = n.x + n.width / 2;
  const cy = n.y + n.height / 2;
  const r = n.width / 2;
  const inner =
    n.type === 'End'
      ? `<circle class="ring" cx="${cx}" cy="${cy}" r="${r - 1}"/><circle cx="${cx}" cy="${cy}" r="${r - 6}"/>`
      : `<circle cx="${cx}" cy="${cy}" r="${r - 2}"/>`;
  return `<g class="marker ${n.type === 'End' ? 'end' : 'start'}" data-state="${n.id}"><title>${n.type}</title>${inner}</g>`;
}

function containerSvg(n: PlacedNode, run: StateRun | undefined, space: Space): string {
  return (
    `<g class="container node t-${escapeXml(n.type)}${statusClass(run)}" data-state="${escapeXml(n.name)}" tabindex="0">` +
    `<title>${escapeXml(tooltip(n.name, n.type, run))}</title>` +
    `<rect x="${n.x}" y="${n.y}" width="${n.width}" height="${n.height}" rx="8"/>` +
    `<text x="${n.x + 12}" y="${n.y + CONTAINER_HEADER / 2 + 5}" font-size="${FONT_SIZE}" font-weight="600">${escapeXml(n.name)}` +
    `<tspan class="sub" font-size="${SMALL_FONT_SIZE}" font-weight="400"> · ${escapeXml(n.type)}</tspan></text>` +
    badgeSvg({ x: n.x + 14, width: n.width - 28 }, n.y, run, space) +
    `</g>`
  );
}

function groupSvg(g: PlacedGroup): string {
  return (
    `<g class="group" data-group="${escapeXml(g.id)}"><rect x="${g.x}" y="${g.y}" width="${g.width}" height="${g.height}" rx="6"/>` +
    `<text class="sub" x="${g.x + 8}" y="${g.y + GROUP_HEADER / 2 + 4}" font-size="${SMALL_FONT_SIZE}">${escapeXml(g.label)}</text></g>`
  );
}

function edgeSvg(e: PlacedEdge): string {
  if (e.points.length < 2) return '';
  const arrow = e.kind === 'catch' ? 'caught' : e.kind === 'retry' ? 'wait' : 'line';
  const d = pathOf(e.points);
  const label = e.label && e.labelBox ? labelSvg(e.label, e.labelBox, e.points) : '';
  const title = e.title ?? e.label;
  return (
    `<g class="edge ${e.kind}" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}">` +
    (title ? `<title>${escapeXml(title)}</title>` : '') +
    `<path d="${d}" marker-end="url(#arrow-${arrow})"/>${label}</g>`
  );
}

/** An edge label, against the edge's side of its box: the estimated width is wider than most text. */
function labelSvg(text: string, box: Box, points: Point[]): string {
  const middle = box.y + box.height / 2;
  const beside = points
    .slice(1)
    .find((p, i) => Math.min(p.y, points[i]!.y) <= middle && Math.max(p.y, points[i]!.y) >= middle);
  const leftOfEdge = beside !== undefined && box.x + box.width / 2 < beside.x;
  const x = leftOfEdge ? box.x + box.width - 2 : box.x + 2;
  return (
    `<text class="edge-label" x="${round(x)}" y="${round(box.y + 12)}" font-size="${SMALL_FONT_SIZE}"` +
    `${leftOfEdge ? ' text-anchor="end"' : ''}>${escapeXml(text)}</text>`
  );
}

function pathOf(points: Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)} ${round(p.y)}`).join(' ');
}

const round = (v: number) => Math.round(v * 10) / 10;

/** The corner badge: waiting, retries, Map items, entries. */
export function badgeText(run: StateRun | undefined): string {
  if (!run) return '';
  const bits: string[] = [];
  if (run.status === 'waiting')
    bits.push(run.waitingFor === 'person' ? 'waiting for a person' : 'waiting for callback');
  if (run.items)
    bits.push(`${run.items.done}${run.items.total !== undefined ? ` of ${run.items.total}` : ''} items`);
  if (run.retries > 0) bits.push(`retried ${run.retries}×`);
  if (run.entered > 1 && !run.items) bits.push(`×${run.entered}`);
  if (run.status === 'failed' && run.error) bits.push(run.error);
  return bits.join(' · ');
}

/**
 * A pill on the node's top border, opaque so that an edge behind it does not cross the text: at the right
 * corner, else the left one, else sticking out to the right, whichever first keeps clear of the arrowheads
 * that come into the node and inside the picture.
 */
function badgeSvg(
  node: Pick<Box, 'x' | 'width'>,
  top: number,
  run: StateRun | undefined,
  space: Space,
): string {
  const text = badgeText(run);
  if (!text) return '';
  const width = textWidth(text, SMALL_FONT_SIZE) + 10;
  const right = node.x + node.width;
  const clear = (x: number) =>
    x >= 0 && x + width <= space.width && space.arrivals.every((p) => p.x < x - 6 || p.x > x + width + 6);
  const x = [right + 6 - width, node.x - 6, right - 8].find(clear) ?? right + 6 - width;
  return (
    `<g class="badge-pill"><rect x="${round(x)}" y="${top - 5}" width="${width}" height="16" rx="8"/>` +
    `<text class="badge" x="${round(x + width / 2)}" y="${top + 7}" text-anchor="middle" font-size="${SMALL_FONT_SIZE}">${escapeXml(text)}</text></g>`
  );
}

/** The hover text of a state: its name and type, then what the run did there. */
export function tooltip(name: string, type: string, run: StateRun | undefined): string {
  const lines = [`${name} (${type})`];
  if (run) {
    lines.push(`status: ${run.status}${run.entered > 1 ? `, entered ${run.entered} times` : ''}`);
    if (run.retries > 0) lines.push(`retries: ${run.retries}`);
    if (run.items)
      lines.push(
        `items: ${run.items.done}${run.items.total !== undefined ? ` of ${run.items.total}` : ''} done, ${run.items.failed} failed`,
      );
    if (run.question) lines.push(`asks: ${run.question}`);
    if (run.error) lines.push(`${run.status === 'caught' ? 'caught' : 'error'}: ${run.error}`);
    if (run.cause) lines.push(`cause: ${run.cause}`);
  }
  return lines.join('\n');
}
