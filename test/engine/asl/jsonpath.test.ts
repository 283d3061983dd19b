import { describe, expect, it } from 'vitest';
import {
  PathReadError,
  parsePath,
  parseReferencePath,
  readPath,
  writePath,
  type PathRoots,
} from '../../../src/engine/asl/jsonpath.js';
import { StatesError } from '../../../src/engine/asl/states-error.js';

/**
 * AWS evaluates paths with Jayway JsonPath. Expected values come from the Step Functions developer guide
 * (amazon-states-language-paths, input-output-inputpath-params, input-output-resultpath), the Amazon States
 * Language specification, AWS responses recorded in LocalStack's snapshot files (`[R]`, file named), and the
 * Jayway JsonPath README's bookstore examples (the document below and what each path is documented to select).
 */

function roots(input: unknown, extra: Partial<PathRoots> = {}): PathRoots {
  return { input, context: {}, variables: {}, ...extra };
}

// Jayway JsonPath README, "Path Examples".
const BOOKSTORE = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
      {
        category: 'fiction',
        author: 'Herman Melville',
        title: 'Moby Dick',
        isbn: '0-553-21311-3',
        price: 8.99,
      },
      {
        category: 'fiction',
        author: 'J. R. R. Tolkien',
        title: 'The Lord of the Rings',
        isbn: '0-395-19395-8',
        price: 22.99,
      },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  expensive: 10,
};
const AUTHORS = ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien'];
const books = BOOKSTORE.store.book;

