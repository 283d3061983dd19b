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
/**
 * AWS refused the request for its rate before acting on it: nothing ran, so an Express call is sent again
 * for these (and only these; docs/long-runs.md lists them). Not KmsThrottlingException: it reports a KMS
 * call that Step Functions makes on the caller's behalf, which can come during a run (the run's data is
 * encrypted as it goes), so it does not prove that nothing ran.
 */
export const EXPRESS_RETRIED_ERRORS: readonly string[] = [
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
];
const THROTTLED_BEFORE_RUN = new Set(EXPRESS_RETRIED_ERRORS);
const THROTTLE = new Set([...THROTTLED_BEFORE_RUN, 'KmsThrottlingException']);
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

/**
 * Raised before the request left: the connection was never made (refused, no such host, DNS failure), or
 * the request could not be signed because no credentials were found.
 */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'CredentialsProviderError']);
const SERVER_FAULT = new Set(['InternalFailure', 'ServiceUnavailable', 'InternalServerError']);
/** Names the SDK gives an error answer whose error code it could not read: no service error code. */
const NO_SERVICE_CODE = new Set(['Error', 'Unknown', 'UnknownError', 'SyntaxError', 'TypeError']);

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
  return THROTTLED_BEFORE_RUN.has(awsErrorInfo(err).name) && !mayHaveTakenEffect(err);
}

/**
 * Whether the request may have been carried out although no usable answer arrived. False only with
 * proof that nothing ran: throttling; a 4xx answer with a service error code (the service read the
 * request and refused it), except KmsThrottlingException (see THROTTLED_BEFORE_RUN); or a request that
 * never left (connection refused, host not found, DNS failure, no credentials). Everything else may
 * have run: a 5xx, any 2xx (the service answered, so it acted; the connection broke while the body was
 * read, or the body could not be parsed: the SDK then puts httpStatusCode 200 on a network error or a
 * SyntaxError), a network failure once the connection was made (reset, time-out), and anything unknown.
 */
export function mayHaveTakenEffect(err: unknown): boolean {
  const info = awsErrorInfo(err);
  const status = info.httpStatus;
  if (status === undefined) return !(NOT_SENT.has(info.name) || THROTTLED_BEFORE_RUN.has(info.name));
  if (status < 400 || status >= 500) return true;
  if (status === 429 || THROTTLED_BEFORE_RUN.has(info.name)) return false;
  return !hasServiceErrorCode(err, info.name);
}

/**
 * The SDK read an error code from the service's answer: its service exceptions carry `$fault`, and the
 * name is the code (not a placeholder for an unreadable answer, nor the bare status code).
 */
function hasServiceErrorCode(err: unknown, name: string): boolean {
  const fault = (err as { $fault?: unknown } | null | undefined)?.$fault;
  if (fault !== 'client' && fault !== 'server') return false;
  if (NO_SERVICE_CODE.has(name) || NETWORK.has(name) || /^\d+$/.test(name)) return false;
  return name !== 'KmsThrottlingException';
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
