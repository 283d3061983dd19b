import { describe, expect, it } from 'vitest';
import type { StateMachineType } from '@aws-sdk/client-sfn';
import {
  invalidDefinitionMessage,
  normalizeDefinition,
  validateDefinition,
  validateDefinitionValue,
} from '../../../src/engine/asl/validate/check-definition.js';
import type { QueryLanguage } from '../../../src/engine/asl/validate/context.js';
import { itemReaderMachine, itemReaderMap } from './item-reader-map.js';

/**
 * The definition check. Expected texts: AWS answers recorded in LocalStack's
 * tests/aws/services/stepfunctions/v2/test_sfn_api_validation.snapshot.json and api snapshot files ([R]), and
 * AWS CLI output quoted in localstack/localstack#12487, #6811 and floci-io/floci#2670, #2745, #2786, #2968 ([M]).
 */

function message(definition: unknown, type: StateMachineType = 'STANDARD'): string {
  return invalidDefinitionMessage(validateDefinitionValue(definition, type));
}

function accepted(definition: unknown, type: StateMachineType = 'STANDARD'): void {
  expect(validateDefinitionValue(definition, type)).toEqual([]);
}

const pass = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  Type: 'Pass',
  End: true,
  ...extra,
});
const machine = (
  states: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  StartAt: Object.keys(states)[0],
  States: states,
  ...extra,
});
const LAMBDA = 'arn:aws:states:::lambda:invoke';