describe('readPath: the developer guide examples', () => {
  // amazon-states-language-paths: "$.foo" is 123, "$.bar" the array, "$.car.cdr" true.
  const input = { foo: 123, bar: ['a', 'b', 'c'], car: { cdr: true } };
  it('reads members and nested members', () => {
    expect(readPath('$.foo', roots(input))).toBe(123);
    expect(readPath('$.bar', roots(input))).toEqual(['a', 'b', 'c']);
    expect(readPath('$.car.cdr', roots(input))).toBe(true);
    expect(readPath('$', roots(input))).toEqual(input);
  });

  it('selects with InputPath (input-output-inputpath-params)', () => {
    const data = {
      comment: 'Example for InputPath.',
      dataset1: { val1: 1, val2: 2, val3: 3 },
      dataset2: { val1: 'a', val2: 'b', val3: 'c' },
    };
    expect(readPath('$.dataset2', roots(data))).toEqual({ val1: 'a', val2: 'b', val3: 'c' });
  });

  it('reads an index and a slice (the States Language spec, Parameters example)', () => {
    const data = { flagged: 7, vals: [0, 10, 20, 30, 40, 50] };
    expect(readPath('$.vals[0]', roots(data))).toBe(0);
    expect(readPath('$.vals[3:]', roots(data))).toEqual([30, 40, 50]);
  });

  it('reads the context object with $$ and variables with $name (workflow-variables)', () => {
    const context = { Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:M:e' } };
    expect(readPath('$$.Execution.Id', roots({}, { context }))).toBe(context.Execution.Id);
    const variables = { customerName: 'María', order: { items: [1, 2, 3] } };
    expect(readPath('$customerName', roots({}, { variables }))).toBe('María');
    expect(readPath('$order.items[0]', roots({}, { variables }))).toBe(1);
  });
});

describe('readPath: Jayway forms AWS accepts', () => {
  it('reads $.[0] as $[0] and $.x.[0] as $.x[0]', () => {
    expect(readPath('$.[0]', roots([{ a: 1 }, 10]))).toEqual({ a: 1 });
    expect(readPath('$.list.[1]', roots({ list: [5, 6] }))).toBe(6);
  });

  it("returns one object for a union of names at the end of a path ($['bucket','key'])", () => {
    const input = { bucket: 'b1', key: 'k1', other: 1 };
    expect(readPath("$['bucket','key']", roots(input))).toEqual({ bucket: 'b1', key: 'k1' });
    // With a wildcard before it, one such object per element, in a list.
    const list = [input, { bucket: 'b2', key: 'k2' }];
    expect(readPath("$.[*].['bucket', 'key']", roots(list))).toEqual([
      { bucket: 'b1', key: 'k1' },
      { bucket: 'b2', key: 'k2' },
    ]);
  });

  it('filters on nested members and on values from the root', () => {
    const input = {
      agent_id: 'w2',
      approaches: [
        { workerId: 'w1', approach: 'A' },
        { workerId: 'w2', approach: 'B' },
      ],
    };
    expect(readPath('$.approaches[?(@.workerId == $.agent_id)].approach', roots(input))).toEqual(['B']);
    const nested = { items: [{ a: { b: 1 } }, { a: { b: 2 } }] };
    expect(readPath('$.items[?(@.a.b > 1)]', roots(nested))).toEqual([{ a: { b: 2 } }]);
    expect(readPath('$.[?(@.OU > 0)]', roots([{ OU: 0 }, { OU: 3 }]))).toEqual([{ OU: 3 }]);
    expect(readPath('$[*][*]', roots([[1, 2], [3]]))).toEqual([1, 2, 3]);
  });

  it('reads a bare word in a filter as the string it spells (a sample AWS deploys uses [?(@.Name==Receipt)])', () => {
    const labels = { Labels: [{ Name: 'Receipt' }, { Name: 'Other' }] };
    expect(readPath('$.Labels[?(@.Name==Receipt)]', roots(labels))).toEqual([{ Name: 'Receipt' }]);
  });
});

describe('readPath: the Jayway README bookstore', () => {
  const r = roots(BOOKSTORE);
  it('reads wildcards, deep scans, indexes and slices as documented', () => {
    expect(readPath('$.store.book[*].author', r)).toEqual(AUTHORS);
    expect(readPath('$..author', r)).toEqual(AUTHORS);
    expect(readPath('$.store..price', r)).toEqual([8.95, 12.99, 8.99, 22.99, 19.95]);
    expect(readPath('$..book[2]', r)).toEqual([books[2]]);
    expect(readPath('$..book[-2]', r)).toEqual([books[2]]);
    expect(readPath('$..book[0,1]', r)).toEqual([books[0], books[1]]);
    expect(readPath('$..book[:2]', r)).toEqual([books[0], books[1]]);
    expect(readPath('$..book[1:2]', r)).toEqual([books[1]]);
    expect(readPath('$..book[-2:]', r)).toEqual([books[2], books[3]]);
    expect(readPath('$..book[2:]', r)).toEqual([books[2], books[3]]);
    expect(readPath('$.store.*', r)).toEqual([books, BOOKSTORE.store.bicycle]);
  });

  it('filters as documented', () => {
    expect(readPath('$..book[?(@.isbn)]', r)).toEqual([books[2], books[3]]);
    expect(readPath('$.store.book[?(@.price < 10)]', r)).toEqual([books[0], books[2]]);
    expect(readPath("$..book[?(@.price <= $['expensive'])]", r)).toEqual([books[0], books[2]]);
    expect(readPath('$..book[?(@.author =~ /.*REES/i)]', r)).toEqual([books[0]]);
    expect(readPath("$.store.book[?(@.price < 10 && @.category == 'fiction')]", r)).toEqual([books[2]]);
    expect(readPath("$.store.book[?(@.category == 'reference' || @.price > 10)]", r)).toEqual([
      books[0],
      books[1],
      books[3],
    ]);
    expect(readPath("$.store.book[?(!(@.price < 10 && @.category == 'fiction'))]", r)).toEqual([
      books[0],
      books[1],
      books[3],
    ]);
    expect(readPath("$.store.book[?(@.category in ['reference'])].title", r)).toEqual([
      'Sayings of the Century',
    ]);
  });

  it('returns a list for an indefinite path even with one match, the value for a definite one', () => {
    // README, "What is Returned When?": definite paths give the item, indefinite ones a List.
    expect(readPath('$.store.book[0].author', r)).toBe('Nigel Rees');
    expect(readPath('$.store.book[?(@.isbn == "0-553-21311-3")].author', r)).toEqual(['Herman Melville']);
    expect(readPath('$.store.book[?(@.price > 100)]', r)).toEqual([]);
  });

  it('applies path functions', () => {
    expect(readPath('$.store.book.length()', r)).toBe(4);
  });
});

describe('readPath: errors', () => {
  function failure(path: string, input: unknown): StatesError {
    try {
      readPath(path, roots(input));
    } catch (err) {
      if (err instanceof StatesError) return err;
      throw err;
    }
    throw new Error(`${path} did not fail`);
  }

  it("fails a missing leaf with Jayway's text ([R] test_runtime_errors: Invalid path '$.NoSuchInputPath')", () => {
    const err = failure('$.NoSuchInputPath', { a: 1 });
    expect(err).toBeInstanceOf(PathReadError);
    expect(err.error).toBe('States.Runtime');
    expect(err.cause).toBe("Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']");
  });

  it("fails a missing member on the way ([R]: Invalid path '$.no.such.result.path' : Missing property in path $['no'])", () => {
    expect(failure('$.no.such.result.path', { a: 1 }).cause).toBe(
      "Invalid path '$.no.such.result.path' : Missing property in path $['no']",
    );
  });

  it('fails an index out of range and an unknown variable', () => {
    expect(failure('$.list[5]', { list: [1] }).cause).toBe(
      "Invalid path '$.list[5]' : No results for path: $['list'][5]",
    );
    expect(failure('$nobody', {}).error).toBe('States.Runtime');
  });

  it('gives [] for an indefinite path through missing members, as AWS does ([R] test_base::test_json_path_array_wildcard_or_slice_with_no_input)', () => {
    for (const path of [
      '$[*]',
      '$.items[*]',
      '$.items[1:]',
      '$.items[:1]',
      '$.item.items[*]',
      '$.item.items[1:5]',
      '$.items[*].itemValue',
      '$.item.items[1:5].itemValue',
    ])
      expect(readPath(path, roots({})), path).toEqual([]);
    // A slice applied to the (object) input itself is an error, not [] (the same test's note).
    expect(() => readPath('$[1:5]', roots({}))).toThrow(PathReadError);
  });

  it('reads indexes and filters as AWS answered ([R] test_base::test_json_path_array_access, test_state_pass_regex_json_path_base)', () => {
    const items = { items: Array.from({ length: 11 }, (_v, i) => ({ item_key: i })) };
    expect(readPath('$.items[0]', roots(items))).toEqual({ item_key: 0 });
    expect(readPath('$.items[10]', roots(items))).toEqual({ item_key: 10 });
    const users = {
      users: [
        { year: 1997, status: 0 },
        { year: 1998, status: 1 },
      ],
    };
    expect(readPath('$.users[?(@.status == 0)]', roots(users))).toEqual([{ year: 1997, status: 0 }]);
  });

  it('reads JSON null as a value, not as missing', () => {
    expect(readPath('$.a', roots({ a: null }))).toBeNull();
  });
});

describe('parsePath', () => {
  it('accepts the forms AWS accepts and refuses malformed ones with a reason', () => {
    for (const ok of [
      '$',
      '$$',
      '$.a',
      '$.[0]',
      "$['a','b']",
      '$..a',
      '$[*][*]',
      '$.a[?(@.b==X)]',
      '$var.a',
      '$.a-b',
    ])
      expect(parsePath(ok).ok, ok).toBe(true);
    for (const bad of [
      '',
      'a',
      '$.',
      '$..',
      '$...a',
      '$[',
      "$['a",
      '$.a[?(@.b==)]',
      '$.a[1:2:3]',
      '$.a.nope()',
    ]) {
      const parsed = parsePath(bad);
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) expect(parsed.error.length).toBeGreaterThan(5);
    }
  });

  it('tells definite paths from indefinite ones (Jayway README, "What is Returned When?")', () => {
    const definite = (p: string): boolean =>
      (parsePath(p) as { value: { definite: boolean } }).value.definite;
    expect(definite('$.store.book[0].author')).toBe(true);
    expect(definite("$['a','b']")).toBe(true);
    expect(definite('$..author')).toBe(false);
    expect(definite('$.store.book[?(@.isbn)]')).toBe(false);
    expect(definite('$.a[0,1]')).toBe(false);
    expect(definite('$.a[1:]')).toBe(false);
  });

  it('limits reference paths to one node (amazon-states-language-paths, "Reference Paths")', () => {
    expect(parseReferencePath('$.a.b[0]').ok).toBe(true);
    expect(parseReferencePath("$['a b']").ok).toBe(true);
    expect(parseReferencePath('$.a[*]').ok).toBe(false);
    expect(parseReferencePath('$..a').ok).toBe(false);
    expect(parseReferencePath('$var').ok).toBe(false);
  });
});

