import { isObject } from '../../../result.js';
import { child } from './diagnostics.js';
import { checkJsonataTemplate, checkResultPath } from './expressions.js';
import {
  isNonNegativeInteger,
  isPositiveInteger,
  kindOf,
  MAX_SECONDS,
  wrongValue,
  type StateCheck,
} from './context.js';
import { checkAssign } from './assign.js';

/** Retry and Catch (concepts-error-handling in the developer guide). */

const RETRIER_FIELDS = [
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
];
const CATCHER_FIELDS = ['ErrorEquals', 'Next', 'ResultPath', 'Assign', 'Output', 'Comment'];

function checkErrorEquals(c: StateCheck, rule: Record<string, unknown>, at: string, last: boolean): void {
  const errors = rule.ErrorEquals;
  if (errors === undefined) {
    c.problems.schema("The field 'ErrorEquals' is required but was missing", at);
    return;
  }
  if (!Array.isArray(errors) || errors.length === 0 || !errors.every((e) => typeof e === 'string')) {
    wrongValue(c, 'ErrorEquals', 'a non-empty array of error names', child(at, 'ErrorEquals'));
    return;
  }
  if (errors.includes('States.ALL') && (errors.length > 1 || !last))
    c.problems.schema(
      "'States.ALL' must appear alone in ErrorEquals, in the last rule",
      child(at, 'ErrorEquals'),
    );
}

function checkNumbers(c: StateCheck, r: Record<string, unknown>, at: string): void {
  const rules: [string, string, (v: unknown) => boolean][] = [
    [
      'IntervalSeconds',
      `a whole number from 1 to ${MAX_SECONDS}`,
      (v) => isPositiveInteger(v) && v <= MAX_SECONDS,
    ],
    [
      'MaxAttempts',
      `a whole number from 0 to ${MAX_SECONDS}`,
      (v) => isNonNegativeInteger(v) && v <= MAX_SECONDS,
    ],
    ['BackoffRate', 'a number of at least 1.0', (v) => typeof v === 'number' && v >= 1],
    [
      'MaxDelaySeconds',
      `a whole number from 1 to ${MAX_SECONDS}`,
      (v) => isPositiveInteger(v) && v <= MAX_SECONDS,
    ],
    ['JitterStrategy', 'FULL or NONE', (v) => v === 'FULL' || v === 'NONE'],
  ];
  for (const [field, what, test] of rules)
    if (r[field] !== undefined && !test(r[field])) wrongValue(c, field, what, child(at, field));
}

function forEachRule(
  c: StateCheck,
  field: 'Retry' | 'Catch',
  allowed: readonly string[],
  check: (rule: Record<string, unknown>, at: string, last: boolean) => void,
): void {
  const list = c.state[field];
  if (list === undefined) return;
  const at = child(c.at, field);
  if (!Array.isArray(list)) {
    wrongValue(c, field, 'an array of objects', at);
    return;
  }
  list.forEach((rule, i) => {
    const ruleAt = child(at, i);
    if (!isObject(rule)) {
      c.problems.schema(`Each ${field} rule must be a JSON object, got ${kindOf(rule)}`, ruleAt);
      return;
    }
    for (const key of Object.keys(rule))
      if (!allowed.includes(key)) c.problems.schema(`Field '${key}' is not supported`, child(ruleAt, key));
    checkErrorEquals(c, rule, ruleAt, i === list.length - 1);
    check(rule, ruleAt, i === list.length - 1);
  });
}

export function checkRetryCatch(c: StateCheck): void {
  forEachRule(c, 'Retry', RETRIER_FIELDS, (rule, at) => checkNumbers(c, rule, at));
  forEachRule(c, 'Catch', CATCHER_FIELDS, (rule, at) => {
    if (rule.Next === undefined) c.problems.schema("The field 'Next' is required but was missing", at);
    else if (typeof rule.Next !== 'string') wrongValue(c, 'Next', 'a string', child(at, 'Next'));
    if (c.language === 'JSONPath' && 'ResultPath' in rule)
      checkResultPath(c, rule.ResultPath, child(at, 'ResultPath'));
    if (c.language === 'JSONata' && 'Output' in rule)
      checkJsonataTemplate(c, rule.Output, child(at, 'Output'));
    if (c.language === 'JSONata' && 'ResultPath' in rule)
      c.problems.schema(
        "The QueryLanguage is set to 'JSONata', but field 'ResultPath' is only supported for the 'JSONPath' QueryLanguage",
        at,
      );
    if (c.language === 'JSONPath' && 'Output' in rule)
      c.problems.schema(
        "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage",
        at,
      );
    if ('Assign' in rule) checkAssign(c, rule.Assign, child(at, 'Assign'));
  });
}
