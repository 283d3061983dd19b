/** The names of the tools the workflow view calls; the catalogue keeps them free (src/runtime.ts). */
export const VIEW_GRAPH_TOOL = 'workflow_view_graph';
export const VIEW_RUN_TOOL = 'workflow_view_run';
export const VIEW_TOOLS: readonly string[] = [VIEW_GRAPH_TOOL, VIEW_RUN_TOOL];
