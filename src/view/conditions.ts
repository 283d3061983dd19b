/**
 * Choice rules and Catch error lists as short edge labels. JSONPath rules (`Variable` with a comparison,
 * `And` / `Or` / `Not`) are written as expressions (`$.total >= 1000`); JSONata rules keep their
 * `Condition` without the `{% %}` marks. Pure.
 */
import { isObject } from '../result.js';

/** Longest edge label, in characters; the whole text goes to the edge's hover title. */
export const LABEL_MAX = 36;

const COMPARISONS: Record<string, string> = {
  Equals: '==',
  LessThan: '<',
  GreaterThan: '>',
  LessThanEquals: '<=',
  GreaterThanEquals: '>=',
};

const TYPE_TESTS: Record<string, string> = {
  IsNull: 'null',
  IsString: 'a string',
  IsNumeric: 'a number',
  IsBoolean: 'a boolean',
  IsTimestamp: 'a timestamp',
};

/** A Choice rule in words: the JSONata Condition, or the JSONPath rule as an expression. */
export function ruleText(rule: unknown): string {
  if (!isObject(rule)) return '?';
  if (typeof rule.Condition === 'string') return jsonataText(rule.Condition);
  if (Array.isArray(rule.And)) return joinRules(rule.And, ' and ');
  if (Array.isArray(rule.Or)) return joinRules(rule.Or, ' or ');
  if (rule.Not !== undefined) return `not ${wrap(rule.Not)}`;
  return comparisonText(rule);
}

function jsonataText(condition: string): string {
  const m = /^\s*\{%([\s\S]*)%\}\s*$/.exec(condition);
  return (m ? m[1]! : condition).replace(/\s+/g, ' ').trim();
}

function joinRules(rules: unknown[], joiner: string): string {
  return rules.map(wrap).join(joiner);
}

/** A nested And / Or in parentheses, so `a and (b or c)` reads right. */
function wrap(rule: unknown): string {
  const text = ruleText(rule);
  return isObject(rule) && (Array.isArray(rule.And) || Array.isArray(rule.Or)) ? `(${text})` : text;
}

function comparisonText(rule: Record<string, unknown>): string {
  const variable = typeof rule.Variable === 'string' ? rule.Variable : '?';
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'Variable' || key === 'Next' || key === 'Assign' || key === 'Output') continue;
    const text = operatorText(key, value);
    if (text !== undefined) return `${variable} ${text}`;
  }
  return variable;
}

function operatorText(key: string, value: unknown): string | undefined {
  if (key === 'IsPresent') return value === false ? 'is absent' : 'is present';
  const typeTest = TYPE_TESTS[key];
  if (typeTest) return `is ${value === false ? 'not ' : ''}${typeTest}`;
  const isPath = key.endsWith('Path');
  const bare = isPath ? key.slice(0, -'Path'.length) : key;
  if (bare === 'StringMatches') return `matches ${JSON.stringify(value)}`;
  const kind = /^(String|Numeric|Boolean|Timestamp)(.+)$/.exec(bare);
  const op = kind ? COMPARISONS[kind[2]!] : undefined;
  if (!kind || !op) return undefined;
  const shown = isPath || kind[1] !== 'String' ? String(value) : JSON.stringify(value);
  return `${op} ${shown}`;
}

/** The errors a Catch or Retry names, e.g. `States.ALL` or `Lambda.ServiceException +2`. */
export function errorsText(errorEquals: unknown): string {
  const errors = Array.isArray(errorEquals) ? errorEquals.map(String) : [];
  if (errors.length === 0) return '?';
  return errors.length === 1 ? errors[0]! : `${errors[0]} +${errors.length - 1}`;
}

/** At most `max` characters, an ellipsis marking a cut. */
export function shorten(text: string, max = LABEL_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