describe('refused definitions, with the texts AWS answers', () => {
  it('fields with a fixed set of values: QueryLanguage, Map Mode and ExecutionType', () => {
    const prefix = "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ";
    expect(message(machine({ A: pass() }, { QueryLanguage: 'XPath' }))).toBe(
      `${prefix}The field 'QueryLanguage' should have one of these values: [JSONPath, JSONata] at /QueryLanguage'`,
    );
    expect(message(machine({ A: pass({ QueryLanguage: 'jsonata' }) }))).toBe(
      `${prefix}The field 'QueryLanguage' should have one of these values: [JSONPath, JSONata] at /States/A/QueryLanguage'`,
    );
    const map = (config: Record<string, unknown>) =>
      machine({
        M: {
          Type: 'Map',
          ItemProcessor: { ProcessorConfig: config, StartAt: 'P', States: { P: pass() } },
          End: true,
        },
      });
    expect(message(map({ Mode: 'PARALLEL' }))).toBe(
      `${prefix}The field 'Mode' should have one of these values: [INLINE, DISTRIBUTED] at /States/M/ItemProcessor/ProcessorConfig/Mode'`,
    );
    expect(message(map({ Mode: 'DISTRIBUTED', ExecutionType: 'SYNC' }))).toBe(
      `${prefix}The field 'ExecutionType' should have one of these values: [STANDARD, EXPRESS] at /States/M/ItemProcessor/ProcessorConfig/ExecutionType'`,
    );
  });

  it('[R] required fields, types and empty Branches', () => {
    expect(message({})).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at /'",
    );
    expect(message({ States: { A: pass() } })).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /'",
    );
    expect(message(machine({ ExistingButInvalidState: { Type: 'Nope', End: true } }))).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map] at /States/ExistingButInvalidState/Type'",
    );
    expect(message(machine({ StateName: { Type: 'Parallel', Branches: [], End: true } }))).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/StateName/Branches'",
    );
    expect(validateDefinition(' ', 'STANDARD').diagnostics).toEqual([
      { code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object' },
    ]);
    expect(validateDefinition('not a definition', 'STANDARD').diagnostics[0]!.code).toBe(
      'INVALID_JSON_DESCRIPTION',
    );
  });

  it('[R] Credentials without RoleArn', () => {
    const task = { Type: 'Task', Resource: LAMBDA, Credentials: {}, Arguments: {}, End: true };
    expect(message(machine({ State0: task }, { QueryLanguage: 'JSONata' }))).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'RoleArn' is required but was missing at /States/State0/Credentials'",
    );
  });

  it('[R] what an EXPRESS machine cannot run (.waitForTaskToken, .sync, activities)', () => {
    const task = (resource: string): Record<string, unknown> => ({
      Type: 'Task',
      Resource: resource,
      End: true,
    });
    expect(
      message(machine({ Publish: task('arn:aws:states:::sqs:sendMessage.waitForTaskToken') }), 'EXPRESS'),
    ).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  at /States/Publish/Resource'",
    );
    expect(
      message(machine({ StartExecution: task('arn:aws:states:::states:startExecution.sync:2') }), 'EXPRESS'),
    ).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' service integration at /States/StartExecution/Resource'",
    );
    expect(
      message(
        machine({ ActivityTask: task('arn:aws:states:us-east-1:123456789012:activity:Work') }),
        'EXPRESS',
      ),
    ).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN at /States/ActivityTask/Resource'",
    );
    // A Distributed Map's EXPRESS children are Express executions (state-map-distributed: ExecutionType).
    const child = (executionType: string): Record<string, unknown> =>
      machine({
        M: {
          Type: 'Map',
          End: true,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: executionType },
            StartAt: 'Publish',
            States: { Publish: task('arn:aws:states:::sqs:sendMessage.waitForTaskToken') },
          },
        },
      });
    expect(message(child('EXPRESS'))).toContain(
      "Express state machine does not support '.waitForTaskToken' service integration  at /States/M/ItemProcessor/States/Publish/Resource",
    );
    accepted(child('STANDARD'));
    // The same machines are fine as STANDARD; a .waitForTaskToken Task needs no token in its Parameters ([R] test_callback).
    accepted(machine({ Publish: task('arn:aws:states:::sqs:sendMessage.waitForTaskToken') }));
  });

  it('[R]/[M] query-language rules', () => {
    expect(
      message(machine({ Pass: pass({ QueryLanguage: 'JSONPath' }) }, { QueryLanguage: 'JSONata' })),
    ).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine at /States/Pass'",
    );
    expect(message(machine({ A: pass({ Output: { a: 1 } }) }))).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage at /States/A'",
    );
    const processor = { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: pass() } };
    expect(message(machine({ M: { Type: 'Map', ItemProcessor: processor, End: true } }))).toContain(
      "SCHEMA_VALIDATION_FAILED: Field 'QueryLanguage' is not supported at /States/M/ItemProcessor",
    );
  });

  it('refuses the JSONPath fields in JSONata states (transforming-data: no InputPath, Parameters, ResultSelector, ResultPath, OutputPath)', () => {
    for (const field of ['InputPath', 'Parameters', 'ResultSelector', 'ResultPath', 'OutputPath']) {
      const state = {
        Type: 'Task',
        Resource: LAMBDA,
        End: true,
        [field]: field === 'Parameters' || field === 'ResultSelector' ? {} : '$',
      };
      expect(message(machine({ T: state }, { QueryLanguage: 'JSONata' }))).toContain(
        `The QueryLanguage is set to 'JSONata', but field '${field}' is only supported for the 'JSONPath' QueryLanguage at /States/T`,
      );
    }
  });

  it('[M] JSONata syntax and top-level references', () => {
    const jsonata = (output: unknown): Record<string, unknown> =>
      machine({ Main: pass({ Output: output }) }, { QueryLanguage: 'JSONata' });
    expect(message(jsonata('{% 1 + %}'))).toBe(
      "Invalid State Machine Definition: 'INVALID_JSONATA_EXPRESSION: Unexpected end of expression at /States/Main/Output'",
    );
    expect(
      message(machine({ E: pass({ Output: { v: '{% phone %}' } }) }, { QueryLanguage: 'JSONata' })),
    ).toBe(
      "Invalid State Machine Definition: 'UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is not supported. at /States/E/Output/v'",
    );
  });

  it('[M] transitions: missing targets, unreachable states, no terminal state, joined as AWS joins them', () => {
    const states = { pass1: { Type: 'Pass', Next: 'pass3' }, pass2: pass() };
    expect(message(machine(states))).toBe(
      "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next, MISSING_TRANSITION_TARGET: State \"pass2\" is not reachable. at /States/pass2'",
    );
    expect(message(machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } }))).toBe(
      "Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state'",
    );
    expect(message(machine({ Only: pass() }, { StartAt: 'Missing' }))).toMatch(
      /MISSING_TRANSITION_TARGET: .*Missing at \/StartAt/,
    );
  });

  it('[M] a `.$` field that is neither a path nor an intrinsic call (localstack#6811)', () => {
    expect(message(machine({ S: pass({ Parameters: { 'out.$': 'States.Nope(1)' } }) }))).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The value for the field 'out.$' must be a valid JSONPath or a valid intrinsic function call at /States/S/Parameters'",
    );
    expect(message(machine({ S: pass({ Parameters: { 'out.$': 'States.ArrayRange(1, 2)' } }) }))).toContain(
      "'out.$'",
    );
    expect(message(machine({ S: pass({ Parameters: { 'out.$': 'no path' } }) }))).toContain("'out.$'");
  });

  it('refuses malformed shapes with a pointer to the problem, never throwing', () => {
    expect(message(machine({ A: { Type: 'Succeed' }, X: 'y' }))).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The state must be a JSON object, got string at /States/X'",
    );
    for (const odd of [
      null,
      1,
      'x',
      [],
      { StartAt: [], States: 1 },
      machine({ A: [] }),
      machine({ A: { Type: 'Choice', Choices: [null] } }),
    ])
      expect(() => validateDefinitionValue(odd, 'STANDARD')).not.toThrow();
    expect(message(machine({ A: { Type: 'Task', Resource: 'not-an-arn', End: true } }))).toContain(
      '/States/A/Resource',
    );
    expect(message(machine({ A: { Type: 'Pass', Next: 'B', End: true }, B: pass() }))).toContain('/States/A');
    expect(message(machine({ A: { Type: 'Wait', End: true } }))).toContain('/States/A');
    expect(
      message(
        machine({ A: { Type: 'Task', Resource: LAMBDA, TimeoutSeconds: 5, HeartbeatSeconds: 5, End: true } }),
      ),
    ).toContain('/States/A/HeartbeatSeconds');
    expect(message(machine({ A: pass({ Bogus: 1 }) }))).toContain(
      "Field 'Bogus' is not supported at /States/A/Bogus",
    );
    const retry = [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['X'] }];
    expect(message(machine({ A: { Type: 'Task', Resource: LAMBDA, Retry: retry, End: true } }))).toContain(
      '/States/A/Retry/0/ErrorEquals',
    );
  });

  it('refuses assigning a sub-path of a variable (workflow-variables: "x.y" and "x[2]" are invalid)', () => {
    for (const key of ['x.y', 'x[2]', '1x'])
      expect(message(machine({ A: pass({ Assign: { [key]: 42 } }) }))).toContain(`/States/A/Assign/${key}`);
    accepted(machine({ A: pass({ Assign: { x: 42, 'y.$': '$.y', _z: [1], café: 1 } }) }));
  });

  it('refuses state names used twice in one machine (the States Language: unique in the whole machine)', () => {
    const branch = { StartAt: 'A', States: { A: pass() } };
    expect(message(machine({ A: { Type: 'Parallel', Branches: [branch], End: true } }))).toContain(
      'DUPLICATE_STATE_NAME: Duplicate State name: A at /States/A/Branches/0/States/A',
    );
  });
});

