import { fail, type Result } from '../../result.js';
import { INTRINSIC_FUNCTIONS } from './intrinsics-functions.js';
import { looksLikeIntrinsic, parseCall, type IntrinsicArg, type IntrinsicCall } from './intrinsics-syntax.js';
import { readPath, type PathRoots } from './jsonpath.js';
import { ParseCache } from './parse-cache.js';
import { StatesError } from './states-error.js';

/**
 * Intrinsic functions in JSONPath states: the `States.*(…)` values of `.$` fields (Parameters, ResultSelector,
 * ItemSelector, Assign) and of a Fail state's ErrorPath/CausePath. Parsing checks the syntax, the function
 * names and how many arguments each takes, as CreateStateMachine does; evaluation reads path arguments with
 * AWS's JSONPath and fails with States.IntrinsicFailure when an argument is of the wrong kind.
 */

export type CompiledIntrinsic = IntrinsicCall;
export { looksLikeIntrinsic };

function checkCall(call: IntrinsicCall): string | undefined {
  const fn = INTRINSIC_FUNCTIONS[call.name];
  if (!fn)
    return `${call.name} is not an intrinsic function; the functions are ${Object.keys(INTRINSIC_FUNCTIONS).join(', ')}`;
  const n = call.args.length;
  if (n < fn.min || n > fn.max) {
    const wanted =
      fn.min === fn.max ? `${fn.min}` : fn.max === Infinity ? `at least ${fn.min}` : `${fn.min} to ${fn.max}`;
    return `${call.name} takes ${wanted} argument${fn.max === 1 ? '' : 's'}, got ${n}`;
  }
  for (const arg of call.args) {
    if (arg.kind !== 'call') continue;
    const problem = checkCall(arg.call);
    if (problem) return problem;
  }
  return undefined;
}

const cache = new ParseCache<Result<CompiledIntrinsic>>(1000);

function compileIntrinsic(expr: string): Result<CompiledIntrinsic> {
  const parsed = parseCall(expr);
  if (!parsed.ok) return parsed;
  const problem = checkCall(parsed.value);
  return problem === undefined ? parsed : fail(problem);
}

/** Parses and checks an intrinsic call (syntax, names, argument counts). Cached by text. */
export function parseIntrinsic(expr: string): Result<CompiledIntrinsic> {
  return cache.get(expr, compileIntrinsic);
}

function argValue(arg: IntrinsicArg, roots: PathRoots): unknown {
  switch (arg.kind) {
    case 'string':
    case 'literal':
      return arg.value;
    case 'path':
      return readPath(arg.path, roots);
    case 'call':
      return run(arg.call, roots);
  }
}

function run(call: IntrinsicCall, roots: PathRoots): unknown {
  const fn = INTRINSIC_FUNCTIONS[call.name]!;
  const first = call.args[0];
  const template = first?.kind === 'string' ? first.raw : undefined;
  return fn.run(
    call.args.map((a) => argValue(a, roots)),
    template,
  );
}

/**
 * Evaluates an intrinsic call against the state's input (`$`), context (`$$`) and variables (`$name`).
 * Throws StatesError: States.IntrinsicFailure for bad arguments or syntax, States.Runtime for a path that
 * finds nothing.
 */
export function evaluateIntrinsic(expr: string | CompiledIntrinsic, roots: PathRoots): unknown {
  let call: IntrinsicCall;
  if (typeof expr === 'string') {
    const parsed = parseIntrinsic(expr);
    if (!parsed.ok) throw new StatesError('States.IntrinsicFailure', parsed.error);
    call = parsed.value;
  } else call = expr;
  return run(call, roots);
}
