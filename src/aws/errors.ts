/**
 * What an AWS SDK (or network) error says, read one way for the whole server: the catalogue's
 * warnings and the execution layer's results and logs. Pure.
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
