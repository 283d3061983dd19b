import { fail, ok, type Result } from '../../result.js';
import { parseFilter, type FilterExpr } from './jsonpath-filter.js';

/**
 * The syntax of AWS's JSONPath, which is Jayway JsonPath's (its error texts are Jayway's, e.g.
 * `No results for path: $['x']`), plus Step Functions' roots: `$$` (the context object) and `$name`
 * (a variable). Parsing follows Jayway's PathCompiler: `$.[0]` is `$[0]`, `$['a','b']` names several
 * properties, dot names end at `.`, `[`, `(` or a space, filters are `[?(<expression>)]`.
 */

export type PathRoot =
  { kind: 'input' } | { kind: 'context' } | { kind: 'variable'; name: string } | { kind: 'current' };

export type Segment =
  | { kind: 'property'; names: string[] }
  | { kind: 'index'; indexes: number[] }
  | { kind: 'slice'; from?: number; to?: number }
  | { kind: 'wildcard' }
  | { kind: 'scan' }
  | { kind: 'filter'; filter: FilterExpr }
  | { kind: 'function'; name: string };

export interface CompiledPath {
  readonly text: string;
  readonly root: PathRoot;
  readonly segments: readonly Segment[];
  /** Jayway's "definite" path: it names one value (read gives the value, not a list). */
  readonly definite: boolean;
}

/** Jayway's path functions (PathFunctionFactory); they end a path and take no arguments here. */
export const PATH_FUNCTIONS = [
  'length',
  'size',
  'min',
  'max',
  'avg',
  'stddev',
  'sum',
  'keys',
  'first',
  'last',
];

/** A variable name as AWS allows it: a letter or `_`, then letters, digits or `_`. */
const VARIABLE_NAME = /^[\p{L}_][\p{L}\p{N}_]*/u;

class PathSyntaxError extends Error {}

/** A cursor over one path's text; `fail` throws what `compilePath` turns into a Result. */
export class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  get char(): string | undefined {
    return this.text[this.pos];
  }
  at(offset: number): string | undefined {
    return this.text[this.pos + offset];
  }
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  skipBlanks(): void {
    while (this.char === ' ') this.pos++;
  }
  expect(char: string): void {
    this.skipBlanks();
    if (this.char !== char) this.fail(`Expected '${char}' at position ${this.pos}`);
    this.pos++;
  }
  fail(message: string): never {
    throw new PathSyntaxError(message);
  }
}

function readRoot(c: Cursor, allowCurrent: boolean): PathRoot {
  if (c.char === '@' && allowCurrent) {
    c.pos++;
    return { kind: 'current' };
  }
  if (c.char !== '$') c.fail(`Path must start with '$'${allowCurrent ? " or '@'" : ''}`);
  c.pos++;
  if (c.char === '$') {
    c.pos++;
    return { kind: 'context' };
  }
  const name = VARIABLE_NAME.exec(c.text.slice(c.pos));
  if (name) {
    c.pos += name[0].length;
    return { kind: 'variable', name: name[0] };
  }
  return { kind: 'input' };
}

function readQuoted(c: Cursor): string {
  const quote = c.char!;
  c.pos++;
  let out = '';
  while (!c.done && c.char !== quote) {
    if (c.char === '\\' && c.at(1) !== undefined) c.pos++;
    out += c.char;
    c.pos++;
  }
  if (c.done) c.fail(`Property has no closing quote ${quote}`);
  c.pos++;
  return out;
}

function readNames(c: Cursor): Segment {
  const names: string[] = [];
  for (;;) {
    c.skipBlanks();
    if (c.char !== "'" && c.char !== '"') c.fail(`Expected a quoted property name at position ${c.pos}`);
    names.push(readQuoted(c));
    c.skipBlanks();
    if (c.at(0) === ']') break;
    c.expect(',');
  }
  c.pos++;
  return { kind: 'property', names };
}

function parseInteger(c: Cursor, text: string): number {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) c.fail(`Could not parse '${text}' as an array index`);
  return Number(trimmed);
}

