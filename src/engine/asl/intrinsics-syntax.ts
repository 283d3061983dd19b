import { fail, ok, type Result } from '../../result.js';
import { parsePath, type CompiledPath } from './jsonpath.js';

/**
 * The syntax of intrinsic functions (amazon-states-language-intrinsic-functions in the Step Functions developer
 * guide): `States.Name(arg, ...)` where an argument is a string in single quotes (with `\'`, `\{`, `\}` and
 * `\\` escaped), a number, true/false/null, a path (`$.x`, `$$.x`, `$name`) or another intrinsic call.
 */

export type IntrinsicArg =
  | {
      kind: 'string';
      value: string;
      /** the text between the quotes, escapes kept (States.Format reads `\{`) */ raw: string;
    }
  | { kind: 'literal'; value: number | boolean | null }
  | { kind: 'path'; path: CompiledPath }
  | { kind: 'call'; call: IntrinsicCall };

export interface IntrinsicCall {
  name: string;
  args: IntrinsicArg[];
}

/** AWS allows up to 10 intrinsic functions nested in one field. */
const MAX_DEPTH = 10;

class IntrinsicSyntaxError extends Error {}

interface Scan {
  text: string;
  pos: number;
}

function failAt(s: Scan, message: string): never {
  throw new IntrinsicSyntaxError(`${message} at position ${s.pos} of ${JSON.stringify(s.text)}`);
}

function skipBlanks(s: Scan): void {
  while (/\s/.test(s.text[s.pos] ?? '')) s.pos++;
}

function readString(s: Scan): IntrinsicArg {
  const start = ++s.pos;
  let value = '';
  while (s.pos < s.text.length && s.text[s.pos] !== "'") {
    const ch = s.text[s.pos]!;
    if (ch === '\\') {
      const next = s.text[s.pos + 1];
      if (next === undefined) failAt(s, 'A string ends with a lone \\');
      value += "'{}\\".includes(next) ? next : `\\${next}`;
      s.pos += 2;
    } else {
      value += ch;
      s.pos++;
    }
  }
  if (s.pos >= s.text.length) failAt(s, 'A string literal has no closing quote');
  const raw = s.text.slice(start, s.pos++);
  return { kind: 'string', value, raw };
}

/** A path argument runs to the next `,` or `)` outside brackets and quotes. */
function readPathArg(s: Scan): IntrinsicArg {
  const start = s.pos;
  let depth = 0;
  let quote: string | undefined;
  for (; s.pos < s.text.length; s.pos++) {
    const ch = s.text[s.pos]!;
    if (quote) {
      if (ch === '\\') s.pos++;
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '[' || ch === '(') depth++;
    else if ((ch === ']' || ch === ')') && depth > 0) depth--;
    else if ((ch === ',' || ch === ')') && depth === 0) break;
  }
  const text = s.text.slice(start, s.pos).trim();
  const parsed = parsePath(text);
  if (!parsed.ok) failAt(s, `Invalid path ${JSON.stringify(text)}: ${parsed.error}`);
  return { kind: 'path', path: parsed.value };
}

function readArg(s: Scan, depth: number): IntrinsicArg {
  skipBlanks(s);
  const rest = s.text.slice(s.pos);
  if (rest.startsWith("'")) return readString(s);
  if (rest.startsWith('$')) return readPathArg(s);
  if (rest.startsWith('States.')) return { kind: 'call', call: readCall(s, depth + 1) };
  const number = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(rest)?.[0];
  if (number) {
    s.pos += number.length;
    return { kind: 'literal', value: Number(number) };
  }
  const word = /^(true|false|null)\b/.exec(rest)?.[0];
  if (word) {
    s.pos += word.length;
    return { kind: 'literal', value: word === 'null' ? null : word === 'true' };
  }
  return failAt(s, 'Expected a string, a number, true, false, null, a path or an intrinsic function');
}

function readCall(s: Scan, depth: number): IntrinsicCall {
  if (depth > MAX_DEPTH) failAt(s, `More than ${MAX_DEPTH} nested intrinsic functions`);
  const name = /^States\.[A-Za-z0-9]+/.exec(s.text.slice(s.pos))?.[0];
  if (!name) failAt(s, "Expected an intrinsic function 'States.<Name>('");
  s.pos += name.length;
  skipBlanks(s);
  if (s.text[s.pos] !== '(') failAt(s, `Expected '(' after ${name}`);
  s.pos++;
  const args: IntrinsicArg[] = [];
  skipBlanks(s);
  if (s.text[s.pos] === ')') {
    s.pos++;
    return { name, args };
  }
  for (;;) {
    args.push(readArg(s, depth));
    skipBlanks(s);
    const ch = s.text[s.pos++];
    if (ch === ')') return { name, args };
    if (ch !== ',') failAt(s, `Expected ',' or ')' in ${name}`);
  }
}

/** Whether a `.$` value is meant as an intrinsic call rather than a path. */
export function looksLikeIntrinsic(text: string): boolean {
  return text.trimStart().startsWith('States.');
}

/** Parses one intrinsic call; the whole text must be that call. */
export function parseCall(text: string): Result<IntrinsicCall> {
  const s: Scan = { text, pos: 0 };
  try {
    skipBlanks(s);
    const call = readCall(s, 1);
    skipBlanks(s);
    if (s.pos < text.length) failAt(s, 'Unexpected text after the intrinsic function');
    return ok(call);
  } catch (err) {
    if (err instanceof IntrinsicSyntaxError) return fail(err.message);
    throw err;
  }
}
