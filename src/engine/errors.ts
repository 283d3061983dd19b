/**
 * An error answered to the client in AWS's shape. The HTTP layer renders it
 * per protocol: `{__type, message}` for Step Functions (JSON 1.0) and
 * `{Code, Message}` for EventBridge Schemas (REST JSON).
 */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const sfnError = {
  invalidArn: (arn: string, what: string, why?: string): ApiError =>
    new ApiError('InvalidArn', `Invalid Arn: '${arn}' is not a valid ${what} ARN${why ? ` (${why})` : ''}`),
  machineDoesNotExist: (arn: string): ApiError =>
    new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  executionDoesNotExist: (arn: string): ApiError =>
    new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`),
  resourceNotFound: (arn: string): ApiError =>
    new ApiError('ResourceNotFound', `Resource not found: '${arn}'`),
  validation: (message: string): ApiError => new ApiError('ValidationException', message),
  serialization: (message: string): ApiError => new ApiError('SerializationException', message),
};

export const schemasError = {
  notFound: (message: string): ApiError => new ApiError('NotFoundException', message, 404),
  badRequest: (message: string): ApiError => new ApiError('BadRequestException', message, 400),
  conflict: (message: string): ApiError => new ApiError('ConflictException', message, 409),
};
