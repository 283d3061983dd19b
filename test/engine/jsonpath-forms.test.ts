/**
 * JSONPath forms AWS accepts, run end to end through the real SDK client. AWS reads paths with Jayway
 * JsonPath (its runtime errors are Jayway's texts, recorded in LocalStack's AWS-validated snapshots), so
 * `$.[0]` is `$[0]`, a bracket union of names gives one object, and filters may read nested members and
 * the root. The forms come from definitions deployed by AWS's own samples (aws-samples
 * step-functions-workflows-collection, test/fixtures/asl-samples); values marked "recorded" are AWS's
 * (v2/base/test_base.snapshot.json, v2/scenarios/test_base_scenarios.snapshot.json), the others follow
 * the Jayway JsonPath README (https://github.com/json-path/JsonPath#operators): `['<name>' (, '<name>')]` is
 * "Bracket-notated child or children", `[?(<expression>)]` a filter in which `@` is the current node and `$`
 * the root ("$..book[?(@.price <= $['expensive'])]": "All books in store that are not expensive"), and
 * AWS's https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html ("Paths"),
 * which reads paths with that syntax.
 */
import { describe, expect, it } from 'vitest';
import { useEngine } from '../helpers/engine.js';
import { run } from './runs.js';

/** A Pass whose Parameters read `path` into `value`. */
const reading = (path: string) => ({
  StartAt: 'pass',
  States: { pass: { Type: 'Pass', Parameters: { 'value.$': path }, End: true } },
});

describe('JSONPath forms', () => {
  const local = useEngine();

  it('filters an array by a member (recorded: test_state_pass_regex_json_path_base)', async () => {
    const out = await run(
      local.sfn,
      {
        StartAt: 'State0',
        States: {
          State0: { Type: 'Pass', Parameters: { 'FromInput.$': '$.users[?(@.status == 0)]' }, End: true },
        },
      },
      {
        users: [
          { year: 1997, status: 0 },
          { year: 1998, status: 1 },
        ],
      },
    );
    expect(out.output).toEqual({ FromInput: [{ year: 1997, status: 0 }] });
  });

  it('gives an empty list for an indefinite path with no match (recorded: test_json_path_array_wildcard_or_slice_with_no_input)', async () => {
    for (const path of ['$.items[*]', '$.items[1:]', '$.items[1:].itemValue', '$.item.items[*]']) {
      const out = await run(local.sfn, {
        StartAt: 'EntryState',
        States: { EntryState: { Type: 'Pass', Parameters: { 'item.$': path }, End: true } },
      });
      expect(out.output, path).toEqual({ item: [] });
    }
  });

  // `.` then `[<number>]` (Jayway README, Operators: "Array index"): the form of the deployed sample
  // idempotent-workflow--statemachine.asl.json.
  it('reads $.[0] and $.x.[0] as $[0] and $.x[0]', async () => {
    expect((await run(local.sfn, reading('$.[0]'), ['first', 'second'])).output).toEqual({ value: 'first' });
    expect((await run(local.sfn, reading('$.x.[1]'), { x: [10, 20] })).output).toEqual({ value: 20 });
  });

  // Jayway README, Operators: `['<name>' (, '<name>')]` "Bracket-notated child or children" (the children of
  // one object, read together as one object).
  it("reads a union of names ($['bucket','key']) as one object", async () => {
    const out = await run(local.sfn, reading("$['bucket','key']"), { bucket: 'b', key: 'k', other: 1 });
    expect(out.output).toEqual({ value: { bucket: 'b', key: 'k' } });
  });

  // Jayway README: `@` "The current node being processed by a filter predicate", and its example
  // `$..book[?(@.price <= $['expensive'])]` compares with a value read from the root.
  it('filters on a nested member and against the root', async () => {
    const input = {
      want: 'b',
      items: [
        { id: 1, tag: { name: 'a' } },
        { id: 2, tag: { name: 'b' } },
      ],
    };
    expect((await run(local.sfn, reading("$.items[?(@.tag.name == 'a')].id"), input)).output).toEqual({
      value: [1],
    });
    expect((await run(local.sfn, reading('$.items[?(@.tag.name == $.want)].id'), input)).output).toEqual({
      value: [2],
    });
  });

  // workflow-variables.html: a JSONPath state reads a variable as `$name` followed by a path; the context
  // object is `$$` (input-output-contextobject.html: `$$.State.Name`).
  it('reads variables and the context object in paths', async () => {
    const out = await run(local.sfn, {
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { order: { lines: [{ sku: 'A' }, { sku: 'B' }] } }, Next: 'Read' },
        Read: {
          Type: 'Pass',
          Parameters: { 'sku.$': '$order.lines[1].sku', 'state.$': '$$.State.Name' },
          End: true,
        },
      },
    });
    expect(out.output).toEqual({ sku: 'B', state: 'Read' });
  });

  it('fails a missing Parameters path with the field named (recorded: test_base_scenarios value.$ cause)', async () => {
    const out = await run(local.sfn, reading('$.no_such_jsonpath'), { a: 1 });
    expect(out).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause:
        "An error occurred while executing the state 'pass' (entered at the event id #2). The JSONPath " +
        "'$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"a\":1}'",
    });
  });

  it("fails a missing InputPath with Jayway's message (recorded: Invalid path ... No results for path)", async () => {
    const out = await run(
      local.sfn,
      { StartAt: 'pass', States: { pass: { Type: 'Pass', InputPath: '$.NoSuchInputPath', End: true } } },
      { a: 1 },
    );
    expect(out.cause).toBe(
      "An error occurred while executing the state 'pass' (entered at the event id #2). Invalid path " +
        "'$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']",
    );
  });

  it('fails a missing ErrorPath with the field named (recorded: test_state_fail_path)', async () => {
    const out = await run(
      local.sfn,
      { StartAt: 'fail', States: { fail: { Type: 'Fail', ErrorPath: '$.ErrorX', Cause: 'c' } } },
      { Error: 'E' },
    );
    expect(out.cause).toBe(
      "An error occurred while executing the state 'fail' (entered at the event id #2). The JSONPath '$.ErrorX' " +
        'specified for the field \'ErrorPath\' could not be found in the input \'{"Error":"E"}\'',
    );
  });

  it('replaces the whole input with ResultPath "$" (state-task.html: ResultPath $ keeps only the result)', async () => {
    const out = await run(
      local.sfn,
      { StartAt: 'P', States: { P: { Type: 'Pass', Result: { r: 1 }, ResultPath: '$', End: true } } },
      { a: 1 },
    );
    expect(out.output).toEqual({ r: 1 });
    const named = await run(
      local.sfn,
      { StartAt: 'P', States: { P: { Type: 'Pass', Result: 5, ResultPath: "$['a b']", End: true } } },
      { a: 1 },
    );
    expect(named.output).toEqual({ a: 1, 'a b': 5 });
  });
});
