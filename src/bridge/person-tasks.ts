/**
 * MCP tasks with a person in them. A task whose execution waits for an approval is `input_required`
 * with the question (for a client that can answer; `working` with the same status message otherwise).
 * 2026-07-28 clients answer with tasks/update (answerTaskApprovals); 2025-11-25 clients get the form
 * pushed while tasks/result waits (awaitWithPerson).
 */
import {
  approvalWatch,
  checkAnswer,
  readPendingApprovals,
  sendDecision,
  waitingReason,
  type PendingApproval,
} from '../approvals/index.js';
import type { MachineTool } from '../catalog/types.js';
import type { RunOptions, SnapshotOutcome } from '../execution/index.js';
import {
  TaskRequestError,
  type Answer,
  type Question,
  type TaskCallContext,
  type TaskState,
} from '../mcp/provider.js';
import { approvalKey, approvalQuestion, decisionOf } from './questions.js';
import type { BridgeShared } from './shared.js';

/** What stops a wait at an approval (src/execution/wait.ts `interrupt`). */
export type WaitInterrupt = ReturnType<NonNullable<RunOptions['interrupt']>>;

/** The oldest approval the execution waits for, read once (waiting for the history pacer's turn). */
async function pendingApproval(
  shared: BridgeShared,
  tool: MachineTool,
  executionArn: string,
  signal: AbortSignal,
): Promise<PendingApproval | undefined> {
  if (!(await shared.callbacks.mayWait(tool))) return undefined;
  try {
    await shared.statePacer.acquire(signal);
    return (await readPendingApprovals(shared.clients.sfn, executionArn, signal))[0];
  } catch (err) {
    shared.log.debug({ err, executionArn }, 'could not read the history for approvals');
    return undefined;
  }
}

/** A working task, told whether its execution waits for a person (and asked, for a client that can answer). */
export async function withApprovalState(
  shared: BridgeShared,
  tool: MachineTool,
  executionArn: string,
  state: TaskState,
  ctx: TaskCallContext,
): Promise<TaskState> {
  if (state.status !== 'working') return state;
  const approval = await pendingApproval(shared, tool, executionArn, ctx.signal);
  if (!approval) return state;
  const statusMessage = `${state.statusMessage}, ${waitingReason(approval)}: ${approval.message}`;
  const question = ctx.canAsk ? approvalQuestion(approval) : undefined;
  if (!question?.ok) return { ...state, statusMessage };
  return { ...state, status: 'input_required', statusMessage, questions: [question.value] };
}

/**
 * tasks/result on 2025-11-25 for a client that can answer: waits, and at each approval the execution
 * waits for, asks on the request (`ctx.ask`) and hands the answer over, until the execution ends.
 */
export async function awaitWithPerson(
  shared: BridgeShared,
  tool: MachineTool,
  executionArn: string,
  ctx: TaskCallContext,
  wait: (interrupt?: WaitInterrupt) => Promise<SnapshotOutcome>,
): Promise<SnapshotOutcome> {
  const ask = ctx.ask;
  if (!ask || !(await shared.callbacks.mayWait(tool))) return wait();
  for (;;) {
    let found: PendingApproval | undefined;
    const watch = approvalWatch({
      sfn: shared.clients.sfn,
      log: shared.log,
      pacer: shared.statePacer,
      found: (a) => (found = a),
    });
    const outcome = await wait(watch(executionArn));
    if (outcome.ok || outcome.error.reason !== 'interrupted' || !found) return outcome;
    await askUntilAnswered(shared, found, executionArn, ask, ctx.signal);
  }
}

/** Asks one approval until the answer fits its schema, then hands it over. Throws TaskRequestError. */
async function askUntilAnswered(
  shared: BridgeShared,
  approval: PendingApproval,
  executionArn: string,
  ask: (q: Question) => Promise<Answer>,
  signal: AbortSignal,
): Promise<void> {
  for (let problem: string | undefined; ;) {
    const question = approvalQuestion(approval, problem);
    if (!question.ok)
      throw new TaskRequestError('unavailable', `The task waits for a person, but ${question.error}.`);
    let answer: Answer;
    try {
      answer = await ask(question.value);
    } catch (err) {
      shared.log.info({ err, executionArn }, 'the approval form was not answered');
      throw new TaskRequestError(
        'unavailable',
        `The approval form got no answer (${String(err)}); the task still waits.`,
      );
    }
    const content = answer.action === 'accept' ? checkAnswer(approval.schema, answer.content) : undefined;
    if (content && !content.ok) {
      problem = content.error;
      continue;
    }
    await handOver(shared, approval, executionArn, answer, content?.ok ? content.value : {}, signal);
    return;
  }
}

async function handOver(
  shared: BridgeShared,
  approval: PendingApproval,
  executionArn: string,
  answer: Answer,
  content: Record<string, unknown>,
  signal: AbortSignal,
): Promise<void> {
  const sent = await sendDecision(shared.clients.sfn, approval, decisionOf(answer, content), {
    log: shared.log,
    executionArn,
    signal,
  });
  if (!sent.ok) throw new TaskRequestError('unavailable', sent.error);
}

/**
 * tasks/update on 2026-07-28: hands over each answer whose key names an approval the execution still
 * waits for; other keys are ignored. An accepted answer that its schema refuses is an invalid request.
 */
export async function answerTaskApprovals(
  shared: BridgeShared,
  executionArn: string,
  answers: Record<string, Answer>,
  ctx: TaskCallContext,
): Promise<void> {
  if (Object.keys(answers).length === 0) return;
  let pending: PendingApproval[];
  try {
    pending = await readPendingApprovals(shared.clients.sfn, executionArn, ctx.signal);
  } catch (err) {
    shared.log.warn({ err, executionArn }, 'could not read the history to hand over an answer');
    throw new TaskRequestError(
      'unavailable',
      'Could not read the execution to hand over the answer; try again.',
    );
  }
  for (const approval of pending) {
    const answer = answers[approvalKey(approval)];
    if (!answer) continue;
    const content = answer.action === 'accept' ? checkAnswer(approval.schema, answer.content) : undefined;
    if (content && !content.ok)
      throw new TaskRequestError(
        'invalid',
        `The answer to ${approvalKey(approval)} does not fit its form: ${content.error}`,
      );
    await handOver(shared, approval, executionArn, answer, content?.ok ? content.value : {}, ctx.signal);
  }
}
