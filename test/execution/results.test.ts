import { describe, expect, it } from 'vitest';
import {
  cancelledResult,
  failureResult,
  failureSummary,
  outcomeResult,
  stillRunningResult,
  successResult,
} from '../../src/execution/results.js';
import { readFile } from 'node:fs/promises';
import { InvalidExecutionInput, KmsThrottlingException, SFNServiceException } from '@aws-sdk/client-sfn';
import {
  EXPRESS_RETRIED_ERRORS,
  awsErrorResult,
  isThrottling,
  mayHaveTakenEffect,
} from '../../src/execution/awsErrors.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:Orders:mcp-1';

describe('success', () => {
  it('returns object output as compact text and structuredContent', () => {
    const r = successResult({ executionArn: ARN, status: 'SUCCEEDED', output: '{ "id": 1,\n "ok": true }' });
    expect(r).toEqual({
      content: [{ type: 'text', text: '{"id":1,"ok":true}' }],
      structuredContent: { id: 1, ok: true },
      _meta: { executionArn: ARN, status: 'SUCCEEDED' },
    });
    expect(r.isError).toBeUndefined();
  });

  it.each([
    ['[1, 2]', '[1,2]'],
    ['null', 'null'],
    ['"text"', '"text"'],
    ['42', '42'],
  ])('gives no structuredContent for %s', (output, text) => {
    const r = successResult({ executionArn: ARN, status: 'SUCCEEDED', output });
    expect(r.content[0]!.text).toBe(text);
    expect(r.structuredContent).toBeUndefined();
  });

  it('passes non-JSON output through and treats a missing output as null', () => {
    expect(
      successResult({ executionArn: ARN, status: 'SUCCEEDED', output: 'not json' }).content[0]!.text,
    ).toBe('not json');
    expect(successResult({ executionArn: ARN, status: 'SUCCEEDED' }).content[0]!.text).toBe('null');
  });
});

describe('failure', () => {
  it('starts with a summary line and follows with the details as JSON', () => {
    const r = failureResult({
      executionArn: ARN,
      status: 'FAILED',
      error: 'PaymentDeclined',
      cause: 'card expired',
      failedState: 'ChargeCard',
    });
    expect(r.isError).toBe(true);
    expect(r.structuredContent).toBeUndefined();
    expect(r._meta).toEqual({ executionArn: ARN, status: 'FAILED' });
    const [summary, ...rest] = r.content[0]!.text.split('\n');
    expect(summary).toBe('Execution FAILED in state "ChargeCard": PaymentDeclined: card expired');
    expect(JSON.parse(rest.join('\n'))).toEqual({
      status: 'FAILED',
      error: 'PaymentDeclined',
      cause: 'card expired',
      failedState: 'ChargeCard',
      executionArn: ARN,
    });
  });

  it.each([
    [{ status: 'TIMED_OUT', error: 'States.Timeout' }, 'Execution TIMED_OUT: States.Timeout'],
    [{ status: 'ABORTED' }, 'Execution ABORTED'],
    [{ status: 'ABORTED', cause: 'stopped by operator' }, 'Execution ABORTED: stopped by operator'],
    [{ status: 'FAILED', error: 'Boom', failedState: 'Fail' }, 'Execution FAILED in state "Fail": Boom'],
  ])('summarises %o', (o, line) => {
    expect(failureSummary({ executionArn: ARN, ...o })).toBe(line);
    expect(outcomeResult({ executionArn: ARN, ...o }).isError).toBe(true);
  });

  it('reads a Lambda cause and keeps the summary on one short line', () => {
    const cause = JSON.stringify({
      errorMessage: 'card expired',
      errorType: 'PaymentDeclined',
      trace: ['a', 'b'],
    });
    expect(failureSummary({ executionArn: ARN, status: 'FAILED', error: 'PaymentDeclined', cause })).toBe(
      'Execution FAILED: PaymentDeclined: card expired',
    );
    const long = failureSummary({
      executionArn: ARN,
      status: 'FAILED',
      error: 'E',
      cause: `line1\nline2 ${'x'.repeat(1000)}`,
    });
    expect(long).not.toContain('\n');
    expect(long.length).toBeLessThan(330);
    // The JSON block keeps the whole cause.
    const r = failureResult({ executionArn: ARN, status: 'FAILED', error: 'PaymentDeclined', cause });
    expect(r.content[0]!.text).toContain(JSON.stringify(cause));
  });

  it('maps an Express failure without failedState', () => {
    const r = outcomeResult({ executionArn: ARN, status: 'FAILED', error: 'Oops', cause: 'bad' });
    expect(JSON.parse(r.content[0]!.text.split('\n').slice(1).join('\n'))).not.toHaveProperty('failedState');
  });
});

describe('other outcomes', () => {
  it('wait budget: not an error, with the ARN and how to get the result', () => {
    const r = stillRunningResult(ARN, 'RUNNING', 25_000);
    expect(r.isError).toBeUndefined();
    expect(r._meta).toEqual({ executionArn: ARN, status: 'RUNNING' });
    expect(r.content[0]!.text).toBe(
      `Execution is still RUNNING after 25.0 s, the longest this server waits in one call. It continues in the background. ` +
        `To get its result later, call get_execution_result with executionArn "${ARN}".`,
    );
  });

  it('cancellation says whether the execution was stopped', () => {
    expect(cancelledResult({ executionArn: ARN, elapsedMs: 1500, stopped: 'no' }).content[0]!.text).toContain(
      'was not stopped and may still be running',
    );
    const stopped = cancelledResult({ executionArn: ARN, elapsedMs: 1500, stopped: 'requested' });
    expect(stopped._meta).toEqual({ executionArn: ARN, status: 'ABORTED', cancelled: true });
    expect(cancelledResult({ elapsedMs: 10, stopped: 'no' })._meta).toEqual({ cancelled: true });
  });

  it('AWS errors name the error and say what to do', () => {
    const err = Object.assign(new Error('State Machine Does Not Exist: arn'), {
      name: 'StateMachineDoesNotExist',
      $metadata: { httpStatusCode: 400 },
    });
    const r = awsErrorResult(err, { operation: 'StartExecution' });
    expect(r.isError).toBe(true);
    expect(r._meta).toEqual({ awsError: 'StateMachineDoesNotExist' });
    expect(r.content[0]!.text).toMatch(
      /^AWS error in StartExecution: StateMachineDoesNotExist: State Machine Does Not Exist: arn\nThe state machine no longer exists/,
    );

    const denied = awsErrorResult(
      Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }),
      {
        operation: 'DescribeExecution',
        executionArn: ARN,
      },
    );
    expect(denied.content[0]!.text).toContain('IAM policy');
    expect(denied.content[0]!.text).toContain(`call get_execution_result with executionArn "${ARN}"`);
    expect(denied._meta).toEqual({ awsError: 'AccessDeniedException', executionArn: ARN });

    const net = awsErrorResult(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      {
        operation: 'StartSyncExecution',
      },
    );
    expect(net.content[0]!.text).toMatch(
      /^AWS error in StartSyncExecution: ECONNREFUSED: .*\nStep Functions could not be reached/,
    );
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
    for (const name of EXPRESS_RETRIED_ERRORS) {
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
    expect(EXPRESS_RETRIED_ERRORS).not.toContain('KmsThrottlingException');
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
    expect(names.sort()).toEqual([...EXPRESS_RETRIED_ERRORS].sort());
  });
});
