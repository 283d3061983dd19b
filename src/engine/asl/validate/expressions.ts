import { isObject } from '../../../result.js';
import { looksLikeIntrinsic, parseIntrinsic } from '../intrinsics.js';
import { compileJsonata, isJsonataExpression, unsupportedReference } from '../jsonata.js';
import { parsePath, parseReferencePath } from '../jsonpath.js';
import { child } from './diagnostics.js';
import { wrongValue, type Check } from './context.js';

/**
 * Checks of what the two query languages put in fields: JSONPath paths, `.$` fields of payload templates
 * (a path or an intrinsic call), and JSONata `{% %}` expressions anywhere in a JSONata field, parsed with
 * the parsers the interpreter uses.
 */

export type PathKind = 'path' | 'reference';

/** A path field (InputPath, ItemsPath, SecondsPath, Variable …): `null` only where `nullable`. */
export function checkPath(
  c: Check,
  value: unknown,
  field: string,
  at: string,
  kind: PathKind,
  nullable = false,
): void {
  if (value === null && nullable) return;
  if (typeof value !== 'string') {
    wrongValue(c, field, nullable ? 'a JSONPath or null' : 'a JSONPath', at);
    return;
  }
  const parsed = kind === 'reference' ? parseReferencePath(value) : parsePath(value);
  if (!parsed.ok)
    c.problems.schema(`The value for the field '${field}' must be a valid JSONPath: ${parsed.error}`, at);
}

/** ResultPath: a reference path on the input (no variables, no `$$`), or null. */
export function checkResultPath(c: Check, value: unknown, at: string): void {
  checkPath(c, value, 'ResultPath', at, 'reference', true);
}

/** The value of a `.$` field: a path or an intrinsic function call (AWS's text, localstack/localstack#6811). */
export function checkDynamicValue(c: Check, key: string, value: unknown, at: string): void {
  const valid =
    typeof value === 'string' && (looksLikeIntrinsic(value) ? parseIntrinsic(value) : parsePath(value));
  if (valid && valid.ok) return;
  c.problems.schema(
    `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`,
    at,
  );
}

/** A JSONPath payload template (Parameters, ResultSelector, ItemSelector …): every `.$` field, at any depth. */
export function checkPayloadTemplate(c: Check, value: unknown, at: string): void {
  if (Array.isArray(value)) value.forEach((v, i) => checkPayloadTemplate(c, v, child(at, i)));
  if (!isObject(value)) return;
  for (const [key, v] of Object.entries(value)) {
    if (key.endsWith('.$')) checkDynamicValue(c, key, v, at);
    else checkPayloadTemplate(c, v, child(at, key));
  }
}

/** One `{% %}` expression: jsonata 2.0.6 syntax, then AWS's no-top-level-reference rule. */
export function checkJsonataExpression(c: Check, text: string, at: string): void {
  const compiled = compileJsonata(text);
  if (!compiled.ok) {
    c.problems.add('INVALID_JSONATA_EXPRESSION', compiled.error, at);
    return;
  }
  const unsupported = unsupportedReference(compiled.value);
  if (unsupported) c.problems.add('UNSUPPORTED_JSONATA_EXPRESSION', unsupported, at);
}

/** Every `{% %}` string in a JSONata field (Arguments, Output, Assign, Items, ItemSelector …). */
export function checkJsonataTemplate(c: Check, value: unknown, at: string): void {
  if (isJsonataExpression(value)) checkJsonataExpression(c, value, at);
  else if (Array.isArray(value)) value.forEach((v, i) => checkJsonataTemplate(c, v, child(at, i)));
  else if (isObject(value))
    for (const [k, v] of Object.entries(value)) checkJsonataTemplate(c, v, child(at, k));
}

/**
 * A field that is either a literal (checked by `literal`) or, in JSONata states, a `{% %}` expression
 * (TimeoutSeconds, Seconds, MaxConcurrency, Error …).
 */
export function checkLiteralOrJsonata(
  c: Check & { language: 'JSONPath' | 'JSONata' },
  value: unknown,
  field: string,
  at: string,
  literal: { what: string; test: (v: unknown) => boolean },
): void {
  if (c.language === 'JSONata' && isJsonataExpression(value)) {
    checkJsonataExpression(c, value, at);
    return;
  }
  if (!literal.test(value))
    wrongValue(
      c,
      field,
      c.language === 'JSONata' ? `${literal.what} or a JSONata expression` : literal.what,
      at,
    );
}
