import type { StateMachineType } from '@aws-sdk/client-sfn';
import { isObject } from '../result.js';
import { allStates, compileMachine, type Machine } from './asl/model.js';
import { ApiError } from './errors.js';
import { checkDefinitionText, checkDefinitionValue } from './validate.js';

/**
 * Checks an ASL definition the way CreateStateMachine does (src/engine/asl/validate/, through validate.ts),
 * refuses what the interpreter does not run yet, and compiles it for the interpreter.
 */

const MAX_DEFINITION_CHARS = 1_048_576;

export interface CheckedDefinition {
  /** The compiled definition the interpreter runs; built once, shared by every execution. */
  machine: Machine;
  comment?: string;
  /** Task state name -> its Resource (first one wins when nested states share a name). */
  tasks: Map<string, string>;
}

type Json = Record<string, unknown>;

function invalid(reason: string): ApiError {
  return new ApiError('InvalidDefinition', `Invalid State Machine Definition: ${reason}`);
}

// Fields the interpreter does not run yet: refused rather than quietly run unlike AWS.
const UNSUPPORTED_STATE_FIELDS: Record<string, string> = {
  ItemReader: 'Distributed Map ItemReader is not supported by the local engine',
  ItemBatcher: 'Distributed Map ItemBatcher is not supported by the local engine',
  ResultWriter: 'Distributed Map ResultWriter is not supported by the local engine',
  ToleratedFailurePercentage: 'Distributed Map tolerated failures are not supported by the local engine',
  ToleratedFailurePercentagePath: 'Distributed Map tolerated failures are not supported by the local engine',
  ToleratedFailureCount: 'Distributed Map tolerated failures are not supported by the local engine',
  ToleratedFailureCountPath: 'Distributed Map tolerated failures are not supported by the local engine',
};

function walk(machine: Json, path: string): void {
  const states = isObject(machine.States) ? machine.States : {};
  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    const where = `${path}/States/${name}`;
    for (const [field, reason] of Object.entries(UNSUPPORTED_STATE_FIELDS)) {
      if (field in state) throw invalid(`${where}/${field}: ${reason}`);
    }
    if (Array.isArray(state.Branches))
      state.Branches.forEach((b, i) => isObject(b) && walk(b, `${where}/Branches/${i}`));
    if (isObject(state.Iterator)) walk(state.Iterator, `${where}/Iterator`);
    if (isObject(state.ItemProcessor)) walk(state.ItemProcessor, `${where}/ItemProcessor`);
  }
}

/** Task state name -> Resource, for the loader's handler warnings. */
function taskIndex(machine: Machine): Map<string, string> {
  const tasks = new Map<string, string>();
  for (const state of allStates(machine)) {
    const resource = state.fields.Resource;
    if (state.type === 'Task' && typeof resource === 'string' && !tasks.has(state.name))
      tasks.set(state.name, resource);
  }
  return tasks;
}

// Checked definitions are kept by type and text: many machines share a definition in tests and
// benchmarks. A CheckedDefinition is read-only; every execution of it shares it.
const checkedByText = new Map<string, CheckedDefinition>();
const MAX_CACHED = 128;

/** Parses and checks a definition for a machine of `type`; throws InvalidDefinition with AWS's message. */
export function checkDefinition(text: string, type: StateMachineType = 'STANDARD'): CheckedDefinition {
  const key = `${type}\n${text}`;
  const cached = checkedByText.get(key);
  if (cached) return cached;
  if (text.length > MAX_DEFINITION_CHARS)
    throw invalid(`the definition is ${text.length} characters; at most ${MAX_DEFINITION_CHARS} are allowed`);
  const checked = indexDefinition(checkDefinitionText(text, type));
  if (checkedByText.size >= MAX_CACHED) checkedByText.delete(checkedByText.keys().next().value!);
  checkedByText.set(key, checked);
  return checked;
}

/** The same for a definition already parsed (a machine folder's definition.asl.json). */
export function checkDefinitionObject(
  parsed: unknown,
  type: StateMachineType = 'STANDARD',
): CheckedDefinition {
  return indexDefinition(checkDefinitionValue(parsed, type));
}

function indexDefinition(parsed: Record<string, unknown>): CheckedDefinition {
  walk(parsed, '');
  const machine = compileMachine(parsed);
  return {
    machine,
    ...(typeof parsed.Comment === 'string' ? { comment: parsed.Comment } : {}),
    tasks: taskIndex(machine),
  };
}
