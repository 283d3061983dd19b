/** AWS and network errors as tool results an agent or operator can act on, and as log lines. */
import type { Logger } from '../log.js';
import { awsErrorFamily, awsErrorInfo, messageIsLoggable } from '../aws/errors.js';
import type { ToolCallResult } from './types.js';
import { RESULT_TOOL } from './results.js';

/** What to do about it, for the agent (retry, change the call) or the operator (permissions, configuration). */
export function adviceFor(name: string, operation: string): string {
  switch (awsErrorFamily(name)) {
    case 'access':
      return `The server's AWS credentials may not call ${operation} on this state machine: the operator should check the credentials and the IAM policy. Retrying will not help.`;
    case 'throttling':
      return 'AWS is throttling requests even after retries: wait a few seconds, then call again.';
    case 'network':
      return 'Step Functions could not be reached: check the network or endpoint, then call again.';
  }
  switch (name) {
    case 'StateMachineDoesNotExist':
    case 'StateMachineDeleting':
    case 'ResourceNotFound':
      return 'The state machine no longer exists (deleted or renamed since the tool list was read). Do not retry: the server re-reads its tool list now, and the tool will disappear from it.';
    case 'ExecutionLimitExceeded':
      return 'The account has too many running executions: wait for some to finish, then call again.';
    case 'ExecutionAlreadyExists':
      return 'An execution with this name already exists: call again (each call uses a new name).';
    case 'InvalidExecutionInput':
      return 'Step Functions rejected the input: change the arguments and call again.';
    case 'ExecutionDoesNotExist':
      return 'The execution is unknown: check the executionArn.';
    case 'InvalidArn':
    case 'ValidationException':
      return 'The request was rejected as invalid: the operator should check the state machine ARN in the configuration.';
    case 'StateMachineTypeNotSupported':
      return 'This call does not match the state machine type; the operator should check the machine.';
    case 'KmsInvalidStateException':
      return "The state machine's KMS key is not usable: the operator should check the key.";
  }
  return 'Call again later; if it keeps failing, the operator should check the server logs.';
}

/** `AWS error in StartExecution: StateMachineDoesNotExist: ...` plus advice, and the execution when there is one. */
export function awsErrorResult(
  err: unknown,
  ctx: { operation: string; executionArn?: string; status?: string },
): ToolCallResult {
  const info = awsErrorInfo(err);
  let t = `AWS error in ${ctx.operation}: ${info.name}: ${info.message}\n${adviceFor(info.name, ctx.operation)}`;
  if (ctx.executionArn) {
    t += `\nExecution "${ctx.executionArn}" was started and may still be running. To get its result later, call ${RESULT_TOOL} with executionArn "${ctx.executionArn}".`;
  }
  return {
    content: [{ type: 'text', text: t }],
    isError: true,
    _meta: {
      awsError: info.name,
      ...(ctx.executionArn ? { executionArn: ctx.executionArn } : {}),
      ...(ctx.executionArn && ctx.status ? { status: ctx.status } : {}),
    },
  };
}

/**
 * One log line per failed AWS call (a warning unless `level` says otherwise): the error name, status
 * and request id, and the message only when it cannot quote the execution input. Not the error object
 * under `err`: the SDK's error for a refused input carries the input in its message.
 */
export function logAwsError(
  log: Logger,
  err: unknown,
  fields: Record<string, unknown>,
  level: 'warn' | 'debug' = 'warn',
): void {
  const info = awsErrorInfo(err);
  log[level](
    {
      ...fields,
      error: info.name,
      ...(messageIsLoggable(info.name) ? { message: info.message } : {}),
      httpStatus: info.httpStatus,
      requestId: info.requestId,
    },
    'AWS call failed',
  );
}
