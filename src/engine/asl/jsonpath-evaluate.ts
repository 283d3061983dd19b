import { isDeepStrictEqual } from 'node:util';
import { isObject } from '../../result.js';
import type { FilterExpr, Operand } from './jsonpath-filter.js';
import type { CompiledPath, PathRoot, Segment } from './jsonpath-syntax.js';

/**
 * Reads a compiled path as Jayway JsonPath does with its default options: a definite path that finds
 * nothing, or meets a missing property, a non-object or a non-array on the way, fails with Jayway's text
 * (`No results for path: $['x']`, `Missing property in path $['no']`); an indefinite path skips what is
 * missing and returns a list.
 */

/** Jayway's PathNotFoundException (something missing on the way); the caller names the path around it. */
export class PathNotFound extends Error {}

/** Jayway's InvalidPathException (an index, slice or filter applied to the wrong kind of value). */
export class InvalidPath extends Error {}

/** A root that does not exist (an unknown variable). */
export const MISSING = Symbol('missing');

export interface EvalContext {
  /** The value of a root: `$`/`@` are given by the caller; `$$` and `$name` come from here. */
  resolveRoot(root: PathRoot): unknown;
}

interface Walk {
  segments: readonly Segment[];
  ctx: EvalContext;
  /** The document `$` means inside filters. */
  doc: unknown;
  out: unknown[];
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function propertyFragment(names: readonly string[]): string {
  return `[${names.map((n) => `'${n}'`).join(', ')}]`;
}

function walkProperty(w: Walk, value: unknown, i: number, at: string, definite: boolean): void {
  const seg = w.segments[i] as { kind: 'property'; names: string[] };
  const leaf = i === w.segments.length - 1;
  if (!isObject(value)) {
    if (!definite) return;
    throw new PathNotFound(
      `Expected to find an object with property ${propertyFragment(seg.names)} in path ${at} but found '${typeName(value)}'. This is not a json object.`,
    );
  }
  if (seg.names.length > 1 && leaf) {
    const merged: Record<string, unknown> = {};
    for (const name of seg.names) if (Object.hasOwn(value, name)) merged[name] = value[name];
    w.out.push(merged);
    return;
  }
  for (const name of seg.names) {
    const next = `${at}['${name}']`;
    if (!Object.hasOwn(value, name)) {
      if (leaf || !definite || seg.names.length > 1) continue;
      throw new PathNotFound(`Missing property in path ${next}`);
    }
    walk(w, value[name], i + 1, next, definite && seg.names.length === 1);
  }
}

function arrayOrFail(value: unknown, seg: string, at: string, definite: boolean): value is unknown[] {
  if (Array.isArray(value)) return true;
  if (!definite) return false;
  if (value === null) throw new PathNotFound(`The path ${at} is null`);
  throw new InvalidPath(
    `Filter: ${seg} can only be applied to arrays. Current context is: ${JSON.stringify(value)}`,
  );
}

/** Jayway's slices: `[from:]` and `[:to]` count negatives from the end, `[from:to]` does not clamp `from`. */
function sliceIndexes(length: number, from: number | undefined, to: number | undefined): number[] {
  let start = from ?? 0;
  let end = to ?? length;
  if (to === undefined && start < 0) start = Math.max(0, length + start);
  if (from === undefined && end < 0) end = length + end;
  end = Math.min(length, end);
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(i);
  return out;
}

function walkArray(w: Walk, value: unknown, i: number, at: string, definite: boolean): void {
  const seg = w.segments[i]!;
  if (seg.kind !== 'index' && seg.kind !== 'slice') return;
  const text = seg.kind === 'index' ? `[${seg.indexes.join(',')}]` : `[${seg.from ?? ''}:${seg.to ?? ''}]`;
  if (!arrayOrFail(value, text, at, definite)) return;
  const indexes = seg.kind === 'index' ? seg.indexes : sliceIndexes(value.length, seg.from, seg.to);
  const stillDefinite = definite && seg.kind === 'index' && seg.indexes.length === 1;
  for (const index of indexes) {
    const effective = index < 0 ? value.length + index : index;
    if (effective >= 0 && effective < value.length)
      walk(w, value[effective], i + 1, `${at}[${index}]`, stillDefinite);
  }
}

function children(value: unknown): [string, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [`[${i}]`, v]);
  if (isObject(value)) return Object.entries(value).map(([k, v]) => [`['${k}']`, v]);
  return [];
}

/** `..`: the next segment applies at this node and at every node below it, in document order. */
function walkScan(w: Walk, value: unknown, i: number, at: string): void {
  walk(w, value, i + 1, at, false);
  for (const [key, child] of children(value)) {
    if (isObject(child) || Array.isArray(child)) walkScan(w, child, i, `${at}${key}`);
  }
}

