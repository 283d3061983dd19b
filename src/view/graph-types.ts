/**
 * The shapes of a workflow picture, shared by the server (graph model, layout, SVG for `graph`) and the
 * in-chat view (which draws the laid-out graph it reads through the app-only tools). Types only, so the
 * view's bundle takes nothing else from the server.
 */

/** Ids of the start and end markers at the top level. */
export const START_ID = '__start';
export const END_ID = '__end';

export type EdgeKind = 'next' | 'default' | 'choice' | 'catch' | 'retry';

/** One state, or the start / end marker (type `Start` / `End`). */
export interface GraphNode {
  id: string;
  /** The state's name as in the definition (the key the run overlay uses). */
  name: string;
  /** The state's Type (Task, Choice, Parallel, Map, ...), or `Start` / `End` for the markers. */
  type: string;
  /** A short second line: the Task's integration, the Wait's duration, the Fail's error. */
  detail?: string;
  /** The group this node sits in (a Parallel branch, a Map's item processor); absent at the top level. */
  group?: string;
  /** The first state of its group (the top level's first state follows the start marker instead). */
  first?: boolean;
  /** Ends its group or the execution (End: true, Succeed, Fail). */
  last?: boolean;
}

/** A Parallel branch or a Map's item processor: drawn as a box inside its Parallel or Map state. */
export interface GraphGroup {
  id: string;
  /** The Parallel or Map state's node id. */
  owner: string;
  label: string;
}

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  kind: EdgeKind;
  /** Shortened text drawn on the edge (a Choice condition, the errors a Catch names, a Retry's attempts). */
  label?: string;
  /** The whole text, for hover. */
  title?: string;
}

export interface WorkflowGraph {
  nodes: GraphNode[];
  groups: GraphGroup[];
  edges: GraphEdge[];
}

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Positions are absolute (relative to the picture's top-left corner), whatever the nesting. */
export interface PlacedNode extends GraphNode, Box {}
export interface PlacedGroup extends GraphGroup, Box {}
export interface PlacedEdge extends GraphEdge {
  points: Point[];
  labelBox?: Box;
}

export interface LaidOutGraph {
  width: number;
  height: number;
  nodes: PlacedNode[];
  groups: PlacedGroup[];
  edges: PlacedEdge[];
}

/**
 * Where the view page learns which workflow to draw (src/view/resource.ts writes it into the page):
 * `tool`, the workflow of the tool the page names; `call`, the one its call names (run_workflow's
 * `workflow` argument, the workflow's own arguments under `arguments`).
 */
export type WorkflowSource = 'tool' | 'call';
