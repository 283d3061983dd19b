import { describe, expect, it } from 'vitest';
import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import type { QueryLanguage } from '../../../src/engine/asl/validate/context.js';
import { ROLE_ARN, passMachine, useEngine } from '../../helpers/engine.js';
import { itemReaderMachine } from './item-reader-map.js';

/**
 * CreateStateMachine and UpdateStateMachine refuse what AWS refuses, through the real SDK over HTTP, with AWS's
 * error name and message (texts recorded from AWS in LocalStack's test_sfn_api_validation.snapshot.json).
 */

describe('definitions AWS refuses, over the Step Functions API', () => {
  const local = useEngine();

  async function refusal(send: Promise<unknown>): Promise<{ name: string; message: string }> {
    const err = (await send.then(
      () => undefined,
      (e: unknown) => e,
    )) as Error | undefined;
    if (!err) throw new Error('the request was accepted');
    return { name: err.name, message: err.message };
  }

  it('refuses .waitForTaskToken in an EXPRESS machine and accepts it in a STANDARD one', async () => {
    const definition = JSON.stringify({
      StartAt: 'Publish',
      States: {
        Publish: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true },
      },
    });
    expect(
      await refusal(
        local.sfn.send(
          new CreateStateMachineCommand({ name: 'Cb', definition, roleArn: ROLE_ARN, type: 'EXPRESS' }),
        ),
      ),
    ).toEqual({
      name: 'InvalidDefinition',
      message:
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  at /States/Publish/Resource'",
    });
    const created = await local.sfn.send(
      new CreateStateMachineCommand({ name: 'Cb', definition, roleArn: ROLE_ARN }),
    );
    expect(created.stateMachineArn).toMatch(/:stateMachine:Cb$/);
  });

  it('refuses a bad definition on UpdateStateMachine and keeps the machine as it was', async () => {
    const { stateMachineArn } = await local.sfn.send(
      new CreateStateMachineCommand({ name: 'Keep', definition: passMachine(), roleArn: ROLE_ARN }),
    );
    expect(
      await refusal(local.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: '{}' }))),
    ).toEqual({
      name: 'InvalidDefinition',
      message:
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at /'",
    });
  });

  // transforming-data.html: JSONata states cannot use InputPath, Parameters, ResultSelector, ResultPath or
  // OutputPath. Each is refused at creation, the message naming the field (text as in test/engine/asl/validate.test.ts).
  it.each(['InputPath', 'Parameters', 'ResultSelector', 'ResultPath', 'OutputPath'])(
    'refuses %s in a JSONata state, naming the field',
    async (field) => {
      const definition = JSON.stringify({
        QueryLanguage: 'JSONata',
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            End: true,
            [field]: field === 'Parameters' || field === 'ResultSelector' ? {} : '$',
          },
        },
      });
      expect(
        await refusal(
          local.sfn.send(
            new CreateStateMachineCommand({ name: `JsonataWith${field}`, definition, roleArn: ROLE_ARN }),
          ),
        ),
      ).toEqual({
        name: 'InvalidDefinition',
        message: `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field '${field}' is only supported for the 'JSONPath' QueryLanguage at /States/T'`,
      });
    },
  );

  // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html: ReaderConfig InputType
  // "Accepts one of the following values: CSV, JSON, JSONL, PARQUET, MANIFEST". Any other value is refused
  // when the machine is created or updated, not when a Map Run reads its items.
  it('refuses an ItemReader InputType AWS does not define, on create (JSONata) and update (JSONPath)', async () => {
    const definition = (language: QueryLanguage, InputType: unknown): string =>
      JSON.stringify(itemReaderMachine(language, { InputType }));
    const refused = (found: string) => ({
      name: 'InvalidDefinition',
      message:
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'InputType' of state 'Orders' " +
        `should have one of these values: [CSV, JSON, JSONL, PARQUET, MANIFEST], got ${found} ` +
        "at /States/Orders/ItemReader/ReaderConfig/InputType'",
    });
    const create = (name: string, text: string) =>
      local.sfn.send(new CreateStateMachineCommand({ name, definition: text, roleArn: ROLE_ARN }));

    expect(await refusal(create('Xml', definition('JSONata', 'XML')))).toEqual(refused('"XML"'));
    // MANIFEST is AWS's (the engine refuses it only when the Map runs): created, then updated to a bad one.
    const kept = definition('JSONPath', 'MANIFEST');
    const { stateMachineArn } = await create('Manifest', kept);
    expect(
      await refusal(
        local.sfn.send(
          new UpdateStateMachineCommand({ stateMachineArn, definition: definition('JSONPath', 'csv') }),
        ),
      ),
    ).toEqual(refused('"csv"'));
    const described = await local.sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(described.definition).toBe(kept);
  });

  it('refuses Type values AWS does not know', async () => {
    const definition = JSON.stringify({ StartAt: 'X', States: { X: { Type: 'Sleep', End: true } } });
    const err = await refusal(
      local.sfn.send(new CreateStateMachineCommand({ name: 'T', definition, roleArn: ROLE_ARN })),
    );
    expect(err.message).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map] at /States/X/Type'",
    );
  });
});
