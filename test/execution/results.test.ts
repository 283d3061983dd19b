import { describe, expect, it } from 'vitest';
import {
  cancelledResult,
  failureResult,
  failureSummary,
  outcomeResult,
  progressMessage,
  stillRunningResult,
  successResult,
} from '../../src/execution/results.js';
import { awsErrorResult } from '../../src/execution/aws-failure.js';

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

  it('progress: the status and the time waited, under a second in milliseconds', () => {
    expect(progressMessage('RUNNING', 999)).toBe('Execution RUNNING for 999 ms');
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
