/**
 * JSONata states end to end, through the real SDK client: every field that takes an expression, `$states`,
 * AWS's added functions, Catch Output, and evaluation errors with their EvaluationFailed events. Expected
 * values are AWS's: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (and the
 * workflow-variables and state-map pages), and the recorded histories of LocalStack's AWS-validated
 * snapshots (tests/aws/services/stepfunctions/v2/..., cited per test); the arithmetic of a test's own
 * expressions is worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { chain, ended, history, run, start, useMachineFolder } from './runs.js';

const jsonata = (States: Record<string, unknown>, StartAt = Object.keys(States)[0]!) => ({
  QueryLanguage: 'JSONata',
  StartAt,
  States,
});

const details = (events: HistoryEvent[], type: string) => events.filter((e) => e.type === type);

const FOLDER = {
  Greeter: {
    'definition.asl.json': jsonata({
      Init: { Type: 'Pass', Assign: { customerName: 'María' }, Next: 'Greet' },
      Greet: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: {
          static: 'Hello',
          title: '{% $states.input.title %}',
          name: '{% $customerName %}',
          'not-evaluated': '$customerName',
        },
        End: true,
      },
    }),
    'handlers.mjs': 'export default { Greet: (input) => input };',
  },
  Totals: {
    'definition.asl.json': jsonata({
      Sum: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { values: '{% $states.input.values %}' },
        Output: {
          total: '{% $states.result.total %}',
          currency: '{% $states.input.currency %}',
          count: '{% $count($states.input.values) %}',
        },
        TimeoutSeconds: '{% $variable := 1 %}',
        HeartbeatSeconds: '{% $states.input.heartbeat %}',
        End: true,
      },
    }),
    'handlers.mjs': 'export default { Sum: ({ values }) => ({ total: values.reduce((a, b) => a + b, 0) }) };',
  },
  Crowd: {
    'definition.asl.json': jsonata({
      Each: {
        Type: 'Map',
        Items: '{% $states.input.items %}',
        MaxConcurrency: '{% $states.input.limit %}',
        ItemProcessor: {
          StartAt: 'Work',
          States: { Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
        },
        Next: 'Peak',
      },
      Peak: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true },
    }),
    // Work counts the iterations of its execution that run at once; Peak answers the most there were.
    'handlers.mjs': `import { setTimeout } from 'node:timers/promises';
const active = new Map();
const peak = new Map();
export default {
  Work: async (item, { executionArn: id }) => {
    active.set(id, (active.get(id) ?? 0) + 1);
    peak.set(id, Math.max(peak.get(id) ?? 0, active.get(id)));
    await setTimeout(10);
    active.set(id, active.get(id) - 1);
    return item;
  },
  Peak: (items, { executionArn: id }) => ({ items, peak: peak.get(id) }),
};`,
  },
};

describe('JSONata states', () => {
  const { local, arn } = useMachineFolder(FOLDER);

  it('evaluates Task Arguments with $states.input and variables; strings without {% %} are literals (transforming-data.html)', async () => {
    const executionArn = await start(local.sfn, arn('Greeter'), { title: 'Doctor' });
    const d = await ended(local.sfn, executionArn);
    const expected = { static: 'Hello', title: 'Doctor', name: 'María', 'not-evaluated': '$customerName' };
    expect(JSON.parse(d.output!)).toEqual(expected);
    // The resolved Arguments are the TaskScheduled parameters, as AWS records them.
    const [scheduled] = details(await history(local.sfn, executionArn), 'TaskScheduled');
    expect(JSON.parse(scheduled!.taskScheduledEventDetails!.parameters!)).toEqual(expected);
  });

  it('shapes a Task result with Output from $states.result and $states.input; TimeoutSeconds and HeartbeatSeconds take expressions (recorded: test_base_task)', async () => {
    const executionArn = await start(local.sfn, arn('Totals'), {
      values: [2, 3, 4],
      currency: 'EUR',
      heartbeat: 1,
    });
    const d = await ended(local.sfn, executionArn);
    expect(JSON.parse(d.output!)).toEqual({ total: 9, currency: 'EUR', count: 3 });
    const [scheduled] = details(await history(local.sfn, executionArn), 'TaskScheduled');
    expect(scheduled!.taskScheduledEventDetails).toMatchObject({
      timeoutInSeconds: 1,
      heartbeatInSeconds: 1,
    });
  });

  it('treats "{% $states.input%}" (no space before %}) as an expression (AWS: starts with {% and ends with %})', async () => {
    const out = await run(
      local.sfn,
      jsonata({ Echo: { Type: 'Pass', Output: '{% $states.input%}', End: true } }),
      {
        a: 1,
      },
    );
    expect(out).toMatchObject({ status: 'SUCCEEDED', output: { a: 1 } });
  });

  it('passes the input through a Pass without Output, and any JSON value through Output', async () => {
    const same = await run(local.sfn, jsonata({ P: { Type: 'Pass', End: true } }), { k: 'v' });
    expect(same.output).toEqual({ k: 'v' });
    const array = await run(
      local.sfn,
      jsonata({ P: { Type: 'Pass', Output: [1, '{% 1 + 1 %}'], End: true } }),
    );
    expect(array.output).toEqual([1, 2]);
  });

  it('evaluates Items elements and runs one iteration each (recorded: test_base_map[ITEMS])', async () => {
    const out = await run(
      local.sfn,
      jsonata({
        Start: {
          Type: 'Map',
          Items: [1, "{% $number('2') %}", 3],
          MaxConcurrency: 1,
          ItemProcessor: { StartAt: 'Process', States: { Process: { Type: 'Pass', End: true } } },
          End: true,
        },
      }),
    );
    expect(out.output).toEqual([1, 2, 3]);
    expect(details(out.events, 'MapStateStarted')[0]!.mapStateStartedEventDetails).toEqual({ length: 3 });
  });

  // state-map-inline.html: MaxConcurrency is the upper bound on the iterations that run at once (0: no
  // bound); in a JSONata state it may be an expression that gives that number (transforming-data.html).
  it('bounds the iterations that run at once by a MaxConcurrency expression', async () => {
    const peakOf = async (limit: number) => {
      const executionArn = await start(local.sfn, arn('Crowd'), { items: [1, 2, 3, 4], limit });
      const d = await ended(local.sfn, executionArn);
      expect(d.status).toBe('SUCCEEDED');
      const out = JSON.parse(d.output!) as { items: number[]; peak: number };
      expect(out.items).toEqual([1, 2, 3, 4]);
      return out.peak;
    };
    expect(await peakOf(1)).toBe(1);
    expect(await peakOf(2)).toBe(2);
    expect(await peakOf(0)).toBe(4);
  });

  it('builds each iteration input with ItemSelector from $states.context.Map.Item and variables (recorded: MAP_STATE_ITEM_SELECTOR_JSONATA)', async () => {
    const out = await run(
      local.sfn,
      jsonata({
        Start: { Type: 'Pass', Assign: { ItemsVar: ['Item1', 'Item2'] }, Next: 'MapIterateState' },
        MapIterateState: {
          Type: 'Map',
          MaxConcurrency: 1,
          Items: '{% $ItemsVar %}',
          ItemSelector: {
            map_item_value: '{% $states.context.Map.Item.Value %}',
            map_item_index: '{% $states.context.Map.Item.Index %}',
            var_sample: '{% $ItemsVar %}',
            string_literal: 'string literal',
          },
          ItemProcessor: { StartAt: 'Pass', States: { Pass: { Type: 'Pass', End: true } } },
          Output: { results: '{% $states.result %}' },
          End: true,
        },
      }),
    );
    const item = (value: string, index: number) => ({
      map_item_value: value,
      map_item_index: index,
      var_sample: ['Item1', 'Item2'],
      string_literal: 'string literal',
    });
    expect(out.output).toEqual({ results: [item('Item1', 0), item('Item2', 1)] });
  });

  it('fails a Map whose Items is not an array: EvaluationFailed, MapStateFailed, ExecutionFailed (recorded: test_map_state_items_eval_jsonata_variable_sampling_fail[object])', async () => {
    const out = await run(
      local.sfn,
      jsonata({
        Start: { Type: 'Pass', Assign: { ItemsVar: { foo: 'bar' } }, Next: 'MapIterateState' },
        MapIterateState: {
          Type: 'Map',
          MaxConcurrency: 1,
          Items: '{% $ItemsVar %}',
          ItemProcessor: { StartAt: 'Pass', States: { Pass: { Type: 'Pass', End: true } } },
          End: true,
        },
      }),
    );
    const cause =
      "An error occurred while executing the state 'MapIterateState' (entered at the event id #4). The JSONata " +
      "expression '$ItemsVar' specified for the field 'Items' returned an unexpected result type. Expected 'array', " +
      'but was \'object\' for value: {"foo":"bar"}';
    expect(out).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError', cause });
    expect(chain(out.events).slice(3)).toEqual([
      [4, 3, 'MapStateEntered'],
      [5, 3, 'EvaluationFailed'],
      [6, 5, 'MapStateFailed'],
      [7, 6, 'ExecutionFailed'],
    ]);
    expect(out.events[4]!.evaluationFailedEventDetails).toEqual({
      error: 'States.QueryEvaluationError',
      cause,
      location: 'Items',
      state: 'MapIterateState',
    });
  });

  it('fails an Output field that evaluates to nothing (recorded: BASE_UNDEFINED_OUTPUT_FIELD)', async () => {
    const out = await run(
      local.sfn,
      jsonata({ State0: { Type: 'Pass', Output: { result: '{% $doesNotExist %}' }, End: true } }),
    );
    const cause =
      "An error occurred while executing the state 'State0' (entered at the event id #2). The JSONata expression " +
      "'$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).";
    expect(out).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError', cause });
    expect(chain(out.events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 0, 'EvaluationFailed'],
      [4, 3, 'ExecutionFailed'],
    ]);
    expect(out.events[2]!.evaluationFailedEventDetails).toEqual({
      error: 'States.QueryEvaluationError',
      cause,
      location: 'Output/result',
      state: 'State0',
    });
  });

  it('answers an unknown function with T1006, as AWS does for $randomSeeded (recorded: test_math_operations_jsonata)', async () => {
    const out = await run(
      local.sfn,
      jsonata({
        State_0: {
          Type: 'Pass',
          Output: { FunctionResult: '{% $randomSeeded($states.input.FunctionInput.fst) %}' },
          End: true,
        },
      }),
      { FunctionInput: { fst: 3 } },
    );
    expect(out.cause).toBe(
      "An error occurred while executing the state 'State_0' (entered at the event id #2). The JSONata expression " +
        "'$randomSeeded($states.input.FunctionInput.fst)' specified for the field 'Output/FunctionResult' threw an " +
        'error during evaluation. T1006: Attempted to invoke a non-function',
    );
  });

  it('routes a Choice by Condition, and applies the matched rule Output (state-choice.html)', async () => {
    const definition = jsonata({
      Check: {
        Type: 'Choice',
        Choices: [{ Condition: '{% $states.input.n > 10 %}', Output: { size: 'big' }, Next: 'Done' }],
        Default: 'Done',
        Output: { size: 'small' },
      },
      Done: { Type: 'Succeed' },
    });
    expect((await run(local.sfn, definition, { n: 11 })).output).toEqual({ size: 'big' });
    expect((await run(local.sfn, definition, { n: 10 })).output).toEqual({ size: 'small' });
  });

  it('evaluates Wait Seconds and Timestamp expressions', async () => {
    local.engine.faults.set({ waitScale: 0.001 });
    try {
      const out = await run(
        local.sfn,
        jsonata({
          Pause: { Type: 'Wait', Seconds: '{% $states.input.delay %}', Next: 'Until' },
          Until: { Type: 'Wait', Timestamp: '{% $states.input.at %}', Output: 'waited', End: true },
        }),
        { delay: 2, at: '2020-01-01T00:00:00Z' },
      );
      expect(out.output).toBe('waited');
      expect(out.events.map((e) => e.type)).toContain('WaitStateExited');
    } finally {
      local.engine.faults.reset();
    }
  });

  it('fails with Fail Error and Cause expressions', async () => {
    const out = await run(
      local.sfn,
      jsonata({
        Reject: {
          Type: 'Fail',
          Error: "{% 'Order.' & $states.input.reason %}",
          Cause: "{% 'Order ' & $states.input.id & ' was rejected' %}",
        },
      }),
      { reason: 'Rejected', id: 'o-7' },
    );
    expect(out).toMatchObject({ status: 'FAILED', error: 'Order.Rejected', cause: 'Order o-7 was rejected' });
  });

  it('exposes the context object as $states.context (input-output-contextobject.html)', async () => {
    const out = await run(
      local.sfn,
      jsonata({
        Where: {
          Type: 'Pass',
          Output: {
            state: '{% $states.context.State.Name %}',
            input: '{% $states.context.Execution.Input %}',
            redrives: '{% $states.context.Execution.RedriveCount %}',
            sameExecution: '{% $states.context.Execution.Id = $states.context.Execution.Id %}',
          },
          End: true,
        },
      }),
      { x: 1 },
    );
    expect(out.output).toEqual({ state: 'Where', input: { x: 1 }, redrives: 0, sameExecution: true });
  });

  it("runs AWS's JSONata functions (transforming-data.html; recorded: test_array_jsonata, test_json_manipulation_jsonata)", async () => {
    const out = await run(
      local.sfn,
      jsonata({
        Functions: {
          Type: 'Pass',
          Output: {
            partition: '{% $partition([1,2,3,4,5], 2) %}',
            range: '{% $range(0, 10, 3) %}',
            rangeOfOne: '{% $range(1, 9, 9) %}',
            hash: "{% $hash('input data', 'SHA-1') %}",
            parsed: '{% $parse($states.input.text) %}',
            uuid: '{% $uuid() %}',
            seeded: '{% [$random(80), $random(80)] %}',
          },
          End: true,
        },
      }),
      { text: '{"Arg1": 1, "Arg2": []}' },
    );
    const o = out.output as Record<string, unknown>;
    expect(o).toMatchObject({
      partition: [[1, 2], [3, 4], [5]],
      range: [0, 3, 6, 9],
      rangeOfOne: 1,
      hash: 'aaff4a450a104cd177d28d18d74485e8cae074b7',
      parsed: { Arg1: 1, Arg2: [] },
    });
    expect(o.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const [a, b] = o.seeded as number[];
    expect(a).toBe(b);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(1);
  });

  it('gives a Parallel Arguments and shapes its result with Output; a Catch Output reads $states.errorOutput', async () => {
    const ok = await run(
      local.sfn,
      jsonata({
        Both: {
          Type: 'Parallel',
          Arguments: { n: '{% $states.input.n * 2 %}' },
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', Output: '{% $states.input.n + 1 %}', End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Pass', Output: '{% $states.input.n + 2 %}', End: true } } },
          ],
          Output: { sum: '{% $sum($states.result) %}', from: '{% $states.input.n %}' },
          End: true,
        },
      }),
      { n: 5 },
    );
    expect(ok.output).toEqual({ sum: 23, from: 5 });
    const caught = await run(
      local.sfn,
      jsonata({
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Branch.Broke', Cause: 'no luck' } } },
          ],
          Catch: [
            {
              ErrorEquals: ['Branch.Broke'],
              Output: { caught: '{% $states.errorOutput.Error %}', why: '{% $states.errorOutput.Cause %}' },
              Next: 'Done',
            },
          ],
          End: true,
        },
        Done: { Type: 'Succeed' },
      }),
    );
    expect(caught.output).toEqual({ caught: 'Branch.Broke', why: 'no luck' });
  });

  it('without a Catch Output, passes on the error output {Error, Cause} (agent toolkit error-handling.md)', async () => {
    const out = await run(
      local.sfn,
      jsonata({
        Both: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E', Cause: 'C' } } }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Succeed' },
      }),
    );
    expect(out.output).toEqual({ Error: 'E', Cause: 'C' });
  });
});
