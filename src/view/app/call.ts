/** What the view takes from a call's input: which workflow to draw, and the arguments its run started with. Pure. */
import { isObject } from '../../result.js';
import type { WorkflowSource } from '../graph-types.js';

export interface CallWorkflow {
  /** The workflow's tool, as workflow_view_graph and workflow_view_run take it. */
  tool: string;
  /** The workflow's own arguments, by which the call's execution is found while the call runs. */
  args: Record<string, unknown>;
}

/**
 * `tool`: the page's own tool, run with the call's arguments. `call` (run_workflow): the workflow its
 * `workflow` argument names, run with its `arguments` (none: `{}`, as the workflow's own tool takes it).
 * undefined when a `call` names no workflow.
 */
export function workflowOfCall(
  source: WorkflowSource,
  pageTool: string,
  args: Record<string, unknown> | undefined,
): CallWorkflow | undefined {
  if (source === 'tool') return { tool: pageTool, args: args ?? {} };
  const workflow = args?.workflow;
  if (typeof workflow !== 'string' || workflow === '') return undefined;
  return { tool: workflow, args: isObject(args?.arguments) ? args.arguments : {} };
}
