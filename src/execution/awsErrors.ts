/** AWS and network errors as results an agent or operator can act on, and as log lines. */
import type { Logger } from '../log.js';
import type { ToolCallResult } from './types.js';
import { RESULT_TOOL } from './results.js';
import { awsErrorInfo } from '../aws/errors.js';

export { awsErrorInfo, type AwsErrorInfo } from '../aws/errors.js';

const ACCESS = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'ExpiredToken',
  'InvalidClientTokenId',
  'CredentialsProviderError',
  'KmsAccessDeniedException',
]);
const THROTTLE = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'KmsThrottlingException',
  'RequestLimitExceeded',
]);
const NETWORK = new Set([
  'TimeoutError',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'RequestTimeout',
]);

/** Network errors raised before the request left: the connection was never made. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const SERVER_FAULT = new Set(['InternalFailure', 'ServiceUnavailable', 'InternalServerError']);

/** What to do about it, for the agent (retry, change the call) or the operator (permissions, configuration). */
export function adviceFor(name: string, operation: string): string {
  if (ACCESS.has(name)) {
    return `The server's AWS credentials may not call ${operation} on this state machine: the operator should check the credentials and the IAM policy. Retrying will not help.`;
  }
  if (THROTTLE.has(name))
    return 'AWS is throttling requests even after retries: wait a few seconds, then call again.';
  if (NETWORK.has(name))
    return 'Step Functions could not be reached: check the network or endpoint, then call again.';
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
 * Worth another try after the SDK's own retries gave up (its per-client retry quota can run dry under
 * sustained throttling): throttling, network trouble and server-side 5xx answers.
 */
export function isTransient(err: unknown): boolean {
  const info = awsErrorInfo(err);
  if (THROTTLE.has(info.name) || NETWORK.has(info.name) || SERVER_FAULT.has(info.name)) return true;
  return info.httpStatus !== undefined && info.httpStatus >= 500;
}

/** AWS refused the request for its rate before doing anything: trying again cannot do anything twice. */
export function isThrottling(err: unknown): boolean {
  return THROTTLE.has(awsErrorInfo(err).name);
}

/**
 * The request may have been carried out although no answer arrived: a 5xx answer (the service failed
 * after or while acting, or the answer was lost) or a network failure once the connection was made
 * (reset, time-out). False for answers that prove nothing was done (4xx) and for connections never made.
 */
export function mayHaveTakenEffect(err: unknown): boolean {
  const info = awsErrorInfo(err);
  if (SERVER_FAULT.has(info.name)) return true;
  if (info.httpStatus !== undefined) return info.httpStatus >= 500;
  return NETWORK.has(info.name) && !NOT_SENT.has(info.name);
}

/** One warning per failed AWS call: the error name, status and request id; the message only when it cannot quote the input. */
export function logAwsError(log: Logger, err: unknown, fields: Record<string, unknown>): void {
  const info = awsErrorInfo(err);
  log.warn(
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

/** Errors whose message may quote the input: logged by name only. */
export function messageIsLoggable(name: string): boolean {
  return name !== 'InvalidExecutionInput' && name !== 'ValidationException';
}
