/** A definition to a laid-out picture, kept for the definitions drawn most recently (layout is the costly step). */
import { errorMessage, fail, ok, type Result } from '../result.js';
import type { LaidOutGraph } from './graph-types.js';
import { layoutGraph } from './layout.js';
import { buildGraph } from './model.js';

/** Laid-out pictures kept, by definition text. */
export const PICTURES_KEPT = 32;
const kept = new Map<string, Promise<Result<LaidOutGraph>>>();

/** The laid-out graph of a definition (ASL JSON text), or why it cannot be drawn. */
export function pictureOf(definition: string): Promise<Result<LaidOutGraph>> {
  let picture = kept.get(definition);
  if (picture) {
    // Most recently used last, so the oldest is the first to go.
    kept.delete(definition);
  } else {
    picture = draw(definition);
  }
  kept.set(definition, picture);
  if (kept.size > PICTURES_KEPT) kept.delete(kept.keys().next().value!);
  return picture;
}

async function draw(definition: string): Promise<Result<LaidOutGraph>> {
  const graph = buildGraph(definition);
  if (!graph.ok) return graph;
  try {
    return ok(await layoutGraph(graph.value));
  } catch (err) {
    return fail(`The layout failed: ${errorMessage(err)}`);
  }
}
