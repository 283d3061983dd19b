import { beforeAll, describe, expect, it } from 'vitest';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { ROLE_ARN, passMachine, useEngine } from '../helpers/engine.js';

/** Raw requests that the SDK would never send: each must get AWS's error shape and leave the engine answering. */

interface Sent {
  status: number;
  errorType: string | null;
  body: Record<string, unknown>;
}

describe('malformed requests', () => {
  const local = useEngine();
  let standardArn: string;
  const missingArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:Ghost';

  async function call(operation: string | undefined, body: string | object): Promise<Sent> {
    const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0' };
    if (operation !== undefined)
      headers['x-amz-target'] = operation.includes('.') ? operation : `AWSStepFunctions.${operation}`;
    const res = await fetch(local.engine.endpoint, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return {
      status: res.status,
      errorType: res.headers.get('x-amzn-errortype'),
      body: (await res.json()) as Record<string, unknown>,
    };
  }

  function expectError(sent: Sent, type: string, message?: RegExp): void {
    expect(sent.status).toBe(400);
    expect(sent.errorType).toBe(type);
    expect(sent.body.__type).toBe(type);
    expect(typeof sent.body.message).toBe('string');
    if (message) expect(sent.body.message).toMatch(message);
  }

  beforeAll(async () => {
    const created = await call('CreateStateMachine', {
      name: 'Plain',
      definition: passMachine(),
      roleArn: ROLE_ARN,
    });
    standardArn = created.body.stateMachineArn as string;
  });

  it('answers an unknown or missing target with UnknownOperationException', async () => {
    expectError(
      await call('AWSStepFunctions.LaunchRockets', {}),
      'UnknownOperationException',
      /LaunchRockets.*StartExecution/,
    );
    expectError(await call('SomethingElse.ListStateMachines', {}), 'UnknownOperationException');
    expectError(await call(undefined, {}), 'UnknownOperationException', /no X-Amz-Target/);
    expectError(await call('AWSStepFunctions.__proto__', {}), 'UnknownOperationException');
  });

  it('answers a body that is not a JSON object with SerializationException', async () => {
    expectError(
      await call('ListStateMachines', '{"maxResults": '),
      'SerializationException',
      /not valid JSON/,
    );
    expectError(await call('ListStateMachines', '[1,2]'), 'SerializationException', /JSON object/);
    expectError(await call('ListStateMachines', 'null'), 'SerializationException');
  });

  it('answers missing and wrongly typed fields with ValidationException and SerializationException', async () => {
    expectError(await call('DescribeStateMachine', {}), 'ValidationException', /stateMachineArn/);
    expectError(
      await call('DescribeStateMachine', { stateMachineArn: 42 }),
      'SerializationException',
      /stateMachineArn.*string/,
    );
    expectError(
      await call('ListStateMachines', { maxResults: 'ten' }),
      'SerializationException',
      /maxResults.*integer/,
    );
    expectError(
      await call('ListStateMachines', { maxResults: 5000 }),
      'ValidationException',
      /between 0 and 1000/,
    );
    expectError(
      await call('GetExecutionHistory', { executionArn: 'x', reverseOrder: 'yes' }),
      'SerializationException',
      /reverseOrder/,
    );
    expectError(
      await call('TagResource', { resourceArn: standardArn, tags: [{ value: 'v' }] }),
      'ValidationException',
      /key/,
    );
    expectError(
      await call('CreateStateMachine', {
        name: 'X',
        definition: passMachine(),
        roleArn: ROLE_ARN,
        type: 'FAST',
      }),
      'ValidationException',
      /STANDARD, EXPRESS/,
    );
    expectError(
      await call('CreateStateMachine', { name: 'X', definition: passMachine(), roleArn: 'not-a-role' }),
      'InvalidArn',
    );
    // AWS names text that is not JSON INVALID_JSON_DESCRIPTION (test_sfn_api_validation.snapshot.json, NOT_A_DEF).
    expectError(
      await call('CreateStateMachine', { name: 'X', definition: '{"StartAt":', roleArn: ROLE_ARN }),
      'InvalidDefinition',
      /^Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: /,
    );
  });

  it('answers a definition of any malformed shape with InvalidDefinition, never a crash', async () => {
    const create = (definition: unknown): Promise<Sent> =>
      call('CreateStateMachine', {
        name: 'Odd',
        definition: typeof definition === 'string' ? definition : JSON.stringify(definition),
        roleArn: ROLE_ARN,
      });
    expectError(
      await create({ StartAt: 'A', States: { A: { Type: 'Succeed' }, X: 'y' } }),
      'InvalidDefinition',
      /^Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: .* at \/States\/X'$/,
    );
    // AWS's texts for these three: test_sfn_api_validation.snapshot.json (EMPTY_STRING, EMPTY_DICT).
    expectError(await create(' '), 'InvalidDefinition', /Definition must be a valid JSON object/);
    expectError(await create([1, 2]), 'InvalidDefinition', /Definition must be a valid JSON object/);
    expectError(
      await create({}),
      'InvalidDefinition',
      /^Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: \[States, StartAt\] at \/'$/,
    );
    for (const odd of [
      { StartAt: 5, States: [] },
      { StartAt: 'A', States: { A: null } },
      { StartAt: 'A', States: { A: { Type: 'Task', Resource: {}, Next: 7, Retry: 'x', Catch: [null] } } },
      { StartAt: 'A', States: { A: { Type: 'Parallel', Branches: [1, { States: 'no' }], End: true } } },
      { StartAt: 'A', States: { A: { Type: 'Map', ItemProcessor: [], End: true, ItemReader: 'x' } } },
      { StartAt: 'A', States: { A: { Type: 'Choice', Choices: [{ Not: 'x' }, { And: [] }, 3] } } },
      {
        StartAt: 'A',
        QueryLanguage: 'JSONata',
        States: { A: { Type: 'Pass', Output: '{% ( %}', End: true } },
      },
    ])
      expectError(
        await create(odd),
        'InvalidDefinition',
        /^Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED|^Invalid State Machine Definition: 'INVALID_JSONATA/,
      );
  });

  it('answers bad and unknown ARNs, bad names and bad input with the AWS error names', async () => {
    expectError(await call('DescribeStateMachine', { stateMachineArn: 'nope' }), 'InvalidArn', /nope/);
    expectError(
      await call('DescribeStateMachine', { stateMachineArn: missingArn }),
      'StateMachineDoesNotExist',
      /Ghost/,
    );
    expectError(
      await call('DescribeStateMachine', { stateMachineArn: `${standardArn}:1` }),
      'StateMachineDoesNotExist',
      /:1'/,
    );
    expectError(
      await call('DescribeStateMachine', { stateMachineArn: `${standardArn}:prod` }),
      'InvalidArn',
      /DescribeStateMachineAlias/,
    );
    expectError(await call('StartExecution', { stateMachineArn: missingArn }), 'StateMachineDoesNotExist');
    expectError(await call('DescribeExecution', { executionArn: standardArn }), 'InvalidArn');
    expectError(
      await call('DescribeExecution', {
        executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Plain:none',
      }),
      'ExecutionDoesNotExist',
    );
    expectError(
      await call('StopExecution', {
        executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Plain:none',
      }),
      'ExecutionDoesNotExist',
    );
    expectError(
      await call('StartExecution', { stateMachineArn: standardArn, input: '{not json' }),
      'InvalidExecutionInput',
    );
    expectError(
      await call('StartExecution', { stateMachineArn: standardArn, name: 'has space' }),
      'InvalidName',
      /whitespace/,
    );
    expectError(
      await call('CreateStateMachine', { name: 'a/b', definition: passMachine(), roleArn: ROLE_ARN }),
      'InvalidName',
    );
    expectError(
      await call('StartSyncExecution', { stateMachineArn: standardArn }),
      'StateMachineTypeNotSupported',
      /EXPRESS/,
    );
    expectError(await call('ListTagsForResource', { resourceArn: missingArn }), 'ResourceNotFound');
  });

  it('answers malformed Schemas and unknown paths in their own shapes', async () => {
    const badEncoding = await fetch(`${local.engine.endpoint}/v1/registries/name/r/schemas/name/%E0%A4%A`);
    expect(badEncoding.status).toBe(400);
    expect(badEncoding.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    expect(await badEncoding.json()).toMatchObject({ Code: 'BadRequestException' });
    const badBody = await fetch(`${local.engine.endpoint}/v1/registries/name/r/schemas/name/s`, {
      method: 'POST',
      body: '{{',
    });
    expect(badBody.status).toBe(400);
    expect(badBody.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    const unknown = await fetch(`${local.engine.endpoint}/v2/anything`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });

  it('still answers normally afterwards', async () => {
    const list = await local.sfn.send(new ListStateMachinesCommand({}));
    expect(list.stateMachines!.map((m) => m.name)).toEqual(['Plain']);
    expect((await fetch(`${local.engine.endpoint}/_local/health`)).status).toBe(200);
  });
});
