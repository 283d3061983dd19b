import type { CompiledPath, Cursor } from './jsonpath-syntax.js';

/**
 * Filter expressions `[?(<expression>)]` as Jayway's FilterCompiler reads them: `&&`, `||`, `!`, parentheses,
 * paths from the item (`@.a.b`) or the root (`$.x`), literals (strings in ' or ", numbers, true/false/null,
 * JSON arrays and objects, `/regex/flags`) and Jayway's operators.
 *
 * One leniency: a bare word (`@.Name==Receipt`) is read as the string it spells. Jayway refuses it, but AWS
 * accepts such definitions (one of aws-samples' step-functions-workflows-collection uses it; see
 * test/fixtures/asl-samples/README.md).
 */

export type Operand =
  | { kind: 'path'; path: CompiledPath }
  | { kind: 'literal'; value: unknown }
  | { kind: 'regex'; regex: RegExp };

export type FilterExpr =
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'exists'; path: CompiledPath }
  | { kind: 'compare'; op: string; left: Operand; right: Operand };

type CompileInner = (c: Cursor) => CompiledPath;

const SYMBOL_OPERATORS = ['===', '!==', '==', '!=', '<=', '>=', '=~', '<', '>'];
const WORD_OPERATORS = ['in', 'nin', 'subsetof', 'anyof', 'noneof', 'size', 'empty', 'contains'];

function readOperator(c: Cursor): string | undefined {
  c.skipBlanks();
  const rest = c.text.slice(c.pos);
  const symbol = SYMBOL_OPERATORS.find((op) => rest.startsWith(op));
  if (symbol) {
    c.pos += symbol.length;
    return symbol;
  }
  const word = /^[a-z]+/.exec(rest)?.[0];
  if (word && WORD_OPERATORS.includes(word)) {
    c.pos += word.length;
    return word;
  }
  return undefined;
}

function readBalanced(c: Cursor, open: string, close: string): string {
  const start = c.pos;
  let depth = 0;
  let quote: string | undefined;
  for (; !c.done; c.pos++) {
    const ch = c.char!;
    if (quote) {
      if (ch === '\\') c.pos++;
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === open) depth++;
    else if (ch === close && --depth === 0) {
      c.pos++;
      return c.text.slice(start, c.pos);
    }
  }
  return c.fail(`Unbalanced ${open} in filter starting at position ${start}`);
}

/** Jayway's JSON literals accept single-quoted strings: turn them into JSON's double quotes. */
function parseJsonLiteral(c: Cursor, text: string): unknown {
  const doubled = text.replace(/'((?:[^'\\]|\\.)*)'/g, (_m, s: string) =>
    JSON.stringify(s.replace(/\\'/g, "'")),
  );
  try {
    return JSON.parse(doubled);
  } catch {
    return c.fail(`Invalid JSON literal in filter: ${text}`);
  }
}

function readString(c: Cursor): string {
  const quote = c.char!;
  const start = ++c.pos;
  let out = '';
  while (!c.done && c.char !== quote) {
    if (c.char === '\\' && c.at(1) !== undefined) c.pos++;
    out += c.char;
    c.pos++;
  }
  if (c.done) c.fail(`String literal starting at position ${start - 1} has no closing ${quote}`);
  c.pos++;
  return out;
}

function readRegex(c: Cursor): RegExp {
  const start = c.pos++;
  while (!c.done && c.char !== '/') c.pos += c.char === '\\' ? 2 : 1;
  if (c.done) c.fail(`Regular expression starting at position ${start} has no closing /`);
  const source = c.text.slice(start + 1, c.pos++);
  const flags = /^[a-z]*/.exec(c.text.slice(c.pos))![0];
  c.pos += flags.length;
  try {
    // Jayway's =~ matches the whole string (Java's Matcher.matches).
    return new RegExp(`^(?:${source})$`, flags.replace(/[^imsu]/g, ''));
  } catch {
    return c.fail(`Invalid regular expression /${source}/`);
  }
}

function readOperand(c: Cursor, compileInner: CompileInner): Operand {
  c.skipBlanks();
  const ch = c.char;
  if (ch === '@' || ch === '$') return { kind: 'path', path: compileInner(c) };
  if (ch === "'" || ch === '"') return { kind: 'literal', value: readString(c) };
  if (ch === '[') return { kind: 'literal', value: parseJsonLiteral(c, readBalanced(c, '[', ']')) };
  if (ch === '{') return { kind: 'literal', value: parseJsonLiteral(c, readBalanced(c, '{', '}')) };
  if (ch === '/') return { kind: 'regex', regex: readRegex(c) };
  const rest = c.text.slice(c.pos);
  const number = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(rest)?.[0];
  if (number) {
    c.pos += number.length;
    return { kind: 'literal', value: Number(number) };
  }
  const word = /^[\p{L}_][\p{L}\p{N}_-]*/u.exec(rest)?.[0];
  if (!word) return c.fail(`Unexpected character in filter at position ${c.pos}`);
  c.pos += word.length;
  const keyword: Record<string, unknown> = { true: true, false: false, null: null };
  return { kind: 'literal', value: word in keyword ? keyword[word] : word };
}

function readRelation(c: Cursor, compileInner: CompileInner): FilterExpr {
  const left = readOperand(c, compileInner);
  const op = readOperator(c);
  if (op === undefined) {
    if (left.kind !== 'path') c.fail(`Expected an operator after the literal at position ${c.pos}`);
    return { kind: 'exists', path: left.path };
  }
  return { kind: 'compare', op, left, right: readOperand(c, compileInner) };
}

function readUnary(c: Cursor, compileInner: CompileInner): FilterExpr {
  c.skipBlanks();
  if (c.char === '!' && c.at(1) !== '=') {
    c.pos++;
    return { kind: 'not', expr: readUnary(c, compileInner) };
  }
  if (c.char === '(') {
    c.pos++;
    const inner = readOr(c, compileInner);
    c.expect(')');
    return inner;
  }
  return readRelation(c, compileInner);
}

function readBinary(c: Cursor, compileInner: CompileInner, kind: 'and' | 'or'): FilterExpr {
  const token = kind === 'and' ? '&&' : '||';
  const next = kind === 'and' ? readUnary : readAnd;
  let left = next(c, compileInner);
  for (;;) {
    c.skipBlanks();
    if (!c.text.startsWith(token, c.pos)) return left;
    c.pos += 2;
    left = { kind, left, right: next(c, compileInner) };
  }
}

function readAnd(c: Cursor, compileInner: CompileInner): FilterExpr {
  return readBinary(c, compileInner, 'and');
}

function readOr(c: Cursor, compileInner: CompileInner): FilterExpr {
  return readBinary(c, compileInner, 'or');
}

/** Reads `(<expression>)` after `[?`; the cursor ends after the `)`. */
export function parseFilter(c: Cursor, compileInner: CompileInner): FilterExpr {
  c.expect('(');
  const expr = readOr(c, compileInner);
  c.expect(')');
  return expr;
}
