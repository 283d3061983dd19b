import { fail, isObject, ok, type Result } from '../../result.js';
import { collect, InvalidPath, MISSING, PathNotFound, type EvalContext } from './jsonpath-evaluate.js';
import { compilePath, type CompiledPath, type PathRoot, type Segment } from './jsonpath-syntax.js';
import { ParseCache } from './parse-cache.js';
import { StatesError } from './states-error.js';

/**
 * AWS's JSONPath: InputPath, OutputPath, ItemsPath, `.$` fields, Choice `Variable`, and ResultPath writing.
 *
 * Why our own: Step Functions evaluates paths with Jayway JsonPath (its runtime errors are Jayway's texts),
 * and no JavaScript library reads paths as Jayway does. jsonpath-plus reads `$.[0]` as "index 0 of every
 * child", returns nothing for `$['bucket','key']` and refuses `$` inside filters; jsonpath (dchester),
 * json-p3, jsonpath-rfc9535 and jsonpathly all refuse `$.[0]` and `$.x.[0]`, and return a name union as a
 * list where Jayway returns one object `{"bucket": …, "key": …}`. Definite-versus-list results and the
 * missing-path errors are Jayway's too. docs/engine-validation.md has the details.
 */

export type { CompiledPath } from './jsonpath-syntax.js';

export interface PathRoots {
  input: unknown;
  context: unknown;
  variables: Readonly<Record<string, unknown>>;
}

/** A path that could not be read, with Jayway's reason apart, for callers that word it as AWS does per field. */
export class PathReadError extends StatesError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super('States.Runtime', `Invalid path '${path}' : ${reason}`);
  }
}

const compiled = new ParseCache<Result<CompiledPath>>(2000);

/** Parses a path (syntax only); the error says what is wrong. Results are cached by text. */
export function parsePath(path: string): Result<CompiledPath> {
  return compiled.get(path, compilePath);
}

/** Jayway's rendering of a definite path, as its messages print it: `$['a'][0]`. */
function jaywayText(segments: readonly Segment[]): string {
  return (
    '$' +
    segments
      .map((s) => {
        if (s.kind === 'property') return `[${s.names.map((n) => `'${n}'`).join(',')}]`;
        if (s.kind === 'index') return `[${s.indexes.join(',')}]`;
        if (s.kind === 'function') return `.${s.name}()`;
        return '';
      })
      .join('')
  );
}

function rootValue(root: PathRoot, roots: PathRoots): unknown {
  if (root.kind === 'context') return roots.context;
  if (root.kind === 'variable')
    return Object.hasOwn(roots.variables, root.name) ? roots.variables[root.name] : MISSING;
  return roots.input;
}

function numbers(values: unknown, name: string, path: string): number[] {
  const list = Array.isArray(values) ? values : [values];
  const nums = list.filter((v): v is number => typeof v === 'number');
  if (nums.length === 0)
    throw new PathReadError(path, `Aggregation function attempted to calculate value using empty array`);
  if (nums.length !== list.length)
    throw new PathReadError(path, `Function ${name}() applies to numbers only`);
  return nums;
}

/** Jayway's path functions (`$.items.length()`), applied to the value or list the path reached. */
function applyFunction(name: string, value: unknown, path: string): unknown {
  switch (name) {
    case 'length':
    case 'size':
      if (Array.isArray(value)) return value.length;
      if (isObject(value)) return Object.keys(value).length;
      if (typeof value === 'string') return value.length;
      throw new PathReadError(path, `Function ${name}() applies to arrays, objects and strings only`);
    case 'keys':
      if (isObject(value)) return Object.keys(value);
      throw new PathReadError(path, 'Function keys() applies to objects only');
    case 'first':
    case 'last':
      if (Array.isArray(value) && value.length > 0) return name === 'first' ? value[0] : value.at(-1);
      throw new PathReadError(path, `Function ${name}() applies to non-empty arrays only`);
  }
  const nums = numbers(value, name, path);
  const sum = nums.reduce((a, b) => a + b, 0);
  const avg = sum / nums.length;
  if (name === 'sum') return sum;
  if (name === 'avg') return avg;
  if (name === 'min') return Math.min(...nums);
  if (name === 'max') return Math.max(...nums);
  return Math.sqrt(nums.reduce((a, b) => a + (b - avg) ** 2, 0) / nums.length);
}

