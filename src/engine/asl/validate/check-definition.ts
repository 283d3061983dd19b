import type { StateMachineType } from '@aws-sdk/client-sfn';
import { errorMessage, isObject } from '../../../result.js';
import { Problems, type Diagnostic } from './diagnostics.js';
import { checkMachine, isLanguageEntry } from './machine.js';

/**
 * The definition check of CreateStateMachine, UpdateStateMachine and ValidateStateMachineDefinition: every
 * problem AWS would report, as diagnostics with AWS's codes. It never throws on any input.
 */

export type { Diagnostic } from './diagnostics.js';
export { invalidDefinitionMessage } from './diagnostics.js';

/** Checks a parsed definition (any JSON value) for a machine of `type`. */
export function validateDefinitionValue(value: unknown, type: StateMachineType): Diagnostic[] {
  const problems = new Problems();
  if (!isObject(value)) {
    // AWS's text for " " and for JSON that is not an object (test_sfn_api_validation.snapshot.json).
    problems.add('SCHEMA_VALIDATION_FAILED', 'Definition must be a valid JSON object');
    return problems.list;
  }
  checkMachine({ problems, type, topLanguage: 'JSONPath' }, value);
  return problems.list;
}

/** Checks definition text: JSON first (INVALID_JSON_DESCRIPTION), then the definition. */
export function validateDefinition(
  text: string,
  type: StateMachineType,
): { value?: unknown; diagnostics: Diagnostic[] } {
  if (text.trim() === '') return { diagnostics: validateDefinitionValue(undefined, type) };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { diagnostics: [{ code: 'INVALID_JSON_DESCRIPTION', message: errorMessage(err) }] };
  }
  return { value, diagnostics: validateDefinitionValue(value, type) };
}

/**
 * The definition as the interpreter should read it: a `QueryLanguage` written inside the top-level `States`
 * (which AWS accepts, see machine.ts) moved beside `States`. Other definitions are returned as they are.
 */
export function normalizeDefinition(value: Record<string, unknown>): Record<string, unknown> {
  const states = value.States;
  if (!isObject(states) || !isLanguageEntry('QueryLanguage', states.QueryLanguage)) return value;
  const { QueryLanguage: language, ...rest } = states;
  return { ...value, QueryLanguage: value.QueryLanguage ?? language, States: rest };
}
