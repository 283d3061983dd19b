import { describe, expect, it } from 'vitest';
import {
  compileJsonata,
  evaluateJsonata,
  evaluateTemplate,
  isJsonataExpression,
  unexpectedType,
  unsupportedReference,
  type JsonataBindings,
} from '../../../src/engine/asl/jsonata.js';

/**
 * Expected values: the developer guide (transforming-data, workflow-variables), AWS's function descriptions
 * (aws/amazon-states-language-service src/asl-utils/utils/jsonata/functions.ts), AWS answers recorded in
 * LocalStack's snapshot files ([R] file::test), and AWS's CreateStateMachine answers reported verbatim in
 * floci-io/floci issues #2670 and #2745 ([M]).
 */

function bindings(input: unknown = {}, variables: Record<string, unknown> = {}): JsonataBindings {
  return { states: { input, context: { Execution: { Name: 'exec-1' } } }, variables };
}

describe('isJsonataExpression (AWS: starts with {% and ends with %}, no spaces outside)', () => {
  it('detects expressions, with or without spaces inside the delimiters', () => {
    expect(isJsonataExpression('{% $states.input %}')).toBe(true);
    expect(isJsonataExpression('{% $states.input%}')).toBe(true);
    expect(isJsonataExpression('{%$x%}')).toBe(true);
    expect(isJsonataExpression('{%\n  $states.input.a\n%}')).toBe(true);
  });
  it('treats everything else as a literal', () => {
    expect(isJsonataExpression(' {% $x %}')).toBe(false);
    expect(isJsonataExpression('{% $x %} ')).toBe(false);
    expect(isJsonataExpression('$customerName')).toBe(false);
    expect(isJsonataExpression(42)).toBe(false);
  });
});

describe('evaluateTemplate', () => {
  it('evaluates the documented Arguments example (transforming-data)', async () => {
    const args = {
      static: 'Hello',
      title: '{% $states.input.title %}',
      name: '{% $customerName %}',
      'not-evaluated': '$customerName',
    };
    expect(
      await evaluateTemplate(args, bindings({ title: 'Doctor' }, { customerName: 'María' }), 'Arguments'),
    ).toEqual({ static: 'Hello', title: 'Doctor', name: 'María', 'not-evaluated': '$customerName' });
  });

  it('evaluates expressions inside arrays ([R] test_base_evaluate_expressions::test_base_map[ITEMS])', async () => {
    expect(await evaluateTemplate([1, "{% $number('2') %}", 3], bindings(), 'Items')).toEqual([1, 2, 3]);
  });

  it('evaluates a whole-value expression and reads the context', async () => {
    expect(await evaluateTemplate('{% $states.context.Execution.Name %}', bindings(), 'Output')).toBe(
      'exec-1',
    );
  });

  it("fails a field that returns nothing with AWS's cause ([R] BASE_UNDEFINED_OUTPUT_FIELD)", async () => {
    await expect(
      evaluateTemplate({ result: '{% $doesNotExist %}' }, bindings(), 'Output'),
    ).rejects.toMatchObject({
      error: 'States.QueryEvaluationError',
      cause:
        "The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).",
    });
  });
});