describe('writePath (ResultPath, input-output-resultpath)', () => {
  const input = {
    comment: 'This is a test of the input and output of a Task state.',
    details: 'Default example',
    who: 'AWS Step Functions',
  };

  it('adds the result to the input at $.taskresult', () => {
    expect(writePath('$.taskresult', input, 'Hello, AWS Step Functions!')).toEqual({
      ...input,
      taskresult: 'Hello, AWS Step Functions!',
    });
    expect(input).not.toHaveProperty('taskresult');
  });

  it('replaces the input with $ and creates missing objects on the way', () => {
    expect(writePath('$', { a: 1 }, { r: 1 })).toEqual({ r: 1 });
    expect(writePath('$.strings.lambdaresult', { strings: { string1: 'foo' } }, 'x')).toEqual({
      strings: { string1: 'foo', lambdaresult: 'x' },
    });
    expect(writePath('$.a.b', {}, 1)).toEqual({ a: { b: 1 } });
    expect(writePath("$['a b']", { c: 1 }, 5)).toEqual({ c: 1, 'a b': 5 });
    expect(writePath('$.list[1]', { list: [1, 2] }, 9)).toEqual({ list: [1, 9] });
  });

  it('fails with States.ResultPathMatchFailure where the input cannot hold the result', () => {
    expect(() => writePath('$.x', 'a string', 1)).toThrow(
      expect.objectContaining({ error: 'States.ResultPathMatchFailure' }),
    );
    expect(() => writePath('$.a.b', { a: 5 }, 1)).toThrow(
      expect.objectContaining({ error: 'States.ResultPathMatchFailure' }),
    );
  });
});
