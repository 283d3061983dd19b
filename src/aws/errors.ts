/**
 * What an AWS SDK (or network) error says, read one way for the whole server: its name, message, status
 * and request id, and what it proves about the request (worth another try, throttled before anything
 * ran, may have taken effect). The catalogue's warnings, the execution layer's results and logs, and the
 * sync client's retry strategy (src/aws/clients.ts) all read errors here. Pure.
 */

export interface AwsErrorInfo {
  name: string;
  message: string;
  httpStatus?: number;
  requestId?: string;
}

export function awsErrorInfo(err: unknown): AwsErrorInfo {
  if (err instanceof Error) {
    const meta = (err as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata;
    const code = (err as { code?: unknown }).code;
    // Network errors come as plain Errors with a `code` such as ECONNREFUSED.
    const name = err.name === 'Error' && typeof code === 'string' ? code : err.name;
    return {
      name,
      message: err.message,
      ...(meta?.httpStatusCode !== undefined ? { httpStatus: meta.httpStatusCode } : {}),
      ...(meta?.requestId ? { requestId: meta.requestId } : {}),
    };
  }
  return { name: 'UnknownError', message: String(err) };
}

/**
 * One line for a warning: `AccessDeniedException: User ... is not authorized ...`, never the
 * request itself. The name is left out when the message already says it.
 */
export function awsErrorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { name, message } = awsErrorInfo(err);
  if (!name || name === 'Error') return message;
  if (!message) return name;
  return message.includes(name) ? message : `${name}: ${message}`;
}

/**
 * AWS refused the request for its rate before acting on it: nothing ran, so these (and only these) are
 * retried by the StartSyncExecution client (docs/long-runs.md lists them). Not KmsThrottlingException:
 * it reports a KMS call that Step Functions makes on the caller's behalf, which can come during a run
 * (the run's data is encrypted as it goes), so it does not prove that nothing ran.
 */
export const THROTTLING_ERRORS: readonly string[] = [
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  // The Resource Groups Tagging API's.
  'ThrottledException',
];
const THROTTLED_BEFORE_RUN = new Set(THROTTLING_ERRORS);
const THROTTLE = new Set([...THROTTLING_ERRORS, 'KmsThrottlingException']);
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

/**
 * The family an error name belongs to: `access` (credentials or permissions), `throttling` (any rate
 * refusal, KmsThrottlingException included), `network` (the service could not be reached or did not
 * answer in time), `server` (a 5xx fault); undefined for anything else (a service error about the request).
 */
export type AwsErrorFamily = 'access' | 'throttling' | 'network' | 'server';

export function awsErrorFamily(name: string): AwsErrorFamily | undefined {
  if (ACCESS.has(name)) return 'access';
  if (THROTTLE.has(name)) return 'throttling';
  if (NETWORK.has(name)) return 'network';
  if (SERVER_FAULT.has(name)) return 'server';
  return undefined;
}

/** A passing failure (throttling, network trouble, a 5xx answer): the same request may well succeed later. */
export function isTransient(err: unknown): boolean {
  const info = awsErrorInfo(err);
  const family = awsErrorFamily(info.name);
  if (family === 'throttling' || family === 'network' || family === 'server') return true;
  return info.httpStatus !== undefined && info.httpStatus >= 500;
}

/** AWS refused the request for its rate before doing anything: trying again cannot do anything twice. */
export function isThrottling(err: unknown): boolean {
  return THROTTLED_BEFORE_RUN.has(awsErrorInfo(err).name) && !mayHaveTakenEffect(err);
}

/**
 * Whether the request may have been carried out although no usable answer arrived. False only with
 * proof that nothing ran: throttling; a 4xx answer with a service error code (the service read the
 * request and refused it), except KmsThrottlingException (see THROTTLING_ERRORS); or a request that
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

/** Errors whose message may quote the request's input: to be logged by name only. */
export function messageIsLoggable(name: string): boolean {
  return name !== 'InvalidExecutionInput' && name !== 'ValidationException';
}
