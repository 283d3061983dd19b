import { createHash, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { isObject } from '../../result.js';
import { StatesError } from './states-error.js';

/**
 * The 18 intrinsic functions, as the developer guide (amazon-states-language-intrinsic-functions) documents
 * them and as AWS answered in recorded executions (LocalStack's `intrinsic_functions` snapshot files):
 * StringSplit splits on every character of its splitter and drops empty strings, MathAdd rounds its
 * arguments half up, StringToJson of a blank string is null, Format prints objects as Java's Map.toString.
 */

export interface IntrinsicFunction {
  /** How many arguments the function takes: the definition check refuses other counts. */
  min: number;
  max: number;
  /** `template` is the raw text of a literal first argument (States.Format tells `\{` from `{`). */
  run(args: unknown[], template?: string): unknown;
}

/** Step Functions' limit on the strings Base64Encode, Base64Decode and Hash take. */
const MAX_STRING = 10_000;
const MAX_RANGE_ITEMS = 1000;
/** AWS's hash algorithm names (States.Hash, JSONata $hash) and node:crypto's. */
export const HASHES: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

export function intrinsicFailure(name: string, problem: string): StatesError {
  return new StatesError('States.IntrinsicFailure', `Invalid arguments in ${name}: ${problem}`);
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : isObject(v) ? 'object' : typeof v;
}

function need<T>(name: string, v: unknown, what: string, test: (v: unknown) => v is T): T {
  if (!test(v)) throw intrinsicFailure(name, `expected ${what}, got ${typeName(v)} ${JSON.stringify(v)}`);
  return v;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const isInteger = (v: unknown): v is number => Number.isInteger(v);
const isNumber = (v: unknown): v is number => typeof v === 'number';

function limited(name: string, v: unknown): string {
  const s = need(name, v, 'a string', isString);
  if (s.length > MAX_STRING)
    throw intrinsicFailure(name, `the string has ${s.length} characters; at most ${MAX_STRING} are allowed`);
  return s;
}

/** How Java prints a JSON value inside a formatted string: objects `{a=1, b=[]}`, strings bare. */
function javaText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(javaText).join(', ')}]`;
  if (isObject(v))
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}=${javaText(x)}`)
      .join(', ')}}`;
  return String(v);
}

/** Splits a template at its `{}` placeholders; a backslash before a quote, a brace or a backslash escapes it. */
function splitTemplate(raw: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\' && "'{}\\".includes(raw[i + 1] ?? 'x')) current += raw[++i];
    else if (ch === '{' && raw[i + 1] === '}') {
      pieces.push(current);
      current = '';
      i++;
    } else current += ch;
  }
  return [...pieces, current];
}

function format(args: unknown[], template?: string): string {
  const [first, ...values] = args;
  const text = need('States.Format', first, 'a string template', isString);
  // A template read from a path has no escapes: every {} in it is a placeholder.
  const pieces = splitTemplate(template ?? text.replace(/\\/g, '\\\\'));
  if (pieces.length - 1 !== values.length)
    throw intrinsicFailure(
      'States.Format',
      `the template has ${pieces.length - 1} {} placeholders and ${values.length} arguments follow it`,
    );
  return pieces.map((p, i) => p + (i < values.length ? javaText(values[i]) : '')).join('');
}

function partition(args: unknown[]): unknown[][] {
  const list = need('States.ArrayPartition', args[0], 'an array', isArray);
  const size = need('States.ArrayPartition', args[1], 'a chunk size (integer)', isInteger);
  if (size <= 0) throw intrinsicFailure('States.ArrayPartition', 'the chunk size must be greater than 0');
  const out: unknown[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function range(args: unknown[]): number[] {
  const [start, end, step] = args.map((a) => need('States.ArrayRange', a, 'an integer', isInteger));
  if (step === 0) throw intrinsicFailure('States.ArrayRange', 'the step must not be 0');
  const count = Math.floor((end! - start!) / step!) + 1;
  if (count > MAX_RANGE_ITEMS)
    throw intrinsicFailure(
      'States.ArrayRange',
      `the range has ${count} items; at most ${MAX_RANGE_ITEMS} are allowed`,
    );
  return Array.from({ length: Math.max(0, count) }, (_v, i) => start! + i * step!);
}

function getItem(args: unknown[]): unknown {
  const list = need('States.ArrayGetItem', args[0], 'an array', isArray);
  const index = need('States.ArrayGetItem', args[1], 'an index (integer)', isInteger);
  if (index < 0 || index >= list.length)
    throw intrinsicFailure(
      'States.ArrayGetItem',
      `index ${index} is out of bounds for an array of ${list.length} items`,
    );
  return list[index];
}

function unique(args: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const item of need('States.ArrayUnique', args[0], 'an array', isArray))
    if (!out.some((seen) => isDeepStrictEqual(seen, item))) out.push(item);
  return out;
}

function base64Decode(args: unknown[]): string {
  const text = limited('States.Base64Decode', args[0]);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0)
    throw intrinsicFailure('States.Base64Decode', 'the string is not valid base64');
  return Buffer.from(text, 'base64').toString('utf8');
}

function hash(args: unknown[]): string {
  const data = limited('States.Hash', args[0]);
  const algorithm = need('States.Hash', args[1], 'an algorithm name', isString);
  const node = HASHES[algorithm];
  if (!node)
    throw intrinsicFailure('States.Hash', `the algorithm must be one of ${Object.keys(HASHES).join(', ')}`);
  return createHash(node).update(data, 'utf8').digest('hex');
}

function jsonMerge(args: unknown[]): Record<string, unknown> {
  const left = need('States.JsonMerge', args[0], 'an object', isObject);
  const right = need('States.JsonMerge', args[1], 'an object', isObject);
  if (args[2] !== false)
    throw intrinsicFailure(
      'States.JsonMerge',
      'only the shallow merge is supported: the third argument must be false',
    );
  return { ...left, ...right };
}

function mathRandom(args: unknown[]): number {
  const [start, end] = args.slice(0, 2).map((a) => need('States.MathRandom', a, 'an integer', isInteger));
  if (args.length > 2) need('States.MathRandom', args[2], 'an integer seed', isInteger);
  if (end! <= start!) throw intrinsicFailure('States.MathRandom', 'the end must be greater than the start');
  return start! + Math.floor(Math.random() * (end! - start!));
}

function stringToJson(args: unknown[]): unknown {
  const text = need('States.StringToJson', args[0], 'a string', isString);
  if (text.trim() === '') return null;
  try {
    // JSON has no negative zero: AWS answers 0 for "-0".
    return JSON.parse(text, (_k, v: unknown) => (Object.is(v, -0) ? 0 : v)) as unknown;
  } catch {
    throw intrinsicFailure('States.StringToJson', `the string is not JSON: ${text}`);
  }
}

export const INTRINSIC_FUNCTIONS: Record<string, IntrinsicFunction> = {
  'States.Format': { min: 1, max: Infinity, run: format },
  'States.StringToJson': { min: 1, max: 1, run: stringToJson },
  'States.JsonToString': { min: 1, max: 1, run: (a) => JSON.stringify(a[0]) },
  'States.Array': { min: 0, max: Infinity, run: (a) => a },
  'States.ArrayPartition': { min: 2, max: 2, run: partition },
  'States.ArrayContains': {
    min: 2,
    max: 2,
    run: (a) =>
      need('States.ArrayContains', a[0], 'an array', isArray).some((x) => isDeepStrictEqual(x, a[1])),
  },
  'States.ArrayRange': { min: 3, max: 3, run: range },
  'States.ArrayGetItem': { min: 2, max: 2, run: getItem },
  'States.ArrayLength': {
    min: 1,
    max: 1,
    run: (a) => need('States.ArrayLength', a[0], 'an array', isArray).length,
  },
  'States.ArrayUnique': { min: 1, max: 1, run: unique },
  'States.Base64Encode': {
    min: 1,
    max: 1,
    run: (a) => Buffer.from(limited('States.Base64Encode', a[0]), 'utf8').toString('base64'),
  },
  'States.Base64Decode': { min: 1, max: 1, run: base64Decode },
  'States.Hash': { min: 2, max: 2, run: hash },
  'States.JsonMerge': { min: 3, max: 3, run: jsonMerge },
  'States.MathRandom': { min: 2, max: 3, run: mathRandom },
  'States.MathAdd': {
    min: 2,
    max: 2,
    run: (a) =>
      a.map((x) => Math.round(need('States.MathAdd', x, 'a number', isNumber))).reduce((x, y) => x + y, 0),
  },
  'States.StringSplit': {
    min: 2,
    max: 2,
    run: (a) => {
      const text = need('States.StringSplit', a[0], 'a string', isString);
      const splitter = [...need('States.StringSplit', a[1], 'a splitter string', isString)];
      return [...text]
        .reduce<string[]>(
          (parts, ch) => {
            if (splitter.includes(ch)) parts.push('');
            else parts[parts.length - 1] += ch;
            return parts;
          },
          [''],
        )
        .filter((p) => p !== '');
    },
  },
  'States.UUID': { min: 0, max: 0, run: () => randomUUID() },
};