function compiledOrThrow(path: string | CompiledPath): CompiledPath {
  if (typeof path !== 'string') return path;
  const parsed = parsePath(path);
  if (!parsed.ok) throw new PathReadError(path, parsed.error);
  return parsed.value;
}

/**
 * Reads a path: `$` is `roots.input`, `$$` `roots.context`, `$name` `roots.variables.name`. A definite path
 * gives its value and throws {@link PathReadError} (States.Runtime) when there is none; an indefinite path
 * (wildcard, `..`, filter, slice, several indexes) gives a list, possibly empty.
 */
export function readPath(path: string | CompiledPath, roots: PathRoots): unknown {
  const p = compiledOrThrow(path);
  const start = rootValue(p.root, roots);
  if (start === MISSING) {
    const name = (p.root as { name: string }).name;
    throw new PathReadError(p.text, `The variable '$${name}' is not defined`);
  }
  const ctx: EvalContext = { resolveRoot: (root) => rootValue(root, roots) };
  const last = p.segments.at(-1);
  let values: unknown[];
  try {
    values = collect(p, start, start, ctx);
  } catch (err) {
    // Something missing on the way makes an indefinite path empty: AWS answers `$.items[*]` and
    // `$.item.items[1:5].itemValue` on `{}` with `[]` (LocalStack test_base.snapshot.json,
    // test_json_path_array_wildcard_or_slice_with_no_input), while `[1:5]` on an object stays an error.
    if (err instanceof PathNotFound && !p.definite)
      return last?.kind === 'function' ? applyFunction(last.name, [], p.text) : [];
    if (err instanceof PathNotFound || err instanceof InvalidPath)
      throw new PathReadError(p.text, err.message);
    throw err;
  }
  if (p.definite && values.length === 0)
    throw new PathReadError(p.text, `No results for path: ${jaywayText(p.segments)}`);
  const value = p.definite ? values[0] : values;
  return last?.kind === 'function' ? applyFunction(last.name, value, p.text) : value;
}

/**
 * A Reference Path (ResultPath, and the fields AWS restricts the same way): the input root, then single
 * names and single indexes only, so that it names exactly one place.
 */
export function parseReferencePath(path: string): Result<CompiledPath> {
  const parsed = parsePath(path);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  if (p.root.kind !== 'input')
    return fail(`a reference path starts with '$' and cannot name a variable or '$$'`);
  const single = p.segments.every(
    (s) => (s.kind === 'property' && s.names.length === 1) || (s.kind === 'index' && s.indexes.length === 1),
  );
  if (!single) return fail("a reference path names one value: only .name, ['name'] and [index] are allowed");
  return ok(p);
}

function matchFailure(resultPath: string, target: unknown): StatesError {
  return new StatesError(
    'States.ResultPathMatchFailure',
    `Unable to apply ResultPath '${resultPath}' to input '${JSON.stringify(target)}'`,
  );
}

/**
 * ResultPath: a copy of `target` with `value` placed at the path (`$` replaces it). Missing objects on the
 * way are created; a step through something that is not an object (or an array index out of range) is
 * States.ResultPathMatchFailure.
 */
export function writePath(resultPath: string, target: unknown, value: unknown): unknown {
  const parsed = parseReferencePath(resultPath);
  if (!parsed.ok)
    throw new StatesError('States.Runtime', `Invalid ResultPath '${resultPath}': ${parsed.error}`);
  const segments = parsed.value.segments as readonly (
    { kind: 'property'; names: string[] } | { kind: 'index'; indexes: number[] }
  )[];
  if (segments.length === 0) return value;
  const copy: unknown = structuredClone(target);
  let node: unknown = copy;
  for (const [i, seg] of segments.entries()) {
    const last = i === segments.length - 1;
    if (seg.kind === 'property') {
      if (!isObject(node)) throw matchFailure(resultPath, target);
      const name = seg.names[0]!;
      if (last) node[name] = value;
      else if (node[name] === undefined) node[name] = {};
      node = node[name];
    } else {
      const index = seg.indexes[0]!;
      if (!Array.isArray(node)) throw matchFailure(resultPath, target);
      const at = index < 0 ? node.length + index : index;
      if (at < 0 || at >= node.length) throw matchFailure(resultPath, target);
      if (last) node[at] = value;
      node = node[at];
    }
  }
  return copy;
}
