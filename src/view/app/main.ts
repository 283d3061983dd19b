/**
 * The in-chat workflow view (MCP Apps). It learns its workflow from the page (the server writes the tool's
 * name in) or, for run_workflow, from the call's input (its `workflow` argument); draws the workflow from
 * workflow_view_graph, follows the run of the call with workflow_view_run while the call lasts, and draws
 * the final picture from the call's result.
 */
import { App, PostMessageTransport, applyDocumentTheme } from '@modelcontextprotocol/ext-apps';
import { errorMessage } from '../../result.js';
import type { LaidOutGraph, WorkflowSource } from '../graph-types.js';
import type { RunOverlay } from '../run-types.js';
import { workflowOfCall } from './call.js';
import { RunFollower } from './follow.js';
import { Stage } from './stage.js';
import { runSummary } from './summary.js';

const GRAPH_TOOL = 'workflow_view_graph';
const RUN_TOOL = 'workflow_view_run';

type ToolResult = Awaited<ReturnType<App['callServerTool']>>;

const metaContent = (name: string) =>
  document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';

const stage = new Stage(document.body);
const app = new App({ name: 'stepfunctions-workflow-view', version: '1.0.0' }, {}, { autoResize: true });
const source: WorkflowSource = metaContent('workflow-source') === 'call' ? 'call' : 'tool';
/** The workflow's tool: written into the page, or (source `call`) named by the call's input. */
let toolName = metaContent('workflow-tool');
let machineType: string | undefined;
/** Settles once the picture is drawn (or could not be): tool input and result may arrive before that. */
let graphReady: () => void = () => undefined;
const graphDrawn = new Promise<void>((resolve) => (graphReady = resolve));
/** The call's result came, or it was cancelled: its run is no longer looked for by its arguments. */
let callEnded = false;

const follower = new RunFollower({
  read: async ({ executionArn, args }) => {
    const result = await callTool(RUN_TOOL, {
      tool: toolName,
      ...(executionArn ? { executionArn } : { arguments: args }),
    });
    const data = result.structuredContent as { found?: boolean; run?: RunOverlay } | undefined;
    return data?.found ? data.run : undefined;
  },
  show: (run) => {
    stage.showRun(run);
    const { text, kind } = runSummary(run);
    stage.setStatus(text, kind);
  },
  problem: (message) => stage.setStatus(message, 'problem'),
});

async function callTool(name: string, args: Record<string, unknown>): Promise<ToolResult> {
  const result = await app.callServerTool({ name, arguments: args });
  if (result.isError) throw new Error(textOf(result) || `${name} failed`);
  return result;
}

function textOf(result: { content?: Array<{ type: string; text?: string }> }): string {
  return (result.content ?? []).map((c) => (c.type === 'text' ? (c.text ?? '') : '')).join(' ');
}

/** Draws the workflow of `toolName`; a failure is shown in the status line. Settles graphDrawn either way. */
async function drawGraph(): Promise<void> {
  try {
    const result = await callTool(GRAPH_TOOL, { tool: toolName });
    const data = result.structuredContent as { machine: string; type: string; graph: LaidOutGraph };
    machineType = data.type;
    stage.setTitle(`${data.machine} · ${data.type === 'EXPRESS' ? 'Express' : 'Standard'}`);
    stage.showGraph(data.graph);
  } catch (err) {
    stage.setStatus(errorMessage(err), 'problem');
  } finally {
    graphReady();
  }
}

app.ontoolinput = ({ arguments: args }) => {
  const call = workflowOfCall(source, toolName, args);
  if (!call) {
    stage.setStatus('The call names no workflow to draw.', 'problem');
    graphReady();
    return;
  }
  stage.setStatus('Starting…', 'running');
  if (source === 'call' && !toolName) {
    toolName = call.tool;
    void drawGraph();
  }
  void graphDrawn.then(() => {
    if (machineType === 'STANDARD' && !callEnded) follower.followCall(call.args);
  });
};

app.ontoolresult = (result) => {
  callEnded = true;
  // A call that never said which workflow it ran (no tool input came) has no picture to wait for.
  if (!toolName) graphReady();
  void graphDrawn.then(() => showResult(result));
};

/** The call's result: follow the execution it names to its end, or show the outcome it gives. */
function showResult(result: Parameters<NonNullable<App['ontoolresult']>>[0]): void {
  const meta = (result._meta ?? {}) as { executionArn?: unknown };
  const executionArn = typeof meta.executionArn === 'string' ? meta.executionArn : undefined;
  if (toolName && machineType !== 'EXPRESS' && executionArn) {
    follower.followExecution(executionArn);
    return;
  }
  follower.stop();
  const express = machineType === 'EXPRESS';
  const outcome = result.isError
    ? `${express ? 'The Express run failed' : 'The call failed'}: ${textOf(result)}`
    : express
      ? 'The Express run succeeded.'
      : 'The call ended.';
  const run: RunOverlay = { status: 'EXPRESS', states: {}, outcome };
  stage.showRun(run);
  stage.setStatus(runSummary(run).text, result.isError ? 'failed' : 'succeeded');
}

app.ontoolcancelled = ({ reason }) => {
  callEnded = true;
  follower.stop();
  stage.setStatus(`The call was cancelled${reason ? `: ${reason}` : ''}.`, 'problem');
};

app.onhostcontextchanged = (ctx) => {
  if (ctx.theme) applyDocumentTheme(ctx.theme);
};

async function main(): Promise<void> {
  await app.connect(new PostMessageTransport(window.parent, window.parent));
  const context = app.getHostContext();
  if (context?.theme) applyDocumentTheme(context.theme);
  if (source === 'call') {
    // The workflow is known once the host sends the call's input (it may have come already).
    if (!toolName) stage.setStatus('Waiting for the call to name its workflow…');
    return;
  }
  toolName ||= context?.toolInfo?.tool.name ?? '';
  await drawGraph();
  if (!document.querySelector('#status')?.textContent) stage.setStatus('Not started yet.');
}

void main();
