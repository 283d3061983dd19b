/**
 * Workflow variables (Assign) in both query languages, through the real SDK client. Expected values are
 * AWS's: the recorded histories of LocalStack's AWS-validated snapshots (tests/aws/services/stepfunctions/v2/
 * assign/*.snapshot.json, cited per test) and the examples of
 * https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html.
 */
import { describe, expect, it } from 'vitest';
import { machineFolder, sfnClient, startTestEngine, useEngine } from '../helpers/engine.js';
import { assignedByState, ended, history, run, start, useMachineFolder } from './runs.js';

describe('Assign (JSONPath)', () => {
  const local = useEngine();

  it('evaluates Assign before ResultPath and OutputPath, which still read the old values (recorded: test_state_assign_evaluation_order)', async () => {
    const question = 'What is the answer to life the universe and everything?';
    const out = await run(local.sfn, {
      StartAt: 'State0',
      States: {
        State0: {
          Type: 'Pass',
          Result: { theQuestion: question },
          Assign: { 'question.$': '$.theQuestion', answer: 42 },
          Next: 'State1',
        },
        State1: {
          Type: 'Pass',
          InputPath: '$answer',
          ResultPath: '$.theAnswer',
          OutputPath: '$answer',
          Assign: { answer: '<omitted>' },
          End: true,
        },
      },
    });
    expect(out.output).toBe(42);
    expect(assignedByState(out.events)).toEqual({
      State0: { answer: '42', question: JSON.stringify(question) },
      State1: { answer: '"<omitted>"' },
    });
    const exit = out.events.find((e) => e.stateExitedEventDetails?.name === 'State0')!;
    expect(exit.stateExitedEventDetails!.assignedVariablesDetails).toEqual({ truncated: false });
  });

  it('assigns from the Parameters result, and a state sees the values from before its own Assign (recorded: BASE_ASSIGN_FROM_PARAMETERS)', async () => {
    const out = await run(local.sfn, {
      StartAt: 'State0',
      States: {
        State0: {
          Type: 'Pass',
          Parameters: { input: 'PENDING' },
          Assign: { 'result.$': '$.input' },
          Next: 'State1',
        },
        State1: { Type: 'Pass', Assign: { result: 'SUCCESS', 'originalResult.$': '$.input' }, End: true },
      },
    });
    expect(out.output).toEqual({ input: 'PENDING' });
    expect(assignedByState(out.events)).toEqual({
      State0: { result: '"PENDING"' },
      State1: { originalResult: '"PENDING"', result: '"SUCCESS"' },
    });
  });

  it('gives each Map iteration a scope that reads the outer variables (recorded: BASE_SCOPE_MAP)', async () => {
    const out = await run(
      local.sfn,
      {
        StartAt: 'State0',
        States: {
          State0: { Type: 'Pass', Assign: { x: 42, items: [1, 2, 3] }, Next: 'State1' },
          State1: {
            Type: 'Map',
            ItemsPath: '$items',
            MaxConcurrency: 1,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'INLINE' },
              StartAt: 'Inner',
              States: { Inner: { Type: 'Pass', Assign: { 'innerX.$': '$x' }, End: true } },
            },
            Next: 'State2',
          },
          State2: { Type: 'Pass', Assign: { 'final.$': '$x' }, End: true },
        },
      },
      { input_value: 'input_value_literal' },
    );
    expect(out.output).toEqual([1, 2, 3]);
    const inner = out.events.filter((e) => e.stateExitedEventDetails?.name === 'Inner');
    expect(inner.map((e) => e.stateExitedEventDetails!.assignedVariables)).toEqual([
      { innerX: '42' },
      { innerX: '42' },
      { innerX: '42' },
    ]);
    expect(assignedByState(out.events).State2).toEqual({ final: '42' });
  });

  it('gives each Parallel branch a scope that reads the outer variables (recorded: BASE_SCOPE_PARALLEL)', async () => {
    const branch = (name: string) => ({
      StartAt: name,
      States: { [name]: { Type: 'Pass', Assign: { 'innerX.$': '$x', 'value.$': '$' }, End: true } },
    });
    const out = await run(local.sfn, {
      StartAt: 'State0',
      States: {
        State0: { Type: 'Pass', Assign: { x: 42 }, Next: 'State1' },
        State1: {
          Type: 'Parallel',
          Branches: [branch('Branch1'), branch('Branch21'), branch('Branch31')],
          End: true,
        },
      },
    });
    expect(out.output).toEqual([{}, {}, {}]);
    const assigned = assignedByState(out.events);
    for (const name of ['Branch1', 'Branch21', 'Branch31'])
      expect(assigned[name]).toEqual({ innerX: '42', value: '{}' });
  });

  it('runs rule-level and state-level Assign of a Choice (recorded: test_assign_in_choice_state)', async () => {
    const definition = {
      StartAt: 'CheckInputState',
      States: {
        CheckInputState: {
          Type: 'Choice',
          Choices: [
            {
              Variable: '$.input_value',
              IsPresent: false,
              Assign: { status: 'UNKNOWN' },
              Next: 'FinalState',
            },
            {
              Variable: '$.input_value',
              NumericEquals: 42,
              Assign: { status: 'CORRECT' },
              Next: 'FinalState',
            },
          ],
          Assign: { status: 'INCORRECT', 'guess.$': '$.input_value' },
          Default: 'FinalState',
        },
        FinalState: { Type: 'Pass', Parameters: { 'result.$': '$status' }, End: true },
      },
    };
    // "42" is a string: NumericEquals does not hold, so Default and the state-level Assign apply.
    const out = await run(local.sfn, definition, { input_value: '42' });
    expect(out.output).toEqual({ result: 'INCORRECT' });
    expect(assignedByState(out.events).CheckInputState).toEqual({ guess: '"42"', status: '"INCORRECT"' });
    const hit = await run(local.sfn, definition, { input_value: 42 });
    expect(hit.output).toEqual({ result: 'CORRECT' });
  });
});

