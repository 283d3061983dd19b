/**
 * `answer_approval`: the agent answers a workflow's pending approval itself. Served only when the
 * operator sets SFN_MCP_AGENT_APPROVALS; otherwise only a person answers, through elicitation. It reaches
 * executions this server started of the caller's tools only, like get_execution_result.
 */
import {
  ANSWER_TOOL,
  checkAnswer,
  readPendingApprovals,
  sendDecision,
  type PendingApproval,
} from '../approvals/index.js';
import { compileSchema } from '../catalog/index.js';
import type { MachineTool } from '../catalog/types.js';
import { RESULT_TOOL, checkExecutionArn, formatValidationErrors, refusalResult } from '../execution/index.js';
import type { CallContext, ToolDefinition, ToolResult } from '../mcp/provider.js';
import type { BridgeShared } from './shared.js';

const TITLE = 'Answer a pending approval';

const INPUT_SCHEMA = {
  type: 'object',
  properties: {
    executionArn: {
      type: 'string',
      minLength: 1,
      description: 'The execution that waits for the decision (from the result that said so).',
    },
    decision: {
      type: 'string',
      enum: ['accept', 'decline'],
      description: 'accept the request, or decline it.',
    },
    answer: {
      type: 'object',
      description: "With accept: the answer, following the request's answer schema (omit when it has none).",
    },
    state: { type: 'string', description: 'The state that waits, when several wait at once.' },
  },
  required: ['executionArn', 'decision'],
  additionalProperties: false,
} as const;

export function answerToolDefinition(): ToolDefinition {
  return {
    name: ANSWER_TOOL,
    title: TITLE,
    description:
      "Answers a person's decision that a workflow run started by this server waits for (a result said " +
      '"waiting for a person\'s decision at state X"), in place of the person: accept with the answer, or ' +
      'decline (the workflow gets the error mcp.Declined). The operator allows agents to answer. Answer only ' +
      'as the user tells you; never decide for them.',
    inputSchema: INPUT_SCHEMA,
    annotations: {
      title: TITLE,
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    },
  };
}

interface AnswerArgs {
  executionArn: string;
  decision: 'accept' | 'decline';
  answer?: Record<string, unknown>;
  state?: string;
}

function parseArgs(args: unknown): AnswerArgs | string {
  const compiled = compileSchema(INPUT_SCHEMA as unknown as Record<string, unknown>);
  if (!compiled.ok) return compiled.error;
  if (compiled.value(args ?? {})) return args as AnswerArgs;
  const lines = formatValidationErrors(compiled.value.errors ?? []);
  return `Invalid arguments for ${ANSWER_TOOL}; nothing was answered. Fix these and call again:\n${lines.map((l) => `- ${l}`).join('\n')}`;
}

function chosen(pending: PendingApproval[], state: string | undefined): PendingApproval | string {
  const matching = state === undefined ? pending : pending.filter((a) => a.state === state);
  if (matching.length === 1) return matching[0]!;
  if (matching.length === 0)
    return state === undefined
      ? 'it waits for no decision now (answered already, timed out, or not there yet)'
      : `no decision waits at state "${state}" (waiting: ${pending.map((a) => a.state).join(', ') || 'none'})`;
  return `several decisions wait (${matching.map((a) => a.state).join(', ')}): name one with "state"`;
}

export async function answerApproval(
  shared: BridgeShared,
  tools: readonly MachineTool[],
  rawArgs: unknown,
  ctx: CallContext,
): Promise<ToolResult> {
  const args = parseArgs(rawArgs);
  if (typeof args === 'string') return refusalResult(args);
  const check = checkExecutionArn(args.executionArn.trim(), tools);
  if (!check.ok) return refusalResult(check.error.replace(RESULT_TOOL, ANSWER_TOOL));
  const { executionArn } = check.value;
  let pending: PendingApproval[];
  try {
    pending = await readPendingApprovals(shared.clients.sfn, executionArn, ctx.signal);
  } catch (err) {
    shared.log.warn({ err, executionArn }, 'could not read the history for approvals');
    return refusalResult(
      `Could not read execution "${executionArn}"; nothing was answered. Call again later.`,
    );
  }
  const approval = chosen(pending, args.state);
  if (typeof approval === 'string')
    return refusalResult(`Nothing was answered: execution "${executionArn}": ${approval}.`);
  const content = args.decision === 'accept' ? checkAnswer(approval.schema, args.answer) : undefined;
  if (content && !content.ok)
    return refusalResult(
      `Nothing was answered: the answer does not fit the request's schema: ${content.error}.`,
    );
  const decision =
    args.decision === 'accept' && content?.ok
      ? { action: 'accept' as const, answer: content.value, by: 'agent' as const }
      : { action: 'decline' as const, by: 'agent' as const };
  const sent = await sendDecision(shared.clients.sfn, approval, decision, {
    log: shared.log,
    executionArn,
    signal: ctx.signal,
  });
  if (!sent.ok) return refusalResult(`Nothing was answered: ${sent.error}`);
  const how =
    sent.value === 'closed'
      ? 'was no longer waiting (answered elsewhere, timed out or stopped)'
      : `was answered: ${args.decision === 'accept' ? 'accepted' : 'declined'}`;
  return {
    content: [
      {
        type: 'text',
        text: `The decision at state "${approval.state}" of execution "${executionArn}" ${how}. The execution goes on; call ${RESULT_TOOL} with that executionArn for its result.`,
      },
    ],
    _meta: { executionArn, state: approval.state, decision: args.decision },
  };
}