describe('accepted definitions: the forms AWS accepts', () => {
  it('JSONPath forms: $.[0], $.x.[0], name unions, filters on nested members and on $.x', () => {
    accepted(
      machine({
        A: pass({
          Parameters: {
            'first.$': '$.[0]',
            'inner.$': '$.x.[0]',
            'pair.$': "$['bucket','key']",
            'matched.$': '$.approaches[?(@.workerId == $.agent_id)].approach',
            'nested.$': '$.items[?(@.a.b > 1)]',
            'each.$': "$.[*].['bucket', 'key']",
          },
        }),
      }),
    );
  });

  it('JSONata with `{% $states.input%}` (no space before %}) and multi-line expressions', () => {
    accepted(
      machine(
        {
          A: pass({
            Output: { a: '{% $states.input%}', b: '{%\n  $states.input.x\n%}', c: [[1], ''], d: 'plain' },
          }),
        },
        { QueryLanguage: 'JSONata' },
      ),
    );
    accepted(machine({ A: pass({ Output: 'a literal string' }) }, { QueryLanguage: 'JSONata' }));
  });

  it('JSONata everywhere AWS takes it (Arguments, Condition, Items, Wait, Fail, timeouts, Catch Output)', () => {
    const states = {
      T: {
        Type: 'Task',
        Resource: LAMBDA,
        Arguments: { FunctionName: 'f', Payload: '{% $states.input %}' },
        TimeoutSeconds: '{% $variable := 1 %}',
        Assign: { result: '{% $states.result.Payload %}' },
        Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% $states.errorOutput %}', Next: 'F' }],
        Next: 'C',
      },
      C: { Type: 'Choice', Choices: [{ Condition: '{% $result > 1 %}', Next: 'M' }], Default: 'W' },
      M: {
        Type: 'Map',
        Items: [1, "{% $number('2') %}", 3],
        ItemSelector: { index: '{% $states.context.Map.Item.Index %}' },
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        Next: 'W',
      },
      W: { Type: 'Wait', Seconds: '{% 1 %}', Next: 'S' },
      S: { Type: 'Succeed' },
      F: { Type: 'Fail', Error: '{% $states.input.Error %}', Cause: 'failed' },
    };
    accepted(machine(states, { QueryLanguage: 'JSONata' }));
  });

  it('variables (Assign) in JSONPath, read as $name in later paths', () => {
    accepted(
      machine({
        State0: {
          Type: 'Pass',
          Result: { theQuestion: 'q' },
          Assign: { 'question.$': '$.theQuestion', answer: 42 },
          Next: 'State1',
        },
        State1: {
          Type: 'Pass',
          InputPath: '$answer',
          ResultPath: '$.theAnswer',
          OutputPath: '$answer',
          End: true,
        },
      }),
    );
  });

  it('Task Credentials and distributed Map (ItemReader, ItemBatcher, ResultWriter, tolerated failures)', () => {
    accepted(
      machine({
        T: {
          Type: 'Task',
          Resource: LAMBDA,
          Credentials: { RoleArn: 'arn:aws:iam::123456789012:role/x' },
          Next: 'M',
        },
        M: {
          Type: 'Map',
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
            Parameters: { Bucket: 'b', Key: 'k' },
          },
          ItemBatcher: { MaxItemsPerBatch: 10 },
          ResultWriter: {
            Resource: 'arn:aws:states:::s3:putObject',
            Parameters: { Bucket: 'b', Prefix: 'out' },
          },
          ToleratedFailurePercentage: 5,
          Label: 'csv',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
            StartAt: 'P',
            States: { P: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      }),
    );
  });

  it('JSONata Map Items as an object, a ResultWriter with only a WriterConfig; no Arguments on Map (agent-toolkit field table)', () => {
    const processor = {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      StartAt: 'P',
      States: { P: pass() },
    };
    const map = (extra: Record<string, unknown>): Record<string, unknown> =>
      machine(
        { M: { Type: 'Map', ItemProcessor: processor, End: true, ...extra } },
        { QueryLanguage: 'JSONata' },
      );
    accepted(map({ Items: { a: 1, b: '{% $states.input.b %}' } }));
    accepted(map({ ResultWriter: { WriterConfig: { OutputType: 'JSON', Transformation: 'NONE' } } }));
    expect(message(map({ Arguments: {} }))).toContain(
      "Field 'Arguments' is not supported at /States/M/Arguments",
    );
    expect(message(map({ ResultWriter: {} }))).toContain(
      "The field 'Resource' is required but was missing at /States/M/ResultWriter",
    );
  });

  it('intrinsic functions in `.$` fields and in Fail ErrorPath/CausePath', () => {
    accepted(
      machine({
        A: pass({
          Parameters: { 'id.$': 'States.UUID()', 'msg.$': "States.Format('Hello {}', $.name)" },
          End: undefined,
          Next: 'F',
        }),
        F: { Type: 'Fail', ErrorPath: '$.error', CausePath: "States.Format('cause: {}', $.cause)" },
      }),
    );
  });
});

// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html: ReaderConfig InputType
// "Accepts one of the following values: CSV, JSON, JSONL, PARQUET, MANIFEST". The page does not say that
// InputType is required, so a ReaderConfig without one (or no ReaderConfig, or no ItemReader) is accepted.
describe('ItemReader ReaderConfig InputType', () => {
  const ALLOWED = '[CSV, JSON, JSONL, PARQUET, MANIFEST]';
  const languages: QueryLanguage[] = ['JSONPath', 'JSONata'];

  describe.each(languages)('in a %s machine', (language) => {
    it.each([
      ['"XML"', 'XML'],
      ['"csv"', 'csv'],
      ['""', ''],
      ['42', 42],
      ['null', null],
      ['object', { Type: 'CSV' }],
      ['array', ['CSV']],
    ])('refuses InputType %s, naming the state, the value and the allowed values', (shown, inputType) => {
      expect(message(itemReaderMachine(language, { InputType: inputType }))).toBe(
        `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'InputType' of state 'Orders' ` +
          `should have one of these values: ${ALLOWED}, got ${shown} at /States/Orders/ItemReader/ReaderConfig/InputType'`,
      );
    });

    it.each(['CSV', 'JSON', 'JSONL', 'PARQUET', 'MANIFEST'])('accepts InputType %s', (inputType) => {
      accepted(itemReaderMachine(language, { InputType: inputType }));
    });

    it('accepts a ReaderConfig without InputType, an ItemReader without ReaderConfig, a Map without ItemReader', () => {
      accepted(itemReaderMachine(language, { MaxItems: 10 }));
      accepted(itemReaderMachine(language));
      const { ItemReader: _none, ...noReader } = itemReaderMap(language);
      accepted(machine({ Orders: noReader }, { QueryLanguage: language }));
    });
  });

  it('checks a Map nested in a Parallel branch, the pointer leading to it', () => {
    const definition = machine({
      Fan: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Orders', States: { Orders: itemReaderMap('JSONPath', { InputType: 'XML' }) } },
        ],
        End: true,
      },
    });
    expect(validateDefinitionValue(definition, 'STANDARD')).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        message: `The field 'InputType' of state 'Orders' should have one of these values: ${ALLOWED}, got "XML"`,
        location: '/States/Fan/Branches/0/States/Orders/ItemReader/ReaderConfig/InputType',
      },
    ]);
  });
});

describe('normalizeDefinition', () => {
  it('reads "QueryLanguage" written inside States as the machine\'s (aws-samples shared-fallback-state-jsonata, deployed so)', () => {
    const misplaced = {
      StartAt: 'A',
      States: { QueryLanguage: 'JSONata', A: pass({ Output: '{% $states.input %}' }) },
    };
    accepted(misplaced);
    expect(normalizeDefinition(misplaced)).toEqual({
      StartAt: 'A',
      QueryLanguage: 'JSONata',
      States: { A: pass({ Output: '{% $states.input %}' }) },
    });
    const plain = machine({ A: pass() });
    expect(normalizeDefinition(plain)).toBe(plain);
  });
});
