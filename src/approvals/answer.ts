/**
 * Answering an approval: SendTaskSuccess with the person's answer, or SendTaskFailure with an error
 * the workflow can Catch. Tokens, answers and causes never reach a log line.
 */
import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { awsErrorFamily, awsErrorInfo } from '../aws/errors.js';
import type { Logger } from '../log.js';
import { fail, ok, type Result } from '../result.js';
import type { PendingApproval } from './convention.js';

/** The tool with which the agent answers an approval itself, served only when the operator allows it. */
export const ANSWER_TOOL = 'answer_approval';

/** The person declined the request (the form's decline). */
export const DECLINED_ERROR = 'mcp.Declined';
/** The person closed the request without deciding (the form's cancel). */
export const CANCELLED_ERROR = 'mcp.Cancelled';

/** Who decided: the person at the client, or the agent when the operator allows it. */
export type Decider = 'person' | 'agent';

export type Decision =
  | { action: 'accept'; answer: Record<string, unknown>; by: Decider }
  | { action: 'decline' | 'cancel'; by: Decider };

/**
 * `sent`: Step Functions took the answer. `closed`: the Task no longer waits (answered elsewhere, timed
 * out, or its execution stopped), so nothing changed.
 */
export type Delivery = 'sent' | 'closed';

/** Errors that mean the token is no longer waiting for an answer. */
const CLOSED = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export function failureOf(decision: Decision): { error: string; cause: string } {
  const who = decision.by === 'agent' ? 'The agent' : 'The person';
  if (decision.action === 'cancel')
    return { error: CANCELLED_ERROR, cause: `${who} closed the request in the MCP client without deciding.` };
  return {
    error: DECLINED_ERROR,
    cause:
      decision.by === 'agent'
        ? 'The agent declined the request (the operator lets agents answer approvals).'
        : 'The person declined the request in the MCP client.',
  };
}

/** Sends the decision for one pending approval; the refusal says what went wrong and what to do. */
export async function sendDecision(
  sfn: Pick<SFNClient, 'send'>,
  approval: PendingApproval,
  decision: Decision,
  ctx: { log: Logger; executionArn: string; signal?: AbortSignal },
): Promise<Result<Delivery>> {
  const operation = decision.action === 'accept' ? 'SendTaskSuccess' : 'SendTaskFailure';
  const options = { abortSignal: ctx.signal };
  try {
    if (decision.action === 'accept') {
      const output = JSON.stringify(decision.answer);
      await sfn.send(new SendTaskSuccessCommand({ taskToken: approval.token, output }), options);
    } else {
      await sfn.send(
        new SendTaskFailureCommand({ taskToken: approval.token, ...failureOf(decision) }),
        options,
      );
    }
    ctx.log.info(
      { executionArn: ctx.executionArn, state: approval.state, action: decision.action, by: decision.by },
      'approval answered',
    );
    return ok('sent');
  } catch (err) {
    const { name, httpStatus, requestId } = awsErrorInfo(err);
    // By name only: the message of a refused output may quote the answer.
    ctx.log.warn(
      { executionArn: ctx.executionArn, operation, error: name, httpStatus, requestId },
      'AWS call failed',
    );
    if (CLOSED.has(name)) return ok('closed');
    const advice =
      awsErrorFamily(name) === 'access'
        ? `the server's AWS credentials may not call ${operation} (states:${operation}): the operator should check the IAM policy`
        : 'try again later; if it keeps failing, the operator should check the server logs';
    return fail(`AWS error in ${operation}: ${name}; ${advice}.`);
  }
}