describe('Assign (JSONata)', () => {
  const local = useEngine();

  it('evaluates every assignment from the values on state entry: a swap (workflow-variables.html)', async () => {
    const out = await run(local.sfn, {
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { x: 3, y: 6 }, Next: 'Swap' },
        Swap: { Type: 'Pass', Assign: { x: '{% $y %}', y: '{% $x %}' }, Next: 'Show' },
        Show: { Type: 'Pass', Output: { x: '{% $x %}', y: '{% $y %}' }, End: true },
      },
    });
    expect(out.output).toEqual({ x: 6, y: 3 });
    expect(assignedByState(out.events).Swap).toEqual({ x: '6', y: '3' });
  });

  it("runs a Choice rule's own Assign, and the state's Assign on Default (recorded: test_assign_in_choice)", async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'ChoiceState',
      States: {
        ChoiceState: {
          Type: 'Choice',
          Choices: [
            {
              Condition: '{% $states.input.condition %}',
              Next: 'ConditionTrue',
              Assign: { Assignment: 'Condition assignment' },
            },
          ],
          Default: 'DefaultState',
          Assign: { Assignment: 'Default Assignment' },
        },
        ConditionTrue: { Type: 'Pass', End: true },
        DefaultState: { Type: 'Fail', Cause: 'Condition is false' },
      },
    };
    const yes = await run(local.sfn, definition, { condition: true });
    expect(yes.output).toEqual({ condition: true });
    expect(assignedByState(yes.events).ChoiceState).toEqual({ Assignment: '"Condition assignment"' });
    const no = await run(local.sfn, definition, { condition: false });
    expect(no).toMatchObject({ status: 'FAILED', cause: 'Condition is false' });
    expect(no.error).toBeUndefined();
    expect(assignedByState(no.events).ChoiceState).toEqual({ Assignment: '"Default Assignment"' });
  });

  it("assigns a Catcher's Assign from $states.errorOutput on the failing state's exit (recorded: test_assign_in_catch_state)", async () => {
    const folder = await machineFolder({
      Catching: {
        'definition.asl.json': {
          QueryLanguage: 'JSONata',
          StartAt: 'Task',
          States: {
            Task: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Arguments: { FunctionName: 'raise', Payload: { foo: 'oof' } },
              Assign: { result: 'SUCCESS' },
              Catch: [
                {
                  ErrorEquals: ['States.ALL'],
                  Assign: { result: '{% $states.errorOutput %}' },
                  Next: 'fallback',
                },
              ],
              End: true,
            },
            fallback: { Type: 'Pass', QueryLanguage: 'JSONata', End: true },
          },
        },
        'handlers.mjs': `export default { Task: () => { throw Object.assign(new Error('Some exception was raised.'), { name: 'Exception' }); } };`,
      },
    });
    const engine = await startTestEngine(folder.dir);
    const sfn = sfnClient(engine);
    try {
      const arn = await start(sfn, `arn:aws:states:us-east-1:123456789012:stateMachine:Catching`);
      const d = await ended(sfn, arn);
      const errorOutput = { Error: 'Exception', Cause: 'Some exception was raised.' };
      expect(JSON.parse(d.output!)).toEqual(errorOutput);
      expect(assignedByState(await history(sfn, arn)).Task).toEqual({ result: JSON.stringify(errorOutput) });
    } finally {
      sfn.destroy();
      await engine.close();
      await folder.cleanup();
    }
  });
});