describe("AWS's functions", () => {
  it('$partition (functions.ts examples)', async () => {
    const run = (e: string): Promise<unknown> => evaluateJsonata(`{% ${e} %}`, bindings());
    expect(await run('$partition([1,2,3,4,5], 2)')).toEqual([[1, 2], [3, 4], [5]]);
    expect(await run('$partition([1,2,3,4,5], 1)')).toEqual([[1], [2], [3], [4], [5]]);
    expect(await run('$partition([1,2,3,4,5], 6)')).toEqual([[1, 2, 3, 4, 5]]);
    expect(await run('$partition([], 2)')).toEqual([]);
    // [R] test_array_jsonata::test_array_partition: no collapse of a one-chunk result.
    expect(await run('$partition([0], 1)')).toEqual([[0]]);
  });

  it('$range, end inclusive, a one-item range collapsing ([R] test_array_jsonata::test_array_range)', async () => {
    const range = (a: number, b: number, c: number): Promise<unknown> =>
      evaluateJsonata(
        '{% $range($states.input.a, $states.input.b, $states.input.c) %}',
        bindings({ a, b, c }),
      );
    expect(await range(0, 9, 3)).toEqual([0, 3, 6, 9]);
    expect(await range(0, 10, 3)).toEqual([0, 3, 6, 9]);
    expect(await range(1, 9, 2)).toEqual([1, 3, 5, 7, 9]);
    expect(await range(1, 9, 9)).toBe(1);
    // functions.ts examples.
    expect(await range(1, -5, -1)).toEqual([1, 0, -1, -2, -3, -4, -5]);
    expect(await range(1, 9, 3)).toEqual([1, 4, 7]);
  });

  it('$hash, $random, $uuid, $parse', async () => {
    expect(await evaluateJsonata("{% $hash('input data', 'SHA-1') %}", bindings())).toBe(
      'aaff4a450a104cd177d28d18d74485e8cae074b7',
    );
    const seeded = (await evaluateJsonata('{% [$random(80), $random(80)] %}', bindings())) as number[];
    expect(seeded[0]).toBe(seeded[1]);
    expect(seeded[0]! >= 0 && seeded[0]! < 1).toBe(true);
    expect(await evaluateJsonata('{% $uuid() %}', bindings())).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    // [R] test_json_manipulation_jsonata::test_parse.
    const parse = (s: string): Promise<unknown> =>
      evaluateJsonata('{% $parse($states.input.s) %}', bindings({ s }));
    expect(await parse('-0')).toBe(0);
    expect(await parse('true')).toBe(true);
    expect(await parse('{"Arg1": 1, "Arg2": []}')).toEqual({ Arg1: 1, Arg2: [] });
  });

  it('reports an unknown function as jsonata does ([R] test_math_operations_jsonata: T1006), $eval included', async () => {
    const cause =
      "The JSONata expression '$randomSeeded(1)' specified for the field 'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function";
    await expect(
      evaluateJsonata('{% $randomSeeded(1) %}', bindings(), 'Output/FunctionResult'),
    ).rejects.toMatchObject({
      error: 'States.QueryEvaluationError',
      cause,
    });
    await expect(evaluateJsonata("{% $eval('1') %}", bindings())).rejects.toMatchObject({
      cause: expect.stringContaining('T1006'),
    });
  });

  it('reports a function value as an unsupported result type ([R] test_base_evaluate_expressions)', async () => {
    await expect(evaluateJsonata('{% $fn := function($x){$x} %}', bindings(), 'Items')).rejects.toMatchObject(
      {
        cause:
          "The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.",
      },
    );
  });

  it('words a result of the wrong type as AWS does ([R]: Items of an object)', () => {
    expect(unexpectedType('{% $ItemsVar %}', 'Items', 'array', { foo: 'bar' }).cause).toBe(
      `The JSONata expression '$ItemsVar' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {"foo":"bar"}`,
    );
  });
});

describe('compileJsonata (definition-time checks)', () => {
  it("gives jsonata's parser message ([M] floci #2745: 'Unexpected end of expression' for {% 1 + %})", () => {
    expect(compileJsonata('{% 1 + %}')).toEqual({ ok: false, error: 'Unexpected end of expression' });
  });

  it('refuses operators added after 2.0.6 (AWS implements the 2.0.6 specification)', () => {
    expect(compileJsonata('{% $a ?: 1 %}').ok).toBe(false);
    expect(compileJsonata('{% $a ?? 1 %}').ok).toBe(false);
  });

  it("finds top-level references ([M] floci #2670: Reference to 'phone' at the top level is not supported.)", () => {
    const check = (e: string): string | undefined => {
      const c = compileJsonata(e);
      if (!c.ok) throw new Error(c.error);
      return unsupportedReference(c.value);
    };
    expect(check('{% phone %}')).toBe("Reference to 'phone' at the top level is not supported.");
    expect(check('{% $count(items) %}')).toBe("Reference to 'items' at the top level is not supported.");
    expect(check('{% $states.input.phone %}')).toBeUndefined();
    expect(check('{% $states.input.items[price > 5].name %}')).toBeUndefined();
    expect(check('{% $map($states.input.list, function($v) { $v.name }) %}')).toBeUndefined();
    expect(check('{% {"a": $x, "b": [1, $states.input.y]} %}')).toBeUndefined();
  });
});
