import { readFile } from 'node:fs/promises';
import { InvalidExecutionInput, KmsThrottlingException, SFNServiceException } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import {
  THROTTLING_ERRORS,
  awsErrorFamily,
  awsErrorInfo,
  awsErrorText,
  isThrottling,
  isTransient,
  mayHaveTakenEffect,
} from '../../src/aws/errors.js';

/** An error shaped like the AWS SDK's service exceptions. */
function serviceError(name: string, message: string, httpStatusCode: number): Error {
  const err = new Error(message);
  err.name = name;
  Object.assign(err, { $metadata: { httpStatusCode, requestId: 'req-1' } });
  return err;
}

describe('AWS errors, read one way by the catalogue and the execution layer', () => {
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

describe('error families', () => {
  it('sort names into access, throttling, network and server faults', () => {
    expect(awsErrorFamily('AccessDeniedException')).toBe('access');
    expect(awsErrorFamily('CredentialsProviderError')).toBe('access');
    expect(awsErrorFamily('ThrottlingException')).toBe('throttling');
    expect(awsErrorFamily('KmsThrottlingException')).toBe('throttling');
    expect(awsErrorFamily('ECONNRESET')).toBe('network');
    expect(awsErrorFamily('InternalFailure')).toBe('server');
    expect(awsErrorFamily('StateMachineDoesNotExist')).toBeUndefined();
  });

  it('call throttling, network trouble and 5xx answers transient, and nothing else', () => {
    const named = (name: string, httpStatusCode?: number): Error =>
      Object.assign(new Error('m'), {
        name,
        ...(httpStatusCode !== undefined ? { $metadata: { httpStatusCode } } : {}),
      });
    expect(isTransient(named('TooManyRequestsException', 400))).toBe(true);
    expect(isTransient(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(named('ServiceUnavailable', 503))).toBe(true);
    expect(isTransient(named('SomethingNew', 502))).toBe(true);
    expect(isTransient(named('InvalidExecutionInput', 400))).toBe(false);
    expect(isTransient(named('ExecutionAlreadyExists', 400))).toBe(false);
  });
});

describe('what an AWS error proves about a request', () => {
  // Built the way the SDK builds them (checked against @smithy/core and a real SFNClient):
  // - an error answer with a readable code: a service exception with $fault and $metadata;
  const $metadata = (httpStatusCode?: number) => ({
    ...(httpStatusCode !== undefined ? { httpStatusCode } : {}),
    requestId: 'rid',
    attempts: 1,
    totalRetryDelay: 0,
  });
  const serviceError = (name: string, httpStatusCode = 400): Error =>
    new SFNServiceException({ name, $fault: 'client', $metadata: $metadata(httpStatusCode), message: 'm' });
  // - a failure after the answer's status line arrived (the deserializer middleware adds $metadata with
  //   the status to whatever was thrown: a broken connection while reading the body, an unparseable body);
  const afterStatus = (err: Error, httpStatusCode: number): Error =>
    Object.assign(err, { $metadata: $metadata(httpStatusCode) });
  // - a network error before any answer: Node's Error with a `code`, and $metadata without a status.
  const networkError = (code: string, name?: string): Error =>
    Object.assign(new Error(`connect ${code}`), { code, $metadata: $metadata(), ...(name ? { name } : {}) });

  it('throttling proves nothing ran, and is the only error an Express call is sent again for', () => {
    for (const name of THROTTLING_ERRORS) {
      expect(isThrottling(serviceError(name)), name).toBe(true);
      expect(mayHaveTakenEffect(serviceError(name)), name).toBe(false);
    }
    expect(mayHaveTakenEffect(serviceError('SlowDown', 429))).toBe(false);
    expect(isThrottling(serviceError('InternalFailure', 500))).toBe(false);
  });

  it('KmsThrottlingException does not prove nothing ran: not sent again, reported as may have run', () => {
    const kms = new KmsThrottlingException({ $metadata: $metadata(400), message: 'm' });
    expect(kms.$fault).toBe('client');
    expect(isThrottling(kms)).toBe(false);
    expect(mayHaveTakenEffect(kms)).toBe(true);
    expect(THROTTLING_ERRORS).not.toContain('KmsThrottlingException');
  });

  it('a 4xx with a service error code, or a request that never left, proves nothing ran', () => {
    expect(mayHaveTakenEffect(new InvalidExecutionInput({ $metadata: $metadata(400), message: 'm' }))).toBe(
      false,
    );
    expect(mayHaveTakenEffect(serviceError('AccessDeniedException'))).toBe(false);
    expect(mayHaveTakenEffect(serviceError('StateMachineDoesNotExist'))).toBe(false);
    expect(mayHaveTakenEffect(networkError('ECONNREFUSED'))).toBe(false);
    expect(mayHaveTakenEffect(networkError('ENOTFOUND'))).toBe(false);
    expect(mayHaveTakenEffect(networkError('EAI_AGAIN'))).toBe(false);
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(mayHaveTakenEffect(noCredentials)).toBe(false);
  });

  it('a 2xx answer whose body broke off or could not be parsed may have run', () => {
    // The brief's shape, as a plain object and as an Error named after the code.
    expect(mayHaveTakenEffect({ name: 'ECONNRESET', $metadata: { httpStatusCode: 200 } })).toBe(true);
    expect(mayHaveTakenEffect(afterStatus(Object.assign(new Error('x'), { name: 'ECONNRESET' }), 200))).toBe(
      true,
    );
    // What the SDK throws when the connection resets while the 200 body is read ...
    expect(
      mayHaveTakenEffect(afterStatus(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), 200)),
    ).toBe(true);
    // ... and when the 200 body is not JSON.
    expect(
      mayHaveTakenEffect(afterStatus(new SyntaxError('Unterminated string in JSON at position 20'), 200)),
    ).toBe(true);
    // Even a never-sent code or a throttling name cannot undo a 2xx answer.
    expect(mayHaveTakenEffect(afterStatus(networkError('ECONNREFUSED'), 200))).toBe(true);
    expect(
      isThrottling(afterStatus(Object.assign(new Error('x'), { name: 'ThrottlingException' }), 200)),
    ).toBe(false);
  });

  it('a 5xx, a connection broken after sending, an error answer without a code, or anything unknown may have run', () => {
    expect(mayHaveTakenEffect(serviceError('InternalFailure', 500))).toBe(true);
    expect(mayHaveTakenEffect(serviceError('ServiceUnavailable', 503))).toBe(true);
    expect(mayHaveTakenEffect(afterStatus(new SyntaxError("Unexpected token '<'"), 503))).toBe(true);
    expect(mayHaveTakenEffect(networkError('ECONNRESET'))).toBe(true);
    expect(mayHaveTakenEffect(networkError('ECONNRESET', 'TimeoutError'))).toBe(true); // socket hang up
    expect(mayHaveTakenEffect(networkError('ETIMEDOUT'))).toBe(true);
    expect(mayHaveTakenEffect(networkError('EPIPE'))).toBe(true);
    // A 4xx whose code the SDK could not read (an HTML page from a proxy, an empty body).
    expect(mayHaveTakenEffect(afterStatus(new SyntaxError("Unexpected token '<'"), 400))).toBe(true);
    expect(mayHaveTakenEffect(serviceError('Unknown'))).toBe(true);
    expect(mayHaveTakenEffect(serviceError('403', 403))).toBe(true);
    expect(mayHaveTakenEffect(new Error('something else'))).toBe(true);
    expect(mayHaveTakenEffect('a string')).toBe(true);
    expect(mayHaveTakenEffect(undefined)).toBe(true);
  });

  it('docs/long-runs.md lists exactly the errors an Express call is sent again for', async () => {
    const doc = await readFile(new URL('../../docs/long-runs.md', import.meta.url), 'utf8');
    const listed = /request again only when AWS throttled it \(([^)]*)\)/.exec(doc.replace(/\s+/g, ' '));
    expect(listed, 'the sentence naming the retried errors').not.toBeNull();
    const names = [...listed![1]!.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]);
    expect(names.sort()).toEqual([...THROTTLING_ERRORS].sort());
  });
});