function walkFilter(w: Walk, value: unknown, i: number, at: string, definite: boolean): void {
  const seg = w.segments[i] as { kind: 'filter'; filter: FilterExpr };
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (accept(w, seg.filter, item)) walk(w, item, i + 1, `${at}[${index}]`, false);
    });
  } else if (isObject(value)) {
    if (accept(w, seg.filter, value)) walk(w, value, i + 1, at, false);
  } else if (definite) {
    throw new InvalidPath(
      `Filter: [?] can not be applied to primitives. Current context is: ${JSON.stringify(value)}`,
    );
  }
}

function walk(w: Walk, value: unknown, i: number, at: string, definite: boolean): void {
  const seg = w.segments[i];
  if (seg === undefined || seg.kind === 'function') {
    w.out.push(value);
    return;
  }
  switch (seg.kind) {
    case 'property':
      return walkProperty(w, value, i, at, definite);
    case 'index':
    case 'slice':
      return walkArray(w, value, i, at, definite);
    case 'wildcard':
      for (const [key, child] of children(value)) walk(w, child, i + 1, `${at}${key}`, false);
      return;
    case 'scan':
      return walkScan(w, value, i, at);
    case 'filter':
      return walkFilter(w, value, i, at, definite);
  }
}

/** Every value the path's segments reach from `start` (before any path function). */
export function collect(path: CompiledPath, start: unknown, doc: unknown, ctx: EvalContext): unknown[] {
  const w: Walk = { segments: path.segments, ctx, doc, out: [] };
  walk(w, start, 0, '$', true);
  return w.out;
}

/** A path inside a filter: its value, the list of an indefinite one, or MISSING. */
function operandValue(w: Walk, operand: Operand, item: unknown): unknown {
  if (operand.kind === 'literal') return operand.value;
  if (operand.kind === 'regex') return operand.regex;
  const { path } = operand;
  const start =
    path.root.kind === 'current' ? item : path.root.kind === 'input' ? w.doc : w.ctx.resolveRoot(path.root);
  if (start === MISSING) return MISSING;
  try {
    const values = collect(path, start, w.doc, w.ctx);
    if (!path.definite) return values;
    return values.length === 0 ? MISSING : values[0];
  } catch (err) {
    if (err instanceof PathNotFound || err instanceof InvalidPath) return MISSING;
    throw err;
  }
}

function accept(w: Walk, filter: FilterExpr, item: unknown): boolean {
  switch (filter.kind) {
    case 'and':
      return accept(w, filter.left, item) && accept(w, filter.right, item);
    case 'or':
      return accept(w, filter.left, item) || accept(w, filter.right, item);
    case 'not':
      return !accept(w, filter.expr, item);
    case 'exists': {
      const value = operandValue(w, { kind: 'path', path: filter.path }, item);
      return filter.path.definite ? value !== MISSING : (value as unknown[]).length > 0;
    }
    case 'compare':
      return compare(filter.op, operandValue(w, filter.left, item), operandValue(w, filter.right, item));
  }
}

/** Jayway's `==`: numbers and strings compare across types (1 == '1'), JSON values structurally. */
function equal(a: unknown, b: unknown): boolean {
  if (a === MISSING || b === MISSING) return false;
  if (typeof a === 'number' && typeof b === 'string') return b.trim() !== '' && Number(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return a === String(b);
  return isDeepStrictEqual(a, b);
}

function ordered(a: unknown, b: unknown, test: (d: number) => boolean): boolean {
  if (typeof a === 'number' && typeof b === 'number') return test(a - b);
  if (typeof a === 'string' && typeof b === 'string') return test(a < b ? -1 : a > b ? 1 : 0);
  return false;
}

function contains(list: unknown, value: unknown): boolean {
  return Array.isArray(list) && list.some((item) => equal(item, value));
}

function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
    case '===':
      return typeof a === typeof b && equal(a, b);
    case '!==':
      return !(typeof a === typeof b && equal(a, b));
    case '<':
      return ordered(a, b, (d) => d < 0);
    case '<=':
      return ordered(a, b, (d) => d <= 0);
    case '>':
      return ordered(a, b, (d) => d > 0);
    case '>=':
      return ordered(a, b, (d) => d >= 0);
    case '=~':
      return typeof a === 'string' && b instanceof RegExp && b.test(a);
    default:
      return compareWords(op, a, b);
  }
}

function compareWords(op: string, a: unknown, b: unknown): boolean {
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  switch (op) {
    case 'in':
      return contains(b, a);
    case 'nin':
      return a !== MISSING && !contains(b, a);
    case 'contains':
      return typeof a === 'string' ? typeof b === 'string' && a.includes(b) : contains(a, b);
    case 'subsetof':
      return Array.isArray(a) && a.every((x) => contains(b, x));
    case 'anyof':
      return list(a).some((x) => contains(b, x));
    case 'noneof':
      return Array.isArray(a) && !a.some((x) => contains(b, x));
    case 'size':
      return (typeof a === 'string' || Array.isArray(a)) && a.length === b;
    case 'empty':
      return (typeof a === 'string' || Array.isArray(a)) && (a.length === 0) === b;
    default:
      return false;
  }
}
