import { describe, expect, it } from 'vitest';
import { stateMachineArn } from '../../src/aws/arn.js';
import {
  requireAliasArn,
  requireExecutionArn,
  requireStateMachineArn,
  requireUnqualifiedArn,
  requireVersionArn,
} from '../../src/engine/arn-checks.js';
import { ApiError } from '../../src/engine/errors.js';
import { CallLog, Faults, checkFaults } from '../../src/engine/faults.js';
import { isLoopbackHost, resolveEngineOptions } from '../../src/engine/options.js';
import { decodeToken, encodeToken } from '../../src/engine/pagination.js';
import { toTaskError } from '../../src/engine/task-handlers.js';
import { nameProblem } from '../../src/engine/validate.js';

const scope = { region: 'us-east-1', accountId: '123456789012' };
const invalidArn = (message: RegExp) =>
  expect.objectContaining({ type: 'InvalidArn', message: expect.stringMatching(message) }) as ApiError;

describe('the ARNs a request names', () => {
  it('reads state machine, version, alias and execution ARNs with the shared parsers', () => {
    const m = stateMachineArn(scope, 'Orders');
    expect(requireStateMachineArn(m)).toMatchObject({ name: 'Orders', machineArn: m });
    expect(requireVersionArn(`${m}:3`)).toMatchObject({ version: 3, machineArn: m });
    expect(requireAliasArn(`${m}:prod`)).toMatchObject({ qualifier: 'prod', machineArn: m });
    expect(requireUnqualifiedArn(m).qualifier).toBeUndefined();
    expect(requireExecutionArn('arn:aws:states:us-east-1:123456789012:execution:Orders:run-1')).toMatchObject(
      {
        kind: 'standard',
        machineName: 'Orders',
        executionName: 'run-1',
      },
    );
    expect(
      requireExecutionArn('arn:aws:states:us-east-1:123456789012:express:Orders:run-2:id-9'),
    ).toMatchObject({
      kind: 'express',
      executionName: 'run-2',
    });
  });

  it('refuses malformed ARNs with InvalidArn, saying why and what is expected', () => {
    for (const bad of [
      '',
      'Orders',
      'arn:aws:states:us-east-1:123:stateMachine:Orders',
      'arn:aws:lambda:us-east-1:123456789012:function:f',
      `${stateMachineArn(scope, 'A')}:`,
      // The region must be a region name (the engine once took any string there).
      'arn:aws:states:local:123456789012:stateMachine:Orders',
    ]) {
      expect(() => requireStateMachineArn(bad)).toThrow(
        invalidArn(/^Invalid Arn: .*expected arn:<partition>:states:/),
      );
    }
    expect(() => requireStateMachineArn(` ${stateMachineArn(scope, 'A')}`)).toThrow(invalidArn(/whitespace/));
    expect(() => requireExecutionArn(stateMachineArn(scope, 'A'))).toThrow(
      invalidArn(/not a Step Functions execution ARN/),
    );
    expect(() => requireUnqualifiedArn(`${stateMachineArn(scope, 'A')}:1`)).toThrow(
      invalidArn(/unqualified/),
    );
    expect(() => requireVersionArn(`${stateMachineArn(scope, 'A')}:prod`)).toThrow(invalidArn(/version ARN/));
    expect(() => requireAliasArn(`${stateMachineArn(scope, 'A')}:1`)).toThrow(invalidArn(/alias ARN/));
  });
});

describe('engine options', () => {
  it('fills in the defaults, controls off', () => {
    expect(resolveEngineOptions({})).toMatchObject({
      ok: true,
      value: { host: '127.0.0.1', port: 0, region: 'us-east-1', accountId: '123456789012', control: false },
    });
  });

  it('tells loopback addresses from the others', () => {
    for (const host of ['127.0.0.1', '127.3.2.1', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.7', '::ffff:10.0.0.7', '::2', 'example.com', ''])
      expect(isLoopbackHost(host), host).toBe(false);
  });

  it('refuses the controls on an address other machines reach, naming the option and the address', () => {
    expect(resolveEngineOptions({ control: true, host: 'localhost' }).ok).toBe(true);
    const refused = resolveEngineOptions({ control: true, host: '0.0.0.0' });
    expect(refused).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^control: true .*loopback.*'0\.0\.0\.0'/),
    });
    const flags = resolveEngineOptions(
      { control: true, host: '::' },
      { control: '--control', host: '--host', quotasTable: '--quotas', quotasScale: '--quotas-scale' },
    );
    expect(flags).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^--control .*\(--host\) is '::'/),
    });
    // Without the controls, any bind address is the caller's choice.
    expect(resolveEngineOptions({ host: '0.0.0.0' }).ok).toBe(true);
  });

  it('refuses an account that is not 12 digits and a region that is not a region name', () => {
    expect(resolveEngineOptions({ accountId: '42' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/accountId/),
    });
    expect(resolveEngineOptions({ region: 'local' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/region .*'local'/),
    });
  });
});

