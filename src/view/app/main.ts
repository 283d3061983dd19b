/**
 * The in-chat workflow view (MCP Apps). It learns its tool from the page (the server writes the name into
 * the resource), draws the workflow from workflow_view_graph, follows the run of the call with
 * workflow_view_run while the call lasts, and draws the final picture from the call's result.
 */
import { App, PostMessageTransport, applyDocumentTheme } from '@modelcontextprotocol/ext-apps';
import type { LaidOutGraph } from '../graph-types.js';
import type { RunOverlay } from '../run-types.js';
import { RunFollower } from './follow.js';
import { Stage } from './stage.js';
import { runSummary } from './summary.js';

const GRAPH_TOOL = 'workflow_view_graph';
const RUN_TOOL = 'workflow_view_run';

type ToolResult = Awaited<ReturnType<App['callServerTool']>>;

const stage = new Stage(document.body);
const app = new App({ name: 'stepfunctions-workflow-view', version: '1.0.0' }, {}, { autoResize: true });
let machineType: string | undefined;
/** Settles once the picture is drawn (or could not be): tool input may arrive before that. */
let graphReady: () => void = () => undefined;
const graphDrawn = new Promise<void>((resolve) => (graphReady = resolve));
let toolName = document.querySelector<HTMLMetaElement>('meta[name="workflow-tool"]')?.content ?? '';

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

async function loadGraph(executionArn?: string): Promise<void> {
  const result = await callTool(GRAPH_TOOL, { tool: toolName, ...(executionArn ? { executionArn } : {}) });
  const data = result.structuredContent as { machine: string; type: string; graph: LaidOutGraph };
  machineType = data.type;
  stage.setTitle(`${data.machine} · ${data.type === 'EXPRESS' ? 'Express' : 'Standard'}`);
  stage.showGraph(data.graph);
}

app.ontoolinput = ({ arguments: args }) => {
  stage.setStatus('Starting…', 'running');
  void graphDrawn.then(() => {
    if (machineType === 'STANDARD' && !resultSeen) follower.followCall(args ?? {});
  });
};

let resultSeen = false;

app.ontoolresult = (result) => {
  resultSeen = true;
  const meta = (result._meta ?? {}) as { executionArn?: unknown };
  const executionArn = typeof meta.executionArn === 'string' ? meta.executionArn : undefined;
  if (machineType === 'EXPRESS' || !executionArn) {
    follower.stop();
    const express = machineType === 'EXPRESS';
    const outcome = result.isError
      ? `${express ? 'The Express run failed' : 'The call failed'}: ${textOf(result)}`
      : 'The Express run succeeded.';
    const run: RunOverlay = { status: 'EXPRESS', states: {}, outcome };
    stage.showRun(run);
    stage.setStatus(runSummary(run).text, result.isError ? 'failed' : 'succeeded');
    return;
  }
  follower.followExecution(executionArn);
};

app.ontoolcancelled = ({ reason }) => {
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
  toolName ||= context?.toolInfo?.tool.name ?? '';
  try {
    await loadGraph();
    if (!document.querySelector('#status')?.textContent) stage.setStatus('Not started yet.');
  } catch (err) {
    stage.setStatus(err instanceof Error ? err.message : String(err), 'problem');
  } finally {
    graphReady();
  }
}

void main();
