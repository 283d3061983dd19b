import { describe, expect, it } from 'vitest';
import {
  executionArn,
  parseExecutionArn,
  parseStateMachineArn,
  schemaArn,
  stateMachineArn,
  taskResourceParts,
} from '../../src/engine/arn.js';
import { ApiError } from '../../src/engine/errors.js';
import { CallLog, Faults, checkFaults } from '../../src/engine/faults.js';
import { decodeToken, encodeToken } from '../../src/engine/pagination.js';
import { toTaskError } from '../../src/engine/task-handlers.js';
import { nameProblem } from '../../src/engine/validate.js';

const scope = { region: 'us-east-1', accountId: '123456789012' };

describe('ARNs', () => {
  it('builds and parses state machine, execution and schema ARNs', () => {
    const m = stateMachineArn(scope, 'Orders');
    expect(parseStateMachineArn(m)).toEqual({
      region: 'us-east-1',
      accountId: '123456789012',
      name: 'Orders',
    });
    expect(parseStateMachineArn(`${m}:3`).qualifier).toBe('3');
    const std = executionArn(scope, 'execution', 'Orders', 'run-1');
    expect(std).toBe('arn:aws:states:us-east-1:123456789012:execution:Orders:run-1');
    expect(parseExecutionArn(std)).toMatchObject({
      kind: 'execution',
      machineName: 'Orders',
      executionName: 'run-1',
    });
    const exp = executionArn(scope, 'express', 'Orders', 'run-2', 'id-9');
    expect(parseExecutionArn(exp)).toMatchObject({ kind: 'express', executionName: 'run-2' });
    expect(schemaArn(scope, 'local', 'Orders')).toBe(
      'arn:aws:schemas:us-east-1:123456789012:schema/local/Orders',
    );
  });

  it('refuses malformed ARNs with InvalidArn', () => {
    for (const bad of [
      '',
      'Orders',
      'arn:aws:states:us-east-1:123:stateMachine:Orders',
      'arn:aws:lambda:us-east-1:123456789012:function:f',
      `${stateMachineArn(scope, 'A')}:`,
    ]) {
      expect(() => parseStateMachineArn(bad)).toThrow(
        expect.objectContaining({ type: 'InvalidArn' }) as ApiError,
      );
    }
    expect(() => parseExecutionArn(stateMachineArn(scope, 'A'))).toThrow(/not a valid execution ARN/);
  });

  it('names Task resources the way history does', () => {
    expect(taskResourceParts('arn:aws:states:::lambda:invoke')).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
    });
    expect(taskResourceParts('arn:aws:states:::ecs:runTask.sync')).toEqual({
      resourceType: 'ecs',
      resource: 'runTask.sync',
    });
    expect(taskResourceParts('arn:aws:lambda:us-east-1:123456789012:function:f').resourceType).toBe('lambda');
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
