/**
 * Tool calls with a person in them: the confirmation before a machine tagged `mcp:confirm=true` starts,
 * and the approvals its run waits for. A call that needs the person returns InputNeeded; the MCP layer
 * asks and calls again with the answers and the resume state `{ tool, executionArn, asked }`, which it
 * has signed, so a resumed call answers only what it asked, for an execution it started.
 */
import {
  approvalWatch,
  checkAnswer,
  readPendingApprovals,
  sendDecision,
  type PendingApproval,
} from '../approvals/index.js';
import type { MachineTool } from '../catalog/types.js';
import {
  RESULT_TOOL,
  callMachineTool,
  checkExecutionArn,
  getExecutionResult,
  refusalResult,
  type RunOptions,
  type ToolCallResult,
} from '../execution/index.js';
import type { CallContext, InputNeeded, PersonContext, ToolResult } from '../mcp/provider.js';
import { isObject } from '../result.js';
import {
  approvalKey,
  approvalNote,
  approvalQuestion,
  cannotConfirmResult,
  CONFIRM_KEY,
  confirmQuestion,
  decisionOf,
  notStartedResult,
  withNote,
  type Reach,
} from './questions.js';
import { visibleTo, type BridgeShared } from './shared.js';

export type PersonResult = ToolResult | InputNeeded;

interface Watch {
  interrupt?: RunOptions['interrupt'];
  /** The approval that stopped the wait, if one did. */
  found(): PendingApproval | undefined;
}

/** A wait that stops at the first pending approval, for machines that can wait for a token at all. */
async function watchFor(shared: BridgeShared, tool: MachineTool): Promise<Watch> {
  let found: PendingApproval | undefined;
  if (!(await shared.callbacks.mayWait(tool))) return { found: () => undefined };
  const interrupt = approvalWatch({
    sfn: shared.clients.sfn,
    log: shared.log,
    pacer: shared.statePacer,
    found: (approval) => (found = approval),
  });
  return { interrupt, found: () => found };
}

type Gate = { kind: 'go' } | { kind: 'ask'; input: InputNeeded } | { kind: 'refuse'; result: ToolResult };

/** Whether a tagged machine may start: confirmed, to be asked, or refused. Answers count only from a client that can ask. */
function confirmation(
  shared: BridgeShared,
  tool: MachineTool,
  args: unknown,
  ctx: PersonContext,
  reach: Reach,
): Gate {
  const answer = ctx.canAsk ? ctx.answers?.[CONFIRM_KEY] : undefined;
  if (answer)
    return answer.action === 'accept'
      ? { kind: 'go' }
      : { kind: 'refuse', result: notStartedResult(tool, answer.action, reach) };
  if (ctx.canAsk)
    return { kind: 'ask', input: { inputNeeded: { questions: [confirmQuestion(tool, args, reach)] } } };
  if (shared.config.startUnconfirmed) {
    shared.log.info(
      { tool: tool.name },
      'started without confirmation: the client cannot ask (SFN_MCP_START_UNCONFIRMED)',
    );
    return { kind: 'go' };
  }
  return { kind: 'refuse', result: cannotConfirmResult(tool, reach) };
}

/** Stands for "held for the person" inside the execution layer; never returned to a client. */
const HELD: ToolCallResult = { content: [{ type: 'text', text: 'held for confirmation' }] };

/**
 * The confirmation as the execution layer's `beforeStart` (after validation, before the start), for a
 * tagged machine; `held()` then says whether the start waits for the person's answer. `reach` words the
 * question and refusals for the tool the client called.
 */
export function confirmHook(
  shared: BridgeShared,
  tool: MachineTool,
  args: unknown,
  ctx: PersonContext,
  reach: Reach = 'own-tool',
): { run: Pick<RunOptions, 'beforeStart'>; held(): InputNeeded | undefined } {
  let held: InputNeeded | undefined;
  if (!tool.confirm) return { run: {}, held: () => undefined };
  const beforeStart = async (): Promise<ToolCallResult | undefined> => {
    const gate = confirmation(shared, tool, args, ctx, reach);
    if (gate.kind === 'ask') held = gate.input;
    return gate.kind === 'ask' ? HELD : gate.kind === 'refuse' ? gate.result : undefined;
  };
  return { run: { beforeStart }, held: () => held };
}

/** A machine tool's call: confirmed first when tagged, then run, stopping for the person's approvals. */
export async function callMachineWithPerson(
  shared: BridgeShared,
  tool: MachineTool,
  args: unknown,
  ctx: CallContext,
  run: RunOptions,
  reach: Reach = 'own-tool',
): Promise<PersonResult> {
  if (ctx.resume) return resumeWait(shared, tool.name, ctx, run);
  const confirm = confirmHook(shared, tool, args, ctx, reach);
  const watch = await watchFor(shared, tool);
  const result = await callMachineTool(shared.clients, tool, args, {
    ...run,
    ...confirm.run,
    ...(watch.interrupt ? { interrupt: watch.interrupt } : {}),
  });
  const held = confirm.held();
  if (held) return held;
  return afterWait(shared, tool.name, result, watch.found(), ctx);
}

