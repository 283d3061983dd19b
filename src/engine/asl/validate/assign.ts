import { isObject } from '../../../result.js';
import { child } from './diagnostics.js';
import { checkJsonataTemplate, checkPayloadTemplate } from './expressions.js';
import { wrongValue, type StateCheck } from './context.js';

/** Assign (workflow-variables in the developer guide): variable names and their values, in either language. */

/** As `$name` is read in paths (jsonpath-syntax.ts): a letter or `_`, then letters, digits or `_`. */
const VARIABLE_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const MAX_VARIABLE_NAME = 80;

/** An object of variable names; JSONPath keys may end with `.$` (a path or an intrinsic call). */
export function checkAssign(c: StateCheck, value: unknown, at: string): void {
  if (!isObject(value)) {
    wrongValue(c, 'Assign', 'an object', at);
    return;
  }
  for (const key of Object.keys(value)) {
    const name = c.language === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
    if (!VARIABLE_NAME.test(name) || [...name].length > MAX_VARIABLE_NAME)
      c.problems.schema(
        `The variable name '${name}' is not valid: use letters, digits and '_', not starting with a digit, at most ${MAX_VARIABLE_NAME} characters`,
        child(at, key),
      );
  }
  if (c.language === 'JSONata') checkJsonataTemplate(c, value, at);
  else checkPayloadTemplate(c, value, at);
}