describe('Assign (JSONata): evaluation order and scopes', () => {
  const { local, runMachine } = useMachineFolder({
    Totals: {
      'definition.asl.json': {
        QueryLanguage: 'JSONata',
        StartAt: 'Sum',
        States: {
          Sum: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { values: '{% $states.input.values %}' },
            Assign: { total: '{% $states.result.total %}', count: '{% $count($states.input.values) %}' },
            Output: '{% $states.input %}',
            Next: 'Show',
          },
          Show: { Type: 'Pass', Output: { input: '{% $states.input %}', total: '{% $total %}' }, End: true },
        },
      },
      'handlers.mjs': `export default { Sum: ({ values }) => ({ total: values.reduce((a, b) => a + b, 0) }) };`,
    },
  });

  // workflow-variables.html: a state's Assign and Output are both evaluated from the values the state was
  // entered with, so its Output reads a variable as it was before the state's own assignment.
  it("gives a state's Output the values from before its own Assign", async () => {
    const out = await run(local.sfn, {
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { x: 1 }, Next: 'Bump' },
        Bump: { Type: 'Pass', Assign: { x: '{% $x + 1 %}' }, Output: { seen: '{% $x %}' }, Next: 'Show' },
        Show: { Type: 'Pass', Output: { seen: '{% $states.input.seen %}', after: '{% $x %}' }, End: true },
      },
    });
    expect(out.output).toEqual({ seen: 1, after: 2 });
    expect(assignedByState(out.events).Bump).toEqual({ x: '2' });
  });

  // workflow-variables.html, the reserved variable $states: `result` is the Task's (or sub-workflow's)
  // result, readable in Assign and Output; `input` stays the state's input.
  it("reads the Task's result as $states.result inside Assign", async () => {
    const out = await runMachine('Totals', { values: [20, 22] });
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output!)).toEqual({ input: { values: [20, 22] }, total: 42 });
    expect(assignedByState(out.events).Sum).toEqual({ total: '42', count: '2' });
  });

  // workflow-variables.html, variable scope: the top-level states share the outer scope; each Parallel branch
  // and each Map iteration has an inner scope that reads the outer variables, and the variables it assigns
  // are referenced only inside it (data leaves a branch or iteration through its Output).
  it('reads outer variables inside Parallel branches; what a branch assigns is gone after the Parallel', async () => {
    const branch = (name: string) => ({
      StartAt: name,
      States: {
        [name]: {
          Type: 'Pass',
          Assign: { inner: `{% $outer & '-${name}' %}` },
          Output: '{% $outer %}',
          End: true,
        },
      },
    });
    const out = await run(local.sfn, {
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { outer: 'o' }, Next: 'Both' },
        Both: { Type: 'Parallel', Branches: [branch('B1'), branch('B2')], Next: 'After' },
        After: {
          Type: 'Pass',
          Output: {
            branches: '{% $states.input %}',
            innerVisible: '{% $exists($inner) %}',
            outer: '{% $outer %}',
          },
          End: true,
        },
      },
    });
    expect(out.output).toEqual({ branches: ['o', 'o'], innerVisible: false, outer: 'o' });
    const assigned = assignedByState(out.events);
    expect(assigned.B1).toEqual({ inner: '"o-B1"' });
    expect(assigned.B2).toEqual({ inner: '"o-B2"' });
  });

  it('reads outer variables inside Map iterations; what an iteration assigns is gone after the Map', async () => {
    const out = await run(local.sfn, {
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { prefix: 'item-' }, Next: 'Each' },
        Each: {
          Type: 'Map',
          Items: [1, 2],
          MaxConcurrency: 1,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Name',
            States: {
              Name: {
                Type: 'Pass',
                Assign: { seen: '{% $states.input %}' },
                Output: '{% $prefix & $string($states.input) %}',
                End: true,
              },
            },
          },
          Next: 'After',
        },
        After: {
          Type: 'Pass',
          Output: { names: '{% $states.input %}', seenVisible: '{% $exists($seen) %}' },
          End: true,
        },
      },
    });
    expect(out.output).toEqual({ names: ['item-1', 'item-2'], seenVisible: false });
    const names = out.events.filter((e) => e.stateExitedEventDetails?.name === 'Name');
    expect(names.map((e) => e.stateExitedEventDetails!.assignedVariables)).toEqual([
      { seen: '1' },
      { seen: '2' },
    ]);
  });
});
