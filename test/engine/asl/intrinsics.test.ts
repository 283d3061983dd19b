import { describe, expect, it } from 'vitest';
import { evaluateIntrinsic, parseIntrinsic } from '../../../src/engine/asl/intrinsics.js';
import type { PathRoots } from '../../../src/engine/asl/jsonpath.js';

/**
 * Expected values: the examples of the developer guide page amazon-states-language-intrinsic-functions ("doc"),
 * and AWS answers recorded in LocalStack's tests/aws/services/stepfunctions/v2/intrinsic_functions/*.snapshot.json
 * ("[R] <file>::<test>").
 */

function run(expr: string, input: unknown = {}, extra: Partial<PathRoots> = {}): unknown {
  return evaluateIntrinsic(expr, { input, context: {}, variables: {}, ...extra });
}

const NINE = [1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('intrinsic functions: the developer guide examples', () => {
  it('States.Format with a literal and with a path template', () => {
    expect(run("States.Format('Hello, my name is {}.', $.name)", { name: 'Arnav' })).toBe(
      'Hello, my name is Arnav.',
    );
    expect(
      run('States.Format($.template, $.name)', { name: 'Arnav', template: 'Hello, my name is {}.' }),
    ).toBe('Hello, my name is Arnav.');
  });

  it('States.StringToJson and States.JsonToString', () => {
    expect(run('States.StringToJson($.escapedJsonString)', { escapedJsonString: '{"foo": "bar"}' })).toEqual({
      foo: 'bar',
    });
    expect(run('States.JsonToString($.unescapedJson)', { unescapedJson: { foo: 'bar' } })).toBe(
      '{"foo":"bar"}',
    );
  });

  it('States.Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength, ArrayUnique', () => {
    expect(run('States.Array($.Id)', { Id: 123456 })).toEqual([123456]);
    expect(run('States.ArrayPartition($.inputArray,4)', { inputArray: NINE })).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9],
    ]);
    expect(run('States.ArrayContains($.inputArray, $.lookingFor)', { inputArray: NINE, lookingFor: 5 })).toBe(
      true,
    );
    expect(run('States.ArrayRange(1, 9, 2)')).toEqual([1, 3, 5, 7, 9]);
    expect(run('States.ArrayGetItem($.inputArray, $.index)', { inputArray: NINE, index: 5 })).toBe(6);
    expect(run('States.ArrayLength($.inputArray)', { inputArray: NINE })).toBe(9);
    expect(run('States.ArrayUnique($.inputArray)', { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] })).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('States.Base64Encode, Base64Decode, Hash', () => {
    expect(run('States.Base64Encode($.input)', { input: 'Data to encode' })).toBe('RGF0YSB0byBlbmNvZGU=');
    expect(run('States.Base64Decode($.base64)', { base64: 'RGF0YSB0byBlbmNvZGU=' })).toBe('Data to encode');
    // The page prints the SHA-1 with a digit missing; [R] test_hash_calculations::test_hash has the whole value.
    expect(run('States.Hash($.Data, $.Algorithm)', { Data: 'input data', Algorithm: 'SHA-1' })).toBe(
      'aaff4a450a104cd177d28d18d74485e8cae074b7',
    );
  });

  it('States.JsonMerge, MathAdd, StringSplit, MathRandom, UUID', () => {
    const json1 = { a: { a1: 1, a2: 2 }, b: 2 };
    const json2 = { a: { a3: 1, a4: 2 }, c: 3 };
    expect(run('States.JsonMerge($.json1, $.json2, false)', { json1, json2 })).toEqual({
      a: { a3: 1, a4: 2 },
      b: 2,
      c: 3,
    });
    expect(run('States.MathAdd($.value1, $.step)', { value1: 111, step: -1 })).toBe(110);
    expect(
      run('States.StringSplit($.inputString, $.splitter)', { inputString: '1,2,3,4,5', splitter: ',' }),
    ).toEqual(['1', '2', '3', '4', '5']);
    const random = run('States.MathRandom($.start, $.end)', { start: 1, end: 999 }) as number;
    expect(Number.isInteger(random) && random >= 1 && random < 999).toBe(true);
    expect(run('States.UUID()')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('intrinsic functions: AWS-recorded answers', () => {
  it('StringSplit splits on every splitter character and drops empty strings ([R] test_string_operations::test_string_split)', () => {
    const split = (fst: string, snd: string): unknown =>
      run('States.StringSplit($.fst, $.snd)', { fst, snd });
    expect(split('This.is+a,test=string', '.+,=')).toEqual(['This', 'is', 'a', 'test', 'string']);
    expect(split(',,,,', ',')).toEqual([]);
    expect(split(', , ,', ',')).toEqual([' ', ' ']);
    expect(split('split on T and \nnew line', 'T\n')).toEqual(['split on ', ' and ', 'new line']);
    // [R] test_generic::test_escape_sequence: a newline inside a literal.
    expect(run("States.StringSplit('Hello\nWorld', '\n')")).toEqual(['Hello', 'World']);
  });

  it('MathAdd rounds its arguments half up ([R] test_math_operations::test_math_add)', () => {
    const add = (fst: number, snd: number): unknown => run('States.MathAdd($.fst, $.snd)', { fst, snd });
    expect(add(-9, 3)).toBe(-6);
    expect(add(1.49, 1.5)).toBe(3);
    expect(add(-1.5, -1.51)).toBe(-3);
    expect(add(-0.5, 0.5)).toBe(1);
    expect(add(-2.5, 0)).toBe(-2);
  });

  it('Format prints numbers, null and objects as AWS does ([R] test_generic::test_format_1, test_format_2)', () => {
    const format = (fst: unknown): unknown => run("States.Format('Formatting argument {}.', $.fst)", { fst });
    expect(format(null)).toBe('Formatting argument null.');
    expect(format(1.1)).toBe('Formatting argument 1.1.');
    expect(format('{"Arg1": 1, "Arg2": []}')).toBe('Formatting argument {"Arg1": 1, "Arg2": []}.');
    expect(format({ Arg1: 1, Arg2: [] })).toBe('Formatting argument {Arg1=1, Arg2=[]}.');
  });

  it('StringToJson, JsonToString, Array, ArrayPartition, ArrayRange, ArrayContains edge cases ([R] test_json_manipulation, test_array)', () => {
    expect(run('States.StringToJson($.s)', { s: '' })).toBeNull();
    expect(run('States.StringToJson($.s)', { s: '-0' })).toBe(0);
    expect(run('States.JsonToString($.v)', { v: [1, 2, 'HelloWorld'] })).toBe('[1,2,"HelloWorld"]');
    expect(run('States.Array()')).toEqual([]);
    expect(run('States.Array($.a, $.b)', { a: null, b: null })).toEqual([null, null]);
    expect(run('States.ArrayPartition($.a, 3)', { a: [0, 1, 2, 3] })).toEqual([[0, 1, 2], [3]]);
    expect(run('States.ArrayPartition($.a, 5)', { a: [] })).toEqual([]);
    expect(run('States.ArrayRange(0, 10, 3)')).toEqual([0, 3, 6, 9]);
    expect(run('States.ArrayRange(1, 9, 9)')).toEqual([1]);
    expect(run('States.ArrayContains($.a, $.b)', { a: [[1, 2, 3], 2], b: [1, 2, 3] })).toBe(true);
    expect(run('States.ArrayContains($.a, $.b)', { a: [], b: [] })).toBe(false);
  });

  it('Hash supports MD5 and the SHA family ([R] test_hash_calculations::test_hash)', () => {
    expect(run("States.Hash('input data', 'MD5')")).toBe('812f45842bc6d66ee14572ce20db8e86');
    expect(run("States.Hash('input data', 'SHA-256')")).toBe(
      'b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3',
    );
  });

  it('nests calls and reads the context object ([R] test_generic::test_nested_calls_2)', () => {
    const context = { StateMachine: { Name: 'part-one-two' } };
    expect(
      run(
        "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))",
        {},
        { context },
      ),
    ).toBe('two');
  });
});

describe('intrinsic functions: escapes, variables and errors', () => {
  it("reads \\' \\{ \\} \\\\ in literals (doc: reserved characters)", () => {
    expect(run("States.Format('It\\'s \\{{}\\} \\\\', $.x)", { x: 1 })).toBe("It's {1} \\");
  });

  it('reads variables as arguments (workflow-variables)', () => {
    expect(
      run("States.Format('Hello {}', $customerName)", {}, { variables: { customerName: 'María' } }),
    ).toBe('Hello María');
  });

  it('fails bad arguments with States.IntrinsicFailure', () => {
    const failure = expect.objectContaining({ error: 'States.IntrinsicFailure' });
    expect(() => run('States.ArrayGetItem($.a, 5)', { a: [1] })).toThrow(failure);
    expect(() => run('States.ArrayLength($.a)', { a: 'text' })).toThrow(failure);
    expect(() => run("States.Hash('x', 'SHA-3')")).toThrow(failure);
    expect(() => run('States.JsonMerge($.a, $.a, true)', { a: {} })).toThrow(failure);
    expect(() => run("States.Format('{} {}', 1)")).toThrow(failure);
  });

  it('fails a path that finds nothing with States.Runtime', () => {
    expect(() => run('States.Array($.missing)', {})).toThrow(
      expect.objectContaining({ error: 'States.Runtime' }),
    );
  });

  it('refuses unknown functions, wrong argument counts and bad syntax at parse time', () => {
    expect(parseIntrinsic('States.ArrayRange(1, 2)')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/3/),
    });
    expect(parseIntrinsic('States.Nope(1)')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Nope/),
    });
    expect(parseIntrinsic("States.Format('a'").ok).toBe(false);
    expect(parseIntrinsic("States.Format('a') extra").ok).toBe(false);
    expect(parseIntrinsic("States.Format('{}', $.a[?(@.b == 'x, y')])").ok).toBe(true);
    expect(parseIntrinsic('States.UUID()').ok).toBe(true);
  });
});