function readIndexes(c: Cursor): Segment {
  const end = c.text.indexOf(']', c.pos);
  if (end < 0) c.fail(`Property has no closing bracket at position ${c.pos}`);
  const body = c.text.slice(c.pos, end);
  c.pos = end + 1;
  if (!body.includes(':')) return { kind: 'index', indexes: body.split(',').map((s) => parseInteger(c, s)) };
  const parts = body.split(':');
  if (parts.length > 2) c.fail(`Array slice '${body}' has a step; Jayway slices take [from:to]`);
  const [from, to] = parts.map((p) => (p.trim() === '' ? undefined : parseInteger(c, p)));
  if (from === undefined && to === undefined) c.fail(`Array slice '[${body}]' needs a start or an end`);
  return { kind: 'slice', ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

function readBracket(c: Cursor): Segment {
  c.pos++;
  c.skipBlanks();
  const ch = c.char;
  if (ch === '?') {
    c.pos++;
    const filter = parseFilter(c, compileInner);
    c.expect(']');
    return { kind: 'filter', filter };
  }
  if (ch === '*') {
    c.pos++;
    c.expect(']');
    return { kind: 'wildcard' };
  }
  if (ch === "'" || ch === '"') return readNames(c);
  if (ch !== undefined && /[-\d:]/.test(ch)) return readIndexes(c);
  return c.fail(`Could not parse token starting at position ${c.pos}`);
}

function readName(c: Cursor, inner: boolean): Segment {
  const start = c.pos;
  while (!c.done && !' .[()],'.includes(c.char!) && !(inner && endsInnerPath(c.char!))) c.pos++;
  const name = c.text.slice(start, c.pos);
  if (name === '') c.fail(`Could not parse token starting at position ${start}`);
  if (c.char !== '(') return { kind: 'property', names: [name] };
  c.pos++;
  c.expect(')');
  if (!PATH_FUNCTIONS.includes(name)) c.fail(`Function with name: ${name} does not exist.`);
  return { kind: 'function', name };
}

function readDot(c: Cursor, segments: Segment[]): void {
  if (c.at(1) === '.') {
    segments.push({ kind: 'scan' });
    c.pos += 2;
  } else c.pos++;
  if (c.done) c.fail("Path must not end with a '.' or '..'");
  if (c.char === '.') c.fail(`Character '.' on position ${c.pos} is not valid.`);
}

/** Whether a character ends a path inside a filter expression. */
function endsInnerPath(ch: string): boolean {
  return ' )=!<>&|,'.includes(ch);
}

function readSegments(c: Cursor, inner: boolean): Segment[] {
  const segments: Segment[] = [];
  if (!c.done && !(inner && endsInnerPath(c.char!)) && c.char !== '.' && c.char !== '[')
    c.fail(`Illegal character at position ${c.pos} expected '.' or '['`);
  while (!c.done && !(inner && endsInnerPath(c.char!))) {
    if (c.char === '.') readDot(c, segments);
    if (c.char === '[') segments.push(readBracket(c));
    else if (c.char === '*') {
      c.pos++;
      segments.push({ kind: 'wildcard' });
    } else segments.push(readName(c, inner));
    if (segments.at(-2)?.kind === 'function') c.fail('A function must be the last part of a path');
  }
  return segments;
}

function isDefinite(segments: readonly Segment[]): boolean {
  return segments.every((s, i) => {
    if (s.kind === 'function') return true;
    if (s.kind === 'index') return s.indexes.length === 1;
    // Several names at the end of a path merge into one object (Jayway's "multi property merge").
    if (s.kind === 'property') return s.names.length === 1 || i === segments.length - 1;
    return false;
  });
}

function build(c: Cursor, root: PathRoot, segments: Segment[], start: number): CompiledPath {
  return { text: c.text.slice(start, c.pos), root, segments, definite: isDefinite(segments) };
}

/** A path inside a filter (`@.a.b`, `$.x`): read up to the operator or `)` that ends it. */
function compileInner(c: Cursor): CompiledPath {
  const start = c.pos;
  const root = readRoot(c, true);
  return build(c, root, readSegments(c, true), start);
}

/** Parses a whole path; the error says what was wrong and where. */
export function compilePath(text: string): Result<CompiledPath> {
  const c = new Cursor(text.trim());
  try {
    if (c.done) c.fail('Path must not be empty');
    const root = readRoot(c, false);
    return ok(build(c, root, readSegments(c, false), 0));
  } catch (err) {
    if (err instanceof PathSyntaxError) return fail(err.message);
    throw err;
  }
}
