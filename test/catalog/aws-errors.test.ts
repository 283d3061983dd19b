import { describe, expect, it } from 'vitest';
import { awsErrorInfo, awsErrorText } from '../../src/aws/errors.js';
import { awsErrorText as fromCatalog } from '../../src/catalog/index.js';
import { awsErrorInfo as fromExecution } from '../../src/execution/awsErrors.js';

/** An error shaped like the AWS SDK's service exceptions. */
function serviceError(name: string, message: string, httpStatusCode: number): Error {
  const err = new Error(message);
  err.name = name;
  Object.assign(err, { $metadata: { httpStatusCode, requestId: 'req-1' } });
  return err;
}

describe('AWS errors, read one way by the catalogue and the execution layer', () => {
  it('is one implementation', () => {
    expect(fromExecution).toBe(awsErrorInfo);
    expect(fromCatalog).toBe(awsErrorText);
  });

  it('names a service error and keeps its status and request id', () => {
    const err = serviceError('AccessDeniedException', 'User x is not authorized', 400);
    expect(awsErrorInfo(err)).toEqual({
      name: 'AccessDeniedException',
      message: 'User x is not authorized',
      httpStatus: 400,
      requestId: 'req-1',
    });
    expect(awsErrorText(err)).toBe('AccessDeniedException: User x is not authorized');
  });

  it('names a network error by its code in the catalogue warning too', () => {
    const err = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(awsErrorInfo(err).name).toBe('ECONNRESET');
    expect(awsErrorText(err)).toBe('ECONNRESET: socket hang up');
    // The name is not repeated when the message already says it.
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(awsErrorText(refused)).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });

  it('reads plain errors and non-errors', () => {
    expect(awsErrorText(new Error('boom'))).toBe('boom');
    expect(awsErrorText('boom')).toBe('boom');
    expect(awsErrorInfo('boom')).toEqual({ name: 'UnknownError', message: 'boom' });
  });
});
