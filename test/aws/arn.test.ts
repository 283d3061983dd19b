import { describe, expect, it } from 'vitest';
import {
  executionArn,
  executionArnOf,
  iamRoleArn,
  isRoleArn,
  mapRunArn,
  parseExecutionArn,
  parseSchemaArn,
  parseStateMachineArn,
  parseStateMachineListEntry,
  schemaArn,
  stateMachineArn,
  taskResourceParts,
  unqualifiedArn,
} from '../../src/aws/arn.js';

const ACCOUNT = '123456789012';
const scope = { region: 'us-east-1', accountId: ACCOUNT };
const machine = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:Orders`;
const why = (r: { ok: boolean; error?: string }) => (r.ok ? 'ok' : r.error);

describe('state machine ARNs', () => {
  it('reads unqualified, version and alias ARNs (AWS ARN formats for Step Functions)', () => {
    expect(parseStateMachineArn(` ${machine} `)).toEqual({
      ok: true,
      value: {
        arn: machine,
        partition: 'aws',
        region: 'us-east-1',
        accountId: ACCOUNT,
        name: 'Orders',
        machineArn: machine,
      },
    });
    expect(parseStateMachineArn(`${machine}:3`)).toMatchObject({
      ok: true,
      value: { qualifier: '3', qualifierKind: 'version', machineArn: machine },
    });
    expect(parseStateMachineArn(`${machine}:prod`)).toMatchObject({
      ok: true,
      value: { qualifier: 'prod', qualifierKind: 'alias' },
    });
    expect(parseStateMachineArn(`arn:aws-cn:states:cn-north-1:${ACCOUNT}:stateMachine:X`)).toMatchObject({
      ok: true,
      value: { partition: 'aws-cn', machineArn: `arn:aws-cn:states:cn-north-1:${ACCOUNT}:stateMachine:X` },
    });
  });

  it('refuses anything else and says why', () => {
    expect(why(parseStateMachineArn('Orders'))).toMatch(/fewer than six/);
    expect(why(parseStateMachineArn(`arn:aws:states:us-east-1:123:stateMachine:Orders`))).toMatch(
      /12 digits/,
    );
    expect(why(parseStateMachineArn(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`))).toMatch(
      /not "states"/,
    );
    expect(why(parseStateMachineArn(`${machine}:`))).toMatch(/empty/);
    expect(why(parseStateMachineArn(`${machine}:1:2`))).toMatch(/too many/);
    expect(why(parseStateMachineArn(`arn:aws:states:us-east-1:${ACCOUNT}:execution:Orders:x`))).toMatch(
      /not "stateMachine"/,
    );
  });

  it('builds what it reads', () => {
    expect(stateMachineArn(scope, 'Orders')).toBe(machine);
    expect(stateMachineArn(scope, 'Orders', 3)).toBe(`${machine}:3`);
    expect(unqualifiedArn(`${machine}:prod`)).toBe(machine);
    expect(unqualifiedArn('nope')).toBeUndefined();
  });
});

describe('execution ARNs', () => {
  const std = `arn:aws:states:us-east-1:${ACCOUNT}:execution:Orders:mcp-1`;

  it('reads Standard and Express execution ARNs', () => {
    expect(parseExecutionArn(std)).toMatchObject({
      ok: true,
      value: { kind: 'standard', machineName: 'Orders', executionName: 'mcp-1', machineArn: machine },
    });
    expect(
      parseExecutionArn(`arn:aws:states:eu-west-1:${ACCOUNT}:express:Quotes:abc:0f1e2d3c-aaaa`),
    ).toMatchObject({
      ok: true,
      value: { kind: 'express', machineName: 'Quotes', region: 'eu-west-1', expressId: '0f1e2d3c-aaaa' },
    });
    expect(parseExecutionArn(`arn:aws-us-gov:states:us-gov-west-1:${ACCOUNT}:execution:M:n`)).toMatchObject({
      ok: true,
      value: { partition: 'aws-us-gov' },
    });
  });

  it('refuses anything else with the reason', () => {
    expect(why(parseExecutionArn(''))).toMatch(/required/);
    expect(why(parseExecutionArn(42))).toMatch(/required/);
    expect(why(parseExecutionArn('arn:aws:states:us-east-1:123:execution:M:n'))).toMatch(/12 digits/);
    expect(why(parseExecutionArn(`arn:aws:lambda:us-east-1:${ACCOUNT}:execution:M:n`))).toMatch(
      /not "states"/,
    );
    expect(why(parseExecutionArn(`arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:M:n`))).toMatch(
      /not "execution"/,
    );
    expect(why(parseExecutionArn(`arn:aws:states:us-east-1:${ACCOUNT}:execution:M`))).toMatch(/too few/);
    expect(why(parseExecutionArn(`${std}:extra`))).toMatch(/too many/);
    expect(why(parseExecutionArn(`arn:aws:states:us-east-1:${ACCOUNT}:execution:M:has space`))).toMatch(
      /execution name/,
    );
    expect(why(parseExecutionArn(`arn:aws:states:us-east-1:${ACCOUNT}:express:M:n`))).toMatch(
      /one more part/,
    );
    expect(why(parseExecutionArn(`arn:aws:states:local:${ACCOUNT}:execution:M:n`))).toMatch(/region/);
  });

  it('builds Standard and Express ARNs, and the ARN of a named run of a machine, version or alias', () => {
    expect(executionArn(scope, 'standard', 'Orders', 'run-1')).toBe(
      `arn:aws:states:us-east-1:${ACCOUNT}:execution:Orders:run-1`,
    );
    expect(executionArn(scope, 'express', 'Orders', 'run-2', 'id-9')).toBe(
      `arn:aws:states:us-east-1:${ACCOUNT}:express:Orders:run-2:id-9`,
    );
    expect(executionArnOf(machine, 'mcp-1')).toBe(std);
    expect(executionArnOf(`${machine}:3`, 'x')).toBe(
      `arn:aws:states:us-east-1:${ACCOUNT}:execution:Orders:x`,
    );
    expect(executionArnOf(`${machine}:prod`, 'x')).toBe(
      `arn:aws:states:us-east-1:${ACCOUNT}:execution:Orders:x`,
    );
    expect(executionArnOf('arn:aws:lambda:eu-west-1:1:function:f', 'x')).toBeUndefined();
  });

  it("builds a Distributed Map's Map Run ARN and its child executions' (state-map-distributed.html)", () => {
    expect(mapRunArn(scope, 'Orders', 'label', 'id-1')).toBe(
      `arn:aws:states:us-east-1:${ACCOUNT}:mapRun:Orders/label:id-1`,
    );
    expect(executionArn(scope, 'standard', 'Orders/label', 'child-1')).toBe(
      `arn:aws:states:us-east-1:${ACCOUNT}:execution:Orders/label:child-1`,
    );
  });
});

