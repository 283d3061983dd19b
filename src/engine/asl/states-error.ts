/**
 * A Step Functions runtime error: what Retry and Catch match on (`error`, AWS's name such as `States.Runtime`)
 * and the text AWS reports with it (`cause`). The expression modules throw it; the interpreter turns it into
 * history events and the `{Error, Cause}` error output.
 */

/** AWS's predefined error names (concepts-error-handling in the Step Functions developer guide). */
export const STATES_ERRORS = [
  'States.ALL',
  'States.BranchFailed',
  'States.DataLimitExceeded',
  'States.ExceedToleratedFailureThreshold',
  'States.HeartbeatTimeout',
  'States.IntrinsicFailure',
  'States.ItemReaderFailed',
  'States.NoChoiceMatched',
  'States.ParameterPathFailure',
  'States.Permissions',
  'States.QueryEvaluationError',
  'States.ResultPathMatchFailure',
  'States.ResultWriterFailed',
  'States.Runtime',
  'States.TaskFailed',
  'States.Timeout',
] as const;

export type StatesErrorName = (typeof STATES_ERRORS)[number];

export class StatesError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
    this.name = 'StatesError';
  }
}

/** The `{Error, Cause}` object a Catcher passes on, as AWS builds it. */
export function errorOutput(err: StatesError): { Error: string; Cause: string } {
  return { Error: err.error, Cause: err.cause };
}
