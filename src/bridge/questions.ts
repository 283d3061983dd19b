/**
 * The questions the bridge puts to the person, and how their answers read: an approval a workflow waits
 * for (key `approval-<TaskScheduled event id>`, unique within the execution) and the confirmation before
 * a tagged machine starts (key `confirm`). Texts for a client that cannot show them. Pure.
 */
import {
  ANSWER_TOOL,
  formSchema,
  type Decider,
  type Decision,
  type PendingApproval,
} from '../approvals/index.js';
import { RUN_TOOL } from '../catalog/naming.js';
import type { MachineTool } from '../catalog/types.js';
import type { Answer, Question, ToolResult } from '../mcp/provider.js';
import { fail, ok, type Result } from '../result.js';

export const CONFIRM_KEY = 'confirm';
const APPROVAL_KEY_PREFIX = 'approval-';
/** The arguments shown in a confirmation are cut to this many characters. */
const SHOWN_ARGUMENTS_MAX = 4_000;

export function approvalKey(approval: PendingApproval): string {
  return `${APPROVAL_KEY_PREFIX}${approval.eventId}`;
}

/** The form for an approval; `problem` (a refused earlier answer) goes first. Fails when no form can show it. */
export function approvalQuestion(approval: PendingApproval, problem?: string): Result<Question> {
  const form = formSchema(approval.schema);
  if (!form.ok)
    return fail(`state "${approval.state}" asks for an answer that a form cannot show: ${form.error}`);
  const message = problem
    ? `Your answer could not be used (${problem}). Please answer again.\n\n${approval.message}`
    : approval.message;
  return ok({ key: approvalKey(approval), message, form: form.value });
}

/**
 * How the client reached a workflow: through its own tool, or through run_workflow naming it (the
 * large-catalogue mode, src/bridge/served-tools.ts), where the workflow's own tool is not listed and the
 * texts must not tell the agent to call it.
 */
export type Reach = 'own-tool' | 'run-tool';

export function confirmQuestion(tool: MachineTool, args: unknown, reach: Reach = 'own-tool'): Question {
  let shown = JSON.stringify(args ?? {}, null, 2);
  if (shown.length > SHOWN_ARGUMENTS_MAX) shown = `${shown.slice(0, SHOWN_ARGUMENTS_MAX)}\n…`;
  const how = reach === 'own-tool' ? `tool ${tool.name}` : `${tool.name}, through ${RUN_TOOL}`;
  return {
    key: CONFIRM_KEY,
    message: `Start the workflow "${tool.annotations.title}" (${how}) with these arguments?\n${shown}`,
    form: { type: 'object', properties: {} },
  };
}

/** A person's answer as the decision sent to the workflow (accepted content still to be checked). */
export function decisionOf(
  answer: Answer,
  content: Record<string, unknown>,
  by: Decider = 'person',
): Decision {
  return answer.action === 'accept'
    ? { action: 'accept', answer: content, by }
    : { action: answer.action, by };
}

function textResult(text: string, isError = false, meta?: Record<string, unknown>): ToolResult {
  return {
    content: [{ type: 'text', text }],
    ...(isError ? { isError } : {}),
    ...(meta ? { _meta: meta } : {}),
  };
}

export function notStartedResult(
  tool: MachineTool,
  action: 'decline' | 'cancel',
  reach: Reach = 'own-tool',
): ToolResult {
  const how = action === 'decline' ? 'declined' : 'dismissed without confirming';
  const [what, again] =
    reach === 'own-tool'
      ? [tool.name, 'do not call it again']
      : [`workflow "${tool.name}"`, `do not call ${RUN_TOOL} for it again`];
  return textResult(
    `Not started: the user ${how} the start of ${what}. Nothing was started; ${again} unless the user asks.`,
    true,
    { confirmation: action },
  );
}

export function cannotConfirmResult(tool: MachineTool, reach: Reach = 'own-tool'): ToolResult {
  const [what, again] =
    reach === 'own-tool'
      ? [tool.name, 'Nothing was started.']
      : [
          `workflow "${tool.name}"`,
          `Nothing was started; calling ${RUN_TOOL} for it again from this client will not start it either.`,
        ];
  return textResult(
    `Refused: ${what} starts only after the user confirms its arguments (its state machine is tagged ` +
      'mcp:confirm=true), and this client cannot ask the user (it does not support MCP elicitation forms on ' +
      `this connection). ${again} Use a client that supports elicitation, or ask the operator.`,
    true,
  );
}

/**
 * What a client that cannot show the approval gets beside the waiting result: the request itself, who
 * may answer, and how to follow the run. `why` says why no form was shown.
 */
export function approvalNote(
  approval: PendingApproval,
  opts: { why: string; agentMayAnswer: boolean; executionArn: string },
): string {
  const request = `The request reads: ${JSON.stringify(approval.message)}.`;
  if (!opts.agentMayAnswer)
    return `${opts.why} ${request} Only a person can answer it (you cannot): ask the user to answer it where the workflow sends its approval requests.`;
  return (
    `${opts.why} ${request}` +
    (approval.schema ? ` The answer follows this JSON Schema: ${JSON.stringify(approval.schema)}.` : '') +
    ` The operator lets you answer it: call ${ANSWER_TOOL} with executionArn "${opts.executionArn}", decision accept (with the answer) or decline` +
    (approval.state ? `, and state "${approval.state}"` : '') +
    '. Answer only as the user tells you.'
  );
}

/** The waiting result with the note appended. */
export function withNote(result: ToolResult, note: string): ToolResult {
  const [first, ...rest] = result.content;
  return { ...result, content: [{ type: 'text', text: `${first?.text ?? ''}\n${note}` }, ...rest] };
}