describe('schema, role and Task resource ARNs', () => {
  it('reads and builds Schema Registry ARNs', () => {
    const arn = schemaArn(scope, 'local', 'Orders');
    expect(arn).toBe(`arn:aws:schemas:us-east-1:${ACCOUNT}:schema/local/Orders`);
    expect(parseSchemaArn(arn)).toMatchObject({
      ok: true,
      value: { registryName: 'local', schemaName: 'Orders' },
    });
    expect(why(parseSchemaArn(`arn:aws:schemas:us-east-1:${ACCOUNT}:registry/local`))).toMatch(
      /not "schema"/,
    );
    expect(why(parseSchemaArn(`arn:aws:schemas:us-east-1:${ACCOUNT}:schema/local`))).toMatch(
      /schema\/<registry>\/<name>/,
    );
  });

  it('builds and recognises IAM role ARNs', () => {
    const role = iamRoleArn({ accountId: ACCOUNT }, 'local-stepfunctions');
    expect(role).toBe(`arn:aws:iam::${ACCOUNT}:role/local-stepfunctions`);
    expect(isRoleArn(role)).toBe(true);
    expect(isRoleArn(`arn:aws:iam::${ACCOUNT}:user/x`)).toBe(false);
    expect(isRoleArn('role')).toBe(false);
  });

  it('names Task resources the way execution history does', () => {
    expect(taskResourceParts('arn:aws:states:::lambda:invoke')).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
    });
    expect(taskResourceParts('arn:aws:states:::sqs:sendMessage.waitForTaskToken')).toEqual({
      resourceType: 'sqs',
      resource: 'sendMessage.waitForTaskToken',
    });
    const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`;
    expect(taskResourceParts(fn)).toEqual({ resourceType: 'lambda', resource: fn });
    expect(taskResourceParts('my-handler')).toEqual({ resourceType: 'local', resource: 'my-handler' });
  });
});

describe('STATE_MACHINE_LIST entries', () => {
  const arn = (name: string, qualifier?: string): string =>
    `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${name}${qualifier ? `:${qualifier}` : ''}`;

  it('takes an entry without a colon for a name', () => {
    expect(parseStateMachineListEntry('  Orders-Flow ')).toEqual({
      ok: true,
      value: { kind: 'name', entry: 'Orders-Flow', name: 'Orders-Flow' },
    });
  });

  it('parses a state machine ARN', () => {
    expect(parseStateMachineListEntry(arn('Orders'))).toEqual({
      ok: true,
      value: { kind: 'arn', entry: arn('Orders'), machineArn: arn('Orders'), name: 'Orders' },
    });
  });

  it('parses version and alias ARNs down to their machine', () => {
    expect(parseStateMachineListEntry(arn('Orders', '3'))).toEqual({
      ok: true,
      value: {
        kind: 'arn',
        entry: arn('Orders', '3'),
        machineArn: arn('Orders'),
        name: 'Orders',
        qualifier: '3',
        qualifierKind: 'version',
      },
    });
    const alias = parseStateMachineListEntry(arn('Orders', 'prod'));
    expect(alias.ok && alias.value.kind === 'arn' && alias.value.qualifierKind).toBe('alias');
  });

  it('accepts other partitions', () => {
    const parsed = parseStateMachineListEntry(`arn:aws-cn:states:cn-north-1:${ACCOUNT}:stateMachine:X`);
    expect(parsed.ok).toBe(true);
  });

  it.each([
    ['arn:aws:states:us-east-1', 'fewer than six'],
    [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:Orders`, 'the service is "lambda"'],
    // The wording is src/aws/arn.ts's, which parses every ARN.
    [`arn:aws:states::${ACCOUNT}:stateMachine:Orders`, 'the region "" is not a region name'],
    ['arn:aws:states:us-east-1:1234:stateMachine:Orders', 'not 12 digits'],
    [`arn:aws:states:us-east-1:${ACCOUNT}:execution:Orders:abc`, 'resource type is "execution"'],
    [`arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:`, 'name is missing'],
    [`arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:Orders:`, 'version or alias after the name is empty'],
    [`arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:Orders:1:2`, 'too many parts'],
    ['states:Orders', 'does not start with "arn:"'],
  ])('refuses %s with a clear message', (entry, why) => {
    const parsed = parseStateMachineListEntry(entry);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toContain(why);
      expect(parsed.error).toContain(entry);
      expect(parsed.error).toContain('arn:<partition>:states:<region>:<account>:stateMachine:<name>');
    }
  });
});
