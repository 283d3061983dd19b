import jsonata from 'jsonata';
import { fail, isObject, ok, type Result } from '../../result.js';
import { topLevelReference } from './jsonata-checks.js';
import { registerAwsFunctions } from './jsonata-functions.js';
import { ParseCache } from './parse-cache.js';
import { StatesError } from './states-error.js';

/**
 * JSONata in Step Functions (transforming-data in the developer guide). The `jsonata` package is pinned to
 * 2.0.6 exactly because "Step Functions implements JSONata based on the 2.0.6 specification": later versions
 * accept operators (`?:`, `??`, added in 2.1.0) that AWS refuses at CreateStateMachine.
 *
 * An expression is a string that starts with `{%` and ends with `%}` (no spaces outside them, any inside:
 * `{% $states.input%}` is one). Evaluation binds `$states` (`input`, `result`, `errorOutput`, `context`) and
 * the workflow variables by name, with no input document; `$eval` is unavailable, as on AWS.
 */

export interface JsonataBindings {
  states: { input: unknown; result?: unknown; errorOutput?: unknown; context: unknown };
  variables: Readonly<Record<string, unknown>>;
}

export interface CompiledJsonata {
  /** The text between `{%` and `%}`, trimmed: what AWS's messages quote. */
  readonly text: string;
  readonly expression: jsonata.Expression;
}

/** A failed evaluation; `cause` is AWS's text after the "An error occurred while executing the state …" prefix. */
export class JsonataError extends StatesError {
  constructor(
    readonly expression: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(
      'States.QueryEvaluationError',
      `The JSONata expression '${expression}' specified for the field '${field}' ${problem}`,
    );
  }
}

/** AWS's rule: a string is an expression when it starts with `{%` and ends with `%}`. */
export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 4 && value.startsWith('{%') && value.endsWith('%}');
}

function innerText(expression: string): string {
  return (isJsonataExpression(expression) ? expression.slice(2, -2) : expression).trim();
}

function jsonataMessage(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return typeof e?.code === 'string' ? `${e.code}: ${message}` : message;
}

const cache = new ParseCache<Result<CompiledJsonata>>(2000);

function compile(expression: string): Result<CompiledJsonata> {
  const text = innerText(expression);
  try {
    const compiled = jsonata(text);
    registerAwsFunctions(compiled);
    return ok({ text, expression: compiled });
  } catch (err) {
    const e = err as { message?: unknown };
    return fail(typeof e?.message === 'string' ? e.message : String(err));
  }
}

/**
 * Parses an expression (`{% … %}` or the bare text inside) once and caches it. The error is jsonata's
 * message, which AWS prints after `INVALID_JSONATA_EXPRESSION: `.
 */
export function compileJsonata(expression: string): Result<CompiledJsonata> {
  return cache.get(expression, compile);
}

/** AWS's UNSUPPORTED_JSONATA_EXPRESSION text when the expression reads a field or `$` at the top level. */
export function unsupportedReference(compiled: CompiledJsonata): string | undefined {
  return topLevelReference(compiled.expression.ast());
}

function bindingsFor(b: JsonataBindings): Record<string, unknown> {
  const states: Record<string, unknown> = { input: b.states.input, context: b.states.context };
  if (b.states.result !== undefined) states.result = b.states.result;
  if (b.states.errorOutput !== undefined) states.errorOutput = b.states.errorOutput;
  // `eval: undefined` makes $eval "a non-function" (T1006), as AWS answers for unknown functions.
  return { ...b.variables, states, eval: undefined };
}

/** The value as JSON: sequences become plain arrays; a function is not JSON. */
function asJson(value: unknown, compiled: CompiledJsonata, field: string): unknown {
  if (value === undefined) throw new JsonataError(compiled.text, field, 'returned nothing (undefined).');
  if (typeof value === 'function' || (isObject(value) && '_jsonata_lambda' in value))
    throw new JsonataError(compiled.text, field, 'returned an unsupported result type.');
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/**
 * Evaluates one expression. Failures are {@link JsonataError} (States.QueryEvaluationError) whose cause names
 * `field` (e.g. `Output/result`), as AWS's do.
 */
export async function evaluateJsonata(
  expression: string | CompiledJsonata,
  bindings: JsonataBindings,
  field = 'Output',
): Promise<unknown> {
  let compiled: CompiledJsonata;
  if (typeof expression === 'string') {
    const parsed = compileJsonata(expression);
    if (!parsed.ok)
      throw new JsonataError(
        innerText(expression),
        field,
        `threw an error during evaluation. ${parsed.error}`,
      );
    compiled = parsed.value;
  } else compiled = expression;
  let value: unknown;
  try {
    value = (await compiled.expression.evaluate(undefined, bindingsFor(bindings))) as unknown;
  } catch (err) {
    throw new JsonataError(compiled.text, field, `threw an error during evaluation. ${jsonataMessage(err)}`);
  }
  return asJson(value, compiled, field);
}

/**
 * Evaluates a template (Arguments, Output, Assign, Items, ItemSelector …): every `{% %}` string in it,
 * however deep in objects and arrays, is replaced by its value; everything else is kept as written. `field`
 * names the template (`Output`); nested fields are named as AWS names them (`Output/result`).
 */
export async function evaluateTemplate(
  template: unknown,
  bindings: JsonataBindings,
  field: string,
): Promise<unknown> {
  if (isJsonataExpression(template)) return evaluateJsonata(template, bindings, field);
  if (Array.isArray(template))
    return Promise.all(template.map((item, i) => evaluateTemplate(item, bindings, `${field}/${i}`)));
  if (isObject(template)) {
    const entries = await Promise.all(
      Object.entries(template).map(
        async ([k, v]) => [k, await evaluateTemplate(v, bindings, `${field}/${k}`)] as const,
      ),
    );
    return Object.fromEntries(entries);
  }
  return template;
}

/** AWS's cause for a value of the wrong kind (e.g. Items that is not an array). */
export function unexpectedType(
  expression: string,
  field: string,
  expected: string,
  value: unknown,
): JsonataError {
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return new JsonataError(
    innerText(expression),
    field,
    `returned an unexpected result type. Expected '${expected}', but was '${actual}' for value: ${JSON.stringify(value)}`,
  );
}
