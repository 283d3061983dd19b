import { isObject } from '../../../result.js';
import { child } from './diagnostics.js';
import { checkState } from './state.js';
import { checkTransitions } from './transitions.js';
import {
  checkOneOf,
  isPositiveInteger,
  kindOf,
  MAX_SECONDS,
  QUERY_LANGUAGES,
  wrongValue,
  type Check,
} from './context.js';

/**
 * The machine and its branches (Parallel Branches, Map ItemProcessor/Iterator): StartAt, States, then each
 * state, then the transitions between them. State names are unique in the whole machine, as the States
 * Language requires.
 */

const ROOT_FIELDS = ['Comment', 'StartAt', 'States', 'TimeoutSeconds', 'Version', 'QueryLanguage'];
const BRANCH_FIELDS = ['Comment', 'StartAt', 'States'];
const MAX_STATE_NAME = 80;

interface Walk extends Check {
  /** State name -> where it was first defined. */
  names: Map<string, string>;
}

function checkFields(
  c: Walk,
  value: Record<string, unknown>,
  at: string,
  allowed: readonly string[],
): boolean {
  const missing = ['States', 'StartAt'].filter((f) => value[f] === undefined);
  if (missing.length > 0) c.problems.schema(`These fields are required: [${missing.join(', ')}]`, at || '/');
  for (const key of Object.keys(value)) {
    if (key === 'QueryLanguage' && !allowed.includes(key))
      c.problems.schema("Field 'QueryLanguage' is not supported", at);
    else if (!allowed.includes(key))
      c.problems.schema(`Field '${key}' is not supported`, child(at || '/', key));
  }
  if (value.Comment !== undefined && typeof value.Comment !== 'string')
    wrongValue(c, 'Comment', 'a string', child(at || '/', 'Comment'));
  if (value.StartAt !== undefined && typeof value.StartAt !== 'string')
    wrongValue(c, 'StartAt', 'a string', child(at || '/', 'StartAt'));
  if (value.States !== undefined && !isObject(value.States))
    wrongValue(c, 'States', 'a JSON object of states', child(at || '/', 'States'));
  return typeof value.StartAt === 'string' && isObject(value.States);
}

function checkName(c: Walk, name: string, at: string): void {
  if (name.length === 0 || name.length > MAX_STATE_NAME)
    c.problems.schema(`A state name must have 1 to ${MAX_STATE_NAME} characters`, at);
  const first = c.names.get(name);
  if (first !== undefined) c.problems.add('DUPLICATE_STATE_NAME', `Duplicate State name: ${name}`, at);
  else c.names.set(name, at);
}

/**
 * `"QueryLanguage": "JSONata"` written inside the top-level `States` instead of beside it. AWS deploys such a
 * definition as a JSONata machine (aws-samples' shared-fallback-state-jsonata sample is one; see
 * test/fixtures/asl-samples/README.md), so it is read as the machine's QueryLanguage.
 */
export function isLanguageEntry(name: string, value: unknown): value is 'JSONPath' | 'JSONata' {
  return name === 'QueryLanguage' && (value === 'JSONPath' || value === 'JSONata');
}

/** StartAt + States at `at` ('' for the machine): fields, states, transitions. */
function checkStates(c: Walk, value: unknown, at: string, allowed: readonly string[]): void {
  if (!isObject(value)) {
    c.problems.schema(`A branch must be a JSON object with StartAt and States, got ${kindOf(value)}`, at);
    return;
  }
  if (!checkFields(c, value, at, allowed)) return;
  const states = value.States as Record<string, unknown>;
  const statesAt = child(at || '/', 'States');
  const before = c.problems.list.length;
  for (const [name, state] of Object.entries(states)) {
    if (at === '' && isLanguageEntry(name, state)) continue;
    checkName(c, name, child(statesAt, name));
    checkState(c, name, state, child(statesAt, name), (inner, branch, branchAt, extra = []) =>
      checkStates({ ...inner, names: c.names }, branch, branchAt, [...BRANCH_FIELDS, ...extra]),
    );
  }
  // Like AWS, transitions are judged once the states themselves are well formed.
  if (c.problems.list.length === before) checkTransitions(c, value.StartAt as string, states, at);
}

/** The whole definition, already parsed from JSON. */
export function checkMachine(c: Check, value: Record<string, unknown>): void {
  const walk: Walk = { ...c, names: new Map() };
  const language = value.QueryLanguage;
  if (checkOneOf(c, language, 'QueryLanguage', QUERY_LANGUAGES, '/QueryLanguage') && language === 'JSONata')
    walk.topLanguage = 'JSONata';
  const misplaced = isObject(value.States) ? value.States.QueryLanguage : undefined;
  if (language === undefined && isLanguageEntry('QueryLanguage', misplaced)) walk.topLanguage = misplaced;
  const timeout = value.TimeoutSeconds;
  if (timeout !== undefined && !(isPositiveInteger(timeout) && timeout <= MAX_SECONDS))
    wrongValue(c, 'TimeoutSeconds', `a whole number of seconds from 1 to ${MAX_SECONDS}`, '/TimeoutSeconds');
  if (value.Version !== undefined && typeof value.Version !== 'string')
    wrongValue(c, 'Version', 'a string', '/Version');
  checkStates(walk, value, '', ROOT_FIELDS);
}
