/**
 * The two tools the in-chat view calls (MCP Apps: visible to the app only, never to the model):
 * `workflow_view_graph` (a tool's workflow, laid out) and `workflow_view_run` (a run over it, state by
 * state). They read only what the caller may use: tools among the caller's tools (HTTP tool scopes), and
 * executions of those tools' machines that this server started (the check get_execution_result makes).
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import { awsErrorText } from '../aws/errors.js';
import type { MachineTool } from '../catalog/types.js';
import { checkExecutionArn, refusalResult, type ToolCallResult } from '../execution/index.js';
import type { Logger } from '../log.js';
import { isObject } from '../result.js';
import { VIEW_GRAPH_TOOL, VIEW_RUN_TOOL, VIEW_TOOLS } from './names.js';
import { pictureOf } from './picture.js';
import { executionDefinition, findCallExecution, readRun, toolDefinition, type ReadOptions } from './read.js';

export { VIEW_GRAPH_TOOL, VIEW_RUN_TOOL, VIEW_TOOLS };

export interface AppToolDefinition {
  name: string;
  title: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations: Record<string, unknown>;
}

const TOOL_ARG = { type: 'string', minLength: 1, description: 'The workflow tool whose picture this is.' };
const EXECUTION_ARG = { type: 'string', minLength: 1, description: 'An execution this server started.' };
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };

export function appToolDefinitions(): AppToolDefinition[] {
  return [
    {
      name: VIEW_GRAPH_TOOL,
      title: 'Workflow picture',
      description: "For the workflow view only: a tool's state machine as a laid-out graph.",
      inputSchema: {
        type: 'object',
        properties: { tool: TOOL_ARG, executionArn: EXECUTION_ARG },
        required: ['tool'],
      },
      annotations: { title: 'Workflow picture', ...READ_ONLY },
    },
    {
      name: VIEW_RUN_TOOL,
      title: 'Workflow run',
      description:
        'For the workflow view only: the state-by-state status of an execution, or of the call in flight ' +
        'with these arguments.',
      inputSchema: {
        type: 'object',
        properties: { tool: TOOL_ARG, executionArn: EXECUTION_ARG, arguments: { type: 'object' } },
        required: ['tool'],
      },
      annotations: { title: 'Workflow run', ...READ_ONLY },
    },
  ];
}

export interface AppToolContext {
  sfn: SFNClient;
  log: Logger;
  /** The machine tools the caller may use. */
  tools: readonly MachineTool[];
  signal?: AbortSignal;
}

/** Runs one of the view's tools; undefined for any other name. Never throws. */
export async function callAppTool(
  name: string,
  args: unknown,
  ctx: AppToolContext,
): Promise<ToolCallResult | undefined> {
  if (!VIEW_TOOLS.includes(name)) return undefined;
  const a = isObject(args) ? args : {};
  const tool = ctx.tools.find((t) => t.name === a.tool);
  if (typeof a.tool !== 'string' || !tool) {
    return refusalResult(
      `Refused: "tool" must name one of the workflow tools you may use (got ${JSON.stringify(a.tool)}).`,
    );
  }
  const execution = a.executionArn === undefined ? undefined : checkExecutionArn(a.executionArn, [tool]);
  if (execution && !execution.ok) return refusalResult(execution.error);
  const read: ReadOptions = {
    sfn: ctx.sfn,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
  const executionArn = execution?.ok ? execution.value.executionArn : undefined;
  try {
    if (name === VIEW_GRAPH_TOOL) return await graphResult(read, tool, executionArn);
    return await runResult(read, tool, executionArn, isObject(a.arguments) ? a.arguments : undefined);
  } catch (err) {
    ctx.log.warn({ err, tool: name }, 'the workflow view could not read Step Functions');
    return refusalResult(`Could not read the workflow: ${awsErrorText(err)}`);
  }
}

async function graphResult(
  read: ReadOptions,
  tool: MachineTool,
  executionArn: string | undefined,
): Promise<ToolCallResult> {
  const definition = executionArn
    ? await executionDefinition(read, executionArn)
    : await toolDefinition(read, tool);
  const picture = await pictureOf(definition);
  if (!picture.ok) return refusalResult(`The workflow of ${tool.name} cannot be drawn: ${picture.error}`);
  const states = picture.value.nodes.filter((n) => n.type !== 'Start' && n.type !== 'End').length;
  return {
    content: [
      { type: 'text', text: `The workflow of ${tool.name} (${tool.machine.name}): ${states} states.` },
    ],
    structuredContent: {
      tool: tool.name,
      machine: tool.machine.name,
      type: tool.machine.type,
      graph: picture.value,
    },
  };
}

async function runResult(
  read: ReadOptions,
  tool: MachineTool,
  executionArn: string | undefined,
  args: Record<string, unknown> | undefined,
): Promise<ToolCallResult> {
  if (tool.machine.type === 'EXPRESS') {
    return refusalResult(
      'Express workflows keep no history that can be read: the view shows their outcome only.',
    );
  }
  const arn = executionArn ?? (args ? await findCallExecution(read, tool, args) : undefined);
  if (!arn) {
    return {
      content: [{ type: 'text', text: 'No running execution of this call was found yet.' }],
      structuredContent: { found: false },
    };
  }
  const run = await readRun(read, arn);
  const summary = `${arn}: ${run.status}, ${Object.keys(run.states).length} states entered.`;
  return { content: [{ type: 'text', text: summary }], structuredContent: { found: true, run } };
}
