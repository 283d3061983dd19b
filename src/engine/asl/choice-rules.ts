import { isObject } from '../../result.js';
import type { PathRoots } from './jsonpath.js';
import { readPath } from './jsonpath.js';
import { StatesError } from './states-error.js';

/**
 * JSONPath Choice rules (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html):
 * And/Or/Not and the comparison operators on a Variable. A comparison on a value of another type is
 * false; a Variable that points nowhere fails the execution, except with IsPresent.
 */

type Rule = Record<string, unknown>;
type Compare = (a: unknown, b: unknown) => boolean;

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function timestampMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !TIMESTAMP.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function typed(kind: 'string' | 'number' | 'boolean', order: (a: never, b: never) => boolean): Compare {
  return (a, b) => typeof a === kind && typeof b === kind && order(a as never, b as never);
}

function timestamps(order: (a: number, b: number) => boolean): Compare {
  return (a, b) => {
    const [x, y] = [timestampMs(a), timestampMs(b)];
    return x !== undefined && y !== undefined && order(x, y);
  };
}

/** `*` matches any run of characters; `\*` and `\\` are literal. */
export function stringMatches(value: string, pattern: string): boolean {
  let regex = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) regex += escapeRegex(pattern[++i]!);
    else regex += c === '*' ? '.*' : escapeRegex(c);
  }
  return new RegExp(`^${regex}$`, 's').test(value);
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const COMPARISONS: Record<string, Compare> = {
  StringEquals: typed('string', (a: string, b: string) => a === b),
  StringLessThan: typed('string', (a: string, b: string) => a < b),
  StringGreaterThan: typed('string', (a: string, b: string) => a > b),
  StringLessThanEquals: typed('string', (a: string, b: string) => a <= b),
  StringGreaterThanEquals: typed('string', (a: string, b: string) => a >= b),
  StringMatches: typed('string', (a: string, b: string) => stringMatches(a, b)),
  NumericEquals: typed('number', (a: number, b: number) => a === b),
  NumericLessThan: typed('number', (a: number, b: number) => a < b),
  NumericGreaterThan: typed('number', (a: number, b: number) => a > b),
  NumericLessThanEquals: typed('number', (a: number, b: number) => a <= b),
  NumericGreaterThanEquals: typed('number', (a: number, b: number) => a >= b),
  BooleanEquals: typed('boolean', (a: boolean, b: boolean) => a === b),
  TimestampEquals: timestamps((a, b) => a === b),
  TimestampLessThan: timestamps((a, b) => a < b),
  TimestampGreaterThan: timestamps((a, b) => a > b),
  TimestampLessThanEquals: timestamps((a, b) => a <= b),
  TimestampGreaterThanEquals: timestamps((a, b) => a >= b),
};

const TESTS: Record<string, (value: unknown) => boolean> = {
  IsNull: (v) => v === null,
  IsNumeric: (v) => typeof v === 'number',
  IsString: (v) => typeof v === 'string',
  IsBoolean: (v) => typeof v === 'boolean',
  IsTimestamp: (v) => timestampMs(v) !== undefined,
};

function present(path: string, roots: PathRoots): boolean {
  try {
    readPath(path, roots);
    return true;
  } catch (err) {
    if (err instanceof StatesError) return false;
    throw err;
  }
}

function comparison(rule: Rule, roots: PathRoots): boolean {
  const variable = String(rule.Variable);
  if ('IsPresent' in rule) return present(variable, roots) === rule.IsPresent;
  const value = readPath(variable, roots);
  for (const [operator, test] of Object.entries(TESTS))
    if (operator in rule) return test(value) === rule[operator];
  for (const [operator, compare] of Object.entries(COMPARISONS)) {
    if (operator in rule) return compare(value, rule[operator]);
    const path = rule[`${operator}Path`];
    if (typeof path === 'string') return compare(value, readPath(path, roots));
  }
  return false;
}

/** Whether a (possibly nested) JSONPath Choice rule holds. */
export function ruleHolds(rule: Rule, roots: PathRoots): boolean {
  if (Array.isArray(rule.And)) return rule.And.filter(isObject).every((r) => ruleHolds(r, roots));
  if (Array.isArray(rule.Or)) return rule.Or.filter(isObject).some((r) => ruleHolds(r, roots));
  if (isObject(rule.Not)) return !ruleHolds(rule.Not, roots);
  return comparison(rule, roots);
}
