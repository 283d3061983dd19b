import { isObject } from '../../../result.js';
import { child } from './diagnostics.js';
import { checkAssign } from './assign.js';
import { checkJsonataTemplate, checkPath, checkPayloadTemplate, checkResultPath } from './expressions.js';
import { checkFieldNames, STATE_TYPES, type StateType } from './fields.js';
import {
  checkOneOf,
  kindOf,
  oneOfMessage,
  QUERY_LANGUAGES,
  wrongValue,
  type Check,
  type QueryLanguage,
  type StateCheck,
} from './context.js';
import { checkChoice } from './choice.js';
import { checkMap } from './map.js';
import { checkFail, checkPass, checkWait } from './simple-states.js';
import { checkRetryCatch } from './retry-catch.js';
import { checkTask } from './task.js';

/** One state: its type, query language, fields, data-flow fields, then what its type requires. */

/** Checks a branch (Parallel Branches item, Map ItemProcessor/Iterator); given by machine.ts. */
export type BranchCheck = (c: Check, value: unknown, at: string, extraFields?: readonly string[]) => void;

function languageOf(c: Check, state: Record<string, unknown>, at: string): QueryLanguage {
  const value = state.QueryLanguage;
  if (value === undefined) return c.topLanguage;
  if (!checkOneOf(c, value, 'QueryLanguage', QUERY_LANGUAGES, child(at, 'QueryLanguage')))
    return c.topLanguage;
  if (value === 'JSONPath' && c.topLanguage === 'JSONata')
    c.problems.schema(
      "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
      at,
    );
  return value as QueryLanguage;
}

function checkFlow(c: StateCheck, type: StateType): void {
  const { Next: next, End: end } = c.state;
  if (type === 'Choice' || type === 'Succeed' || type === 'Fail') return;
  if (next !== undefined && typeof next !== 'string') wrongValue(c, 'Next', 'a string', child(c.at, 'Next'));
  if (end !== undefined && typeof end !== 'boolean') wrongValue(c, 'End', 'a boolean', child(c.at, 'End'));
  if (next !== undefined && end === true)
    c.problems.schema("A state cannot have both 'Next' and 'End': true", c.at);
  else if (next === undefined && end !== true)
    c.problems.schema("The state needs a 'Next' state or 'End': true", c.at);
}

/** InputPath/OutputPath/ResultPath/Parameters/ResultSelector (JSONPath) and Arguments/Output (JSONata). */
function checkDataFlow(c: StateCheck): void {
  const s = c.state;
  const at = (f: string): string => child(c.at, f);
  if (c.language === 'JSONPath') {
    for (const f of ['InputPath', 'OutputPath']) if (f in s) checkPath(c, s[f], f, at(f), 'path', true);
    if ('ResultPath' in s) checkResultPath(c, s.ResultPath, at('ResultPath'));
    for (const f of ['Parameters', 'ResultSelector']) if (f in s) checkPayloadTemplate(c, s[f], at(f));
    if ('ResultSelector' in s && !isObject(s.ResultSelector))
      wrongValue(c, 'ResultSelector', 'an object', at('ResultSelector'));
  } else {
    for (const f of ['Arguments', 'Output']) if (f in s) checkJsonataTemplate(c, s[f], at(f));
    if ('Arguments' in s && !isObject(s.Arguments) && typeof s.Arguments !== 'string')
      wrongValue(c, 'Arguments', 'an object or a JSONata expression', at('Arguments'));
  }
  if ('Assign' in s) checkAssign(c, s.Assign, at('Assign'));
}

const TYPE_CHECKS: Partial<Record<StateType, (c: StateCheck, branch: BranchCheck) => void>> = {
  Pass: checkPass,
  Wait: checkWait,
  Fail: checkFail,
  Choice: checkChoice,
  Task: (c) => {
    checkTask(c);
    checkRetryCatch(c);
  },
  Parallel: (c, branch) => {
    checkParallel(c, branch);
    checkRetryCatch(c);
  },
  Map: (c, branch) => {
    checkMap(c, branch);
    checkRetryCatch(c);
  },
};

function checkParallel(c: StateCheck, branch: BranchCheck): void {
  const branches = c.state.Branches;
  const at = child(c.at, 'Branches');
  if (branches === undefined) c.problems.schema("The field 'Branches' is required but was missing", c.at);
  else if (!Array.isArray(branches)) wrongValue(c, 'Branches', 'an array of branches', at);
  else if (branches.length === 0) c.problems.schema('Value cannot be empty', at);
  else branches.forEach((b, i) => branch(c, b, child(at, i)));
}

/** Checks one entry of a `States` object. */
export function checkState(c: Check, name: string, value: unknown, at: string, branch: BranchCheck): void {
  if (!isObject(value)) {
    c.problems.schema(`The state must be a JSON object, got ${kindOf(value)}`, at);
    return;
  }
  const type = value.Type;
  if (typeof type !== 'string' || !(STATE_TYPES as readonly string[]).includes(type)) {
    const message = oneOfMessage('Type', STATE_TYPES);
    c.problems.schema(
      type === undefined ? "The field 'Type' is required but was missing" : message,
      type === undefined ? at : child(at, 'Type'),
    );
    return;
  }
  const sc: StateCheck = { ...c, name, state: value, at, language: languageOf(c, value, at) };
  if (value.Comment !== undefined && typeof value.Comment !== 'string')
    wrongValue(sc, 'Comment', 'a string', child(at, 'Comment'));
  checkFieldNames(sc, type as StateType);
  checkFlow(sc, type as StateType);
  checkDataFlow(sc);
  TYPE_CHECKS[type as StateType]?.(sc, branch);
}