describe('page tokens', () => {
  it('round-trips a position and refuses a token from another listing', () => {
    const token = encodeToken('ListStateMachines', 'machine-099');
    expect(decodeToken(token, 'ListStateMachines')).toBe('machine-099');
    expect(() => decodeToken(token, 'GetExecutionHistory:x')).toThrow(
      expect.objectContaining({ type: 'InvalidToken' }) as ApiError,
    );
    expect(() => decodeToken('%%%', 'ListStateMachines')).toThrow(/Invalid Token/);
  });
});

describe('faults', () => {
  it('spreads throttles evenly at the configured rate and only for listed operations', () => {
    const faults = new Faults();
    faults.set({ throttleRate: 0.25 });
    const decisions = Array.from({ length: 8 }, () => faults.shouldThrottle('StartExecution'));
    expect(decisions.filter(Boolean)).toHaveLength(2);
    faults.set({ throttleRate: 1, throttleOperations: ['DescribeSchema'] });
    expect(faults.shouldThrottle('StartExecution')).toBe(false);
    expect(faults.shouldThrottle('DescribeSchema')).toBe(true);
    faults.reset();
    expect(faults.shouldThrottle('DescribeSchema')).toBe(false);
  });

  it('validates settings with messages that name the field', () => {
    expect(() => checkFaults({ throttleRate: -1 })).toThrow(/throttleRate/);
    expect(() => checkFaults({ waitScale: 0 })).toThrow(/waitScale/);
    expect(() => checkFaults({ throttleOperations: 'StartExecution' })).toThrow(/throttleOperations/);
    expect(() => checkFaults('fast')).toThrow(/JSON object/);
    expect(checkFaults({ latencyMs: 10 })).toEqual({ latencyMs: 10 });
  });

  it('counts calls per operation', () => {
    const log = new CallLog();
    log.record({ operation: 'A', at: 1, status: 200 });
    log.record({ operation: 'A', at: 2, status: 400, errorType: 'ThrottlingException' });
    log.record({ operation: 'B', at: 3, status: 200 });
    expect(log.counts()).toEqual({ A: 2, B: 1 });
    expect(log.entries()[1]).toEqual({
      operation: 'A',
      at: 2,
      status: 400,
      errorType: 'ThrottlingException',
    });
    log.reset();
    expect(log.counts()).toEqual({});
  });
});

describe('names and task errors', () => {
  it('accepts AWS-valid names and explains invalid ones', () => {
    expect(nameProblem('order-42_v2.1')).toBeUndefined();
    expect(nameProblem('')).toMatch(/length/);
    expect(nameProblem('a'.repeat(81))).toMatch(/length/);
    expect(nameProblem('a b')).toMatch(/whitespace/);
    expect(nameProblem('a\u0007b')).toMatch(/control/);
    expect(nameProblem('a:b')).toMatch(/":"/);
  });

  it('maps thrown values to error and cause', () => {
    const named = Object.assign(new Error('late'), { name: 'Timeout.Upstream' });
    expect(toTaskError(named)).toMatchObject({ name: 'Timeout.Upstream', message: 'late' });
    expect(toTaskError(Object.assign(new Error('gone'), { error: 'Stock.Out' }))).toMatchObject({
      name: 'Stock.Out',
      message: 'gone',
    });
    expect(toTaskError('plain string')).toMatchObject({ name: 'Error', message: 'plain string' });
    expect(toTaskError({ code: 7 })).toMatchObject({ name: 'Error', message: '{"code":7}' });
  });
});
