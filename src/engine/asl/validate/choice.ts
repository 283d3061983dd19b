import { isObject } from '../../../result.js';
import { isJsonataExpression } from '../jsonata.js';
import { checkAssign } from './assign.js';
import { child } from './diagnostics.js';
import { checkJsonataExpression, checkJsonataTemplate, checkPath } from './expressions.js';
import { TIMESTAMP } from './simple-states.js';
import { kindOf, wrongValue, type StateCheck } from './context.js';

/**
 * Choice states (state-choice in the developer guide): JSONPath rules compare a `Variable` with one operator
 * or combine rules with And/Or/Not; JSONata rules have a `Condition`. Top-level rules need `Next`.
 */

const KINDS: Record<string, [string, (v: unknown) => boolean]> = {
  String: ['a string', (v) => typeof v === 'string'],
  Numeric: ['a number', (v) => typeof v === 'number'],
  Boolean: ['a boolean', (v) => typeof v === 'boolean'],
  Timestamp: ['an ISO-8601 timestamp', (v) => typeof v === 'string' && TIMESTAMP.test(v)],
};
const RELATIONS = ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'];
const TESTS = ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'];

/** Every comparison operator, with the kind of value it takes. */
const OPERATORS = new Map<string, [string, (v: unknown) => boolean] | 'path'>();
for (const kind of Object.keys(KINDS))
  for (const relation of kind === 'Boolean' ? ['Equals'] : RELATIONS) {
    OPERATORS.set(`${kind}${relation}`, KINDS[kind]!);
    OPERATORS.set(`${kind}${relation}Path`, 'path');
  }
OPERATORS.set('StringMatches', KINDS.String!);
for (const test of TESTS) OPERATORS.set(test, KINDS.Boolean!);

const RULE_FIELDS = ['Variable', 'And', 'Or', 'Not', 'Next', 'Comment', 'Assign'];

function checkComparison(c: StateCheck, rule: Record<string, unknown>, at: string): void {
  checkPath(c, rule.Variable, 'Variable', child(at, 'Variable'), 'path');
  const ops = Object.keys(rule).filter((k) => OPERATORS.has(k));
  if (ops.length !== 1) {
    c.problems.schema(
      `A choice rule with 'Variable' needs exactly one comparison operator, found ${ops.length}`,
      at,
    );
    return;
  }
  const op = ops[0]!;
  const kind = OPERATORS.get(op)!;
  if (kind === 'path') checkPath(c, rule[op], op, child(at, op), 'path');
  else if (!kind[1](rule[op])) wrongValue(c, op, kind[0], child(at, op));
}

function checkJsonPathRule(c: StateCheck, rule: unknown, at: string, top: boolean): void {
  if (!isObject(rule)) {
    c.problems.schema(`A choice rule must be a JSON object, got ${kindOf(rule)}`, at);
    return;
  }
  for (const key of Object.keys(rule))
    if (!RULE_FIELDS.includes(key) && !OPERATORS.has(key))
      c.problems.schema(`Field '${key}' is not supported`, child(at, key));
  if (top && typeof rule.Next !== 'string')
    c.problems.schema("The field 'Next' is required but was missing", at);
  if (!top && rule.Next !== undefined)
    c.problems.schema("A nested choice rule cannot have 'Next'", child(at, 'Next'));
  if (!top && rule.Assign !== undefined)
    c.problems.schema("A nested choice rule cannot have 'Assign'", child(at, 'Assign'));
  if (top && rule.Assign !== undefined) checkAssign(c, rule.Assign, child(at, 'Assign'));
  const combinators = ['And', 'Or', 'Not'].filter((k) => rule[k] !== undefined);
  if (combinators.length + (rule.Variable !== undefined ? 1 : 0) !== 1) {
    c.problems.schema("A choice rule needs exactly one of 'Variable', 'And', 'Or' or 'Not'", at);
    return;
  }
  if (rule.Variable !== undefined) return checkComparison(c, rule, at);
  const op = combinators[0]!;
  const value = rule[op];
  if (op === 'Not') return checkJsonPathRule(c, value, child(at, 'Not'), false);
  if (!Array.isArray(value) || value.length === 0)
    wrongValue(c, op, 'a non-empty array of choice rules', child(at, op));
  else value.forEach((r, i) => checkJsonPathRule(c, r, child(child(at, op), i), false));
}

function checkJsonataRule(c: StateCheck, rule: unknown, at: string): void {
  if (!isObject(rule)) {
    c.problems.schema(`A choice rule must be a JSON object, got ${kindOf(rule)}`, at);
    return;
  }
  for (const key of Object.keys(rule))
    if (!['Condition', 'Next', 'Comment', 'Assign', 'Output'].includes(key))
      c.problems.schema(
        RULE_FIELDS.includes(key) || OPERATORS.has(key)
          ? `The QueryLanguage is set to 'JSONata', but field '${key}' is only supported for the 'JSONPath' QueryLanguage`
          : `Field '${key}' is not supported`,
        child(at, key),
      );
  if (typeof rule.Next !== 'string') c.problems.schema("The field 'Next' is required but was missing", at);
  const condition = rule.Condition;
  if (condition === undefined) c.problems.schema("The field 'Condition' is required but was missing", at);
  else if (isJsonataExpression(condition)) checkJsonataExpression(c, condition, child(at, 'Condition'));
  else if (typeof condition !== 'boolean')
    wrongValue(c, 'Condition', 'a boolean or a JSONata expression', child(at, 'Condition'));
  if (rule.Output !== undefined) checkJsonataTemplate(c, rule.Output, child(at, 'Output'));
  if (rule.Assign !== undefined) checkAssign(c, rule.Assign, child(at, 'Assign'));
}

export function checkChoice(c: StateCheck): void {
  const choices = c.state.Choices;
  const at = child(c.at, 'Choices');
  if (choices === undefined) c.problems.schema("The field 'Choices' is required but was missing", c.at);
  else if (!Array.isArray(choices)) wrongValue(c, 'Choices', 'a non-empty array of choice rules', at);
  else if (choices.length === 0) c.problems.schema('Value cannot be empty', at);
  else
    choices.forEach((rule, i) =>
      c.language === 'JSONata'
        ? checkJsonataRule(c, rule, child(at, i))
        : checkJsonPathRule(c, rule, child(at, i), true),
    );
  if (c.state.Default !== undefined && typeof c.state.Default !== 'string')
    wrongValue(c, 'Default', 'a state name', child(c.at, 'Default'));
}
