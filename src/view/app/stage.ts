/**
 * The page of the view: a header saying what is shown, the picture (the same SVG the `graph` command
 * writes) with pan and zoom, and a details panel for the state tapped or focused (its hover text, so a
 * touch screen sees the error and cause too).
 */
import Panzoom, { type PanzoomObject } from '@panzoom/panzoom';
import type { LaidOutGraph } from '../graph-types.js';
import type { RunOverlay } from '../run-types.js';
import { renderSvg } from '../svg.js';

/** The tallest the picture's area grows to in the chat before it pans. */
const MAX_HEIGHT = 640;

export class Stage {
  private graph: LaidOutGraph | undefined;
  private run: RunOverlay | undefined;
  private panzoom: PanzoomObject | undefined;
  private readonly canvas: HTMLElement;

  constructor(private readonly root: HTMLElement) {
    this.canvas = required(root, '#canvas');
    required(root, '#zoom-in').addEventListener('click', () => this.panzoom?.zoomIn());
    required(root, '#zoom-out').addEventListener('click', () => this.panzoom?.zoomOut());
    required(root, '#zoom-fit').addEventListener('click', () => this.fit());
    this.canvas.addEventListener('click', (e) => this.select(e.target));
    this.canvas.addEventListener('focusin', (e) => this.select(e.target));
  }

  setTitle(text: string): void {
    required(this.root, '#title').textContent = text;
  }

  setStatus(text: string, kind = ''): void {
    const el = required(this.root, '#status');
    el.textContent = text;
    el.className = kind;
  }

  showGraph(graph: LaidOutGraph): void {
    this.graph = graph;
    this.draw();
    this.fit();
  }

  showRun(run: RunOverlay): void {
    this.run = run;
    this.draw();
  }

  /** Redraws the picture in place; the pan and zoom stay as they were. */
  private draw(): void {
    if (!this.graph) return;
    this.canvas.innerHTML = renderSvg(this.graph, this.run);
    if (!this.panzoom) {
      this.panzoom = Panzoom(this.canvas, { maxScale: 4, minScale: 0.1, step: 0.2, canvas: true });
      required(this.root, '#viewport').addEventListener('wheel', (e) => this.panzoom?.zoomWithWheel(e));
    }
  }

  /**
   * The whole picture in view when it fits at half size or more (never enlarged); a taller one fills the
   * width, from the top, to be panned. The view's height follows (the host is told through autoResize).
   */
  private fit(): void {
    if (!this.graph || !this.panzoom) return;
    const viewport = required(this.root, '#viewport');
    const width = viewport.clientWidth || this.graph.width;
    const scale = Math.min(1, width / this.graph.width, Math.max(0.5, MAX_HEIGHT / this.graph.height));
    viewport.style.height = `${Math.ceil(Math.min(MAX_HEIGHT, this.graph.height * scale + 2))}px`;
    this.panzoom.zoom(scale, { animate: false });
    // Panzoom scales about the canvas's centre (which keeps its wheel zoom on the pointer): this pan, in
    // unscaled units, brings the canvas's top-left corner back to the viewport's.
    const back = (size: number) => (size / 2) * (1 - 1 / scale);
    const { offsetWidth, offsetHeight } = this.canvas;
    setTimeout(() => this.panzoom?.pan(back(offsetWidth), back(offsetHeight), { animate: false }));
  }

  private select(target: EventTarget | null): void {
    const state = target instanceof Element ? target.closest('[data-state]') : null;
    const details = required(this.root, '#details');
    const title = state?.querySelector(':scope > title')?.textContent;
    details.textContent = title ?? '';
    details.hidden = !title;
  }
}

function required(root: HTMLElement, selector: string): HTMLElement {
  const el = root.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`the view page has no ${selector}`);
  return el;
}