/** get_execution_result for a client that can ask: the approvals the run waits for are asked too. */
export async function readWithPerson(
  shared: BridgeShared,
  tools: readonly MachineTool[],
  args: unknown,
  ctx: CallContext,
  run: RunOptions,
): Promise<PersonResult> {
  if (ctx.resume) return resumeWait(shared, RESULT_TOOL, ctx, run);
  const arn = isObject(args) && typeof args.executionArn === 'string' ? args.executionArn.trim() : undefined;
  const check = arn !== undefined ? checkExecutionArn(arn, tools) : undefined;
  const watch = check?.ok ? await watchFor(shared, check.value.tool) : undefined;
  const result = await getExecutionResult(shared.clients, tools, args ?? {}, {
    ...run,
    ...(watch?.interrupt ? { interrupt: watch.interrupt } : {}),
    maxWaitSeconds: shared.config.waitBudgetSeconds,
  });
  return afterWait(shared, RESULT_TOOL, result, watch?.found(), ctx);
}

/** After a wait: the approval that stopped it becomes a question (or, for a client that cannot ask, a note). */
function afterWait(
  shared: BridgeShared,
  toolName: string,
  result: ToolResult,
  approval: PendingApproval | undefined,
  ctx: PersonContext,
): PersonResult {
  const executionArn = result._meta?.executionArn;
  if (!approval || result._meta?.waitingFor === undefined || typeof executionArn !== 'string') return result;
  const agentMayAnswer = shared.config.agentApprovals;
  if (!ctx.canAsk) {
    const why =
      'This client cannot show the request (it does not support MCP elicitation forms on this connection).';
    return withNote(result, approvalNote(approval, { why, agentMayAnswer, executionArn }));
  }
  return askApproval(approval, { tool: toolName, executionArn }, undefined, (why) =>
    withNote(result, approvalNote(approval, { why, agentMayAnswer, executionArn })),
  );
}

function askApproval(
  approval: PendingApproval,
  resume: { tool: string; executionArn: string },
  problem: string | undefined,
  noForm: (why: string) => ToolResult,
): PersonResult {
  const question = approvalQuestion(approval, problem);
  if (!question.ok) return noForm(`No form was shown: ${question.error}.`);
  return { inputNeeded: { questions: [question.value], resume: { ...resume, asked: [question.value.key] } } };
}

interface Resume {
  tool: string;
  executionArn: string;
  asked: string[];
}

function resumeOf(value: Record<string, unknown> | undefined): Resume | undefined {
  if (!value || typeof value.tool !== 'string' || typeof value.executionArn !== 'string') return undefined;
  const asked = Array.isArray(value.asked)
    ? value.asked.filter((k): k is string => typeof k === 'string')
    : [];
  return { tool: value.tool, executionArn: value.executionArn, asked };
}

/** A call coming back with the person's answers: hand them to the workflow, then wait on. */
async function resumeWait(
  shared: BridgeShared,
  name: string,
  ctx: CallContext,
  run: RunOptions,
): Promise<PersonResult> {
  const resume = resumeOf(ctx.resume);
  if (!resume || resume.tool !== name)
    return refusalResult(
      `Refused: the call's requestState does not belong to ${name}. Call it again without requestState.`,
    );
  const check = checkExecutionArn(resume.executionArn, visibleTo(await shared.machineTools(), ctx));
  if (!check.ok || (name !== RESULT_TOOL && check.value.tool.name !== name))
    return refusalResult(check.ok ? 'Refused: the execution does not belong to this tool.' : check.error);
  const { executionArn, tool } = check.value;
  if (ctx.canAsk) {
    const handed = await handAnswers(shared, resume, ctx);
    if (handed) return handed;
  }
  const watch = await watchFor(shared, tool);
  const result = await getExecutionResult(
    shared.clients,
    [tool],
    { executionArn },
    {
      ...run,
      ...(watch.interrupt ? { interrupt: watch.interrupt } : {}),
      maxWaitSeconds: shared.config.waitBudgetSeconds,
    },
  );
  return afterWait(shared, name, result, watch.found(), ctx);
}

/**
 * Sends each asked approval's answer (those still pending). Returns what to answer instead of waiting:
 * the question again (no answer, or one the answer schema refuses), or the AWS error that kept the
 * answer from the workflow.
 */
async function handAnswers(
  shared: BridgeShared,
  resume: Resume,
  ctx: CallContext,
): Promise<PersonResult | undefined> {
  const { executionArn } = resume;
  const log = shared.log;
  let pending: PendingApproval[];
  try {
    pending = await readPendingApprovals(shared.clients.sfn, executionArn, ctx.signal);
  } catch (err) {
    log.warn({ err, executionArn }, 'could not read the history to hand over an answer');
    return refusalResult(
      `Could not read execution "${executionArn}" to hand over the answer; call again to retry.`,
    );
  }
  const noForm = (why: string): ToolResult => refusalResult(why);
  for (const key of resume.asked) {
    const approval = pending.find((a) => approvalKey(a) === key);
    if (!approval) continue; // answered elsewhere, timed out or stopped meanwhile
    const answer = ctx.answers?.[key];
    if (!answer) return askApproval(approval, resume, undefined, noForm);
    const content = answer.action === 'accept' ? checkAnswer(approval.schema, answer.content) : undefined;
    if (content && !content.ok) return askApproval(approval, resume, content.error, noForm);
    const decision = decisionOf(answer, content?.ok ? content.value : {});
    const sent = await sendDecision(shared.clients.sfn, approval, decision, {
      log,
      executionArn,
      signal: ctx.signal,
    });
    if (!sent.ok)
      return refusalResult(
        `${sent.error} Execution "${executionArn}" still waits at state "${approval.state}".`,
      );
  }
  return undefined;
}
