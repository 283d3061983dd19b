/**
 * run_workflow: runs a workflow named by search_workflows with the arguments its own tool would take.
 * It only finds the workflow: the call itself goes through the machine tool's own path (validation,
 * Express or Standard run, wait budget, results, tasks), so a run answers exactly as that tool would.
 */
import { RUN_TOOL, SEARCH_TOOL } from '../../catalog/naming.js';
import type { MachineTool } from '../../catalog/types.js';
import { RESULT_TOOL } from '../../execution/index.js';
import { checkArguments } from '../../execution/validate.js';
import type { ToolDefinition } from '../../mcp/provider.js';
import { fail, ok, type Result } from '../../result.js';

const TITLE = 'Run a workflow';

export function runToolDefinition(resultTool: boolean): ToolDefinition {
  return {
    name: RUN_TOOL,
    title: TITLE,
    description:
      `Runs one workflow (an AWS Step Functions state machine) found with ${SEARCH_TOOL}: "workflow" is its ` +
      'name and "arguments" its input, which must match the inputSchema the search returned; they are checked ' +
      'before anything starts. Express workflows answer in the call. A Standard workflow still running when ' +
      'the call returns gives its executionArn and status RUNNING: ' +
      (resultTool
        ? `then call ${RESULT_TOOL} with that executionArn, not ${RUN_TOOL} again (that would start a second run).`
        : `do not call ${RUN_TOOL} again for it (that would start a second run).`),
    inputSchema: {
      type: 'object',
      properties: {
        workflow: {
          type: 'string',
          minLength: 1,
          description: `The workflow's name, exactly as ${SEARCH_TOOL} returned it.`,
        },
        arguments: {
          type: 'object',
          description: "The workflow's input: an object that matches the workflow's inputSchema.",
        },
      },
      required: ['workflow'],
      additionalProperties: false,
    },
    annotations: { title: TITLE },
    taskSupport: 'optional',
  };
}

/** The tool's own inputSchema as a tool for checkArguments, made once so it is compiled once. */
let schemaTool: MachineTool | undefined;

export interface RunArgs {
  workflow: string;
  /** The workflow tool's arguments (absent: none, which its own tool takes as `{}`). */
  arguments: Record<string, unknown> | undefined;
}

/** The arguments, checked against the tool's inputSchema; the refusal's message otherwise. */
export function parseRunArgs(args: unknown): Result<RunArgs> {
  schemaTool ??= { name: RUN_TOOL, inputSchema: runToolDefinition(true).inputSchema } as MachineTool;
  const checked = checkArguments(schemaTool, args);
  if (!checked.ok) return checked;
  const a = checked.value as { workflow: string; arguments?: Record<string, unknown> };
  return ok({ workflow: a.workflow, arguments: a.arguments });
}

/**
 * The workflow named, among the tools the caller may use. A workflow outside them is refused in the
 * same words as one that does not exist, so a refusal reveals nothing about workflows the caller
 * cannot see.
 */
export function findWorkflow(tools: readonly MachineTool[], name: string): Result<MachineTool> {
  const tool = tools.find((t) => t.name === name);
  if (tool) return ok(tool);
  return fail(
    `No workflow named "${name.length > 200 ? `${name.slice(0, 200)}…` : name}" is served; no execution ` +
      `was started. Call ${SEARCH_TOOL} to find the workflow and its exact name.`,
  );
}

/** A task asked of run_workflow for an Express workflow: why it cannot be one. */
export function expressTaskReason(workflow: string): string {
  return (
    `Workflow "${workflow}" is an Express workflow: it answers in the call and cannot run as a task. ` +
    `Call ${RUN_TOOL} again without "task"; nothing was started.`
  );
}
