import type { StateMachineType } from '@aws-sdk/client-sfn';
import { allStates, compileMachine, type Machine } from './asl/model.js';
import { ApiError } from './errors.js';
import { checkDefinitionText, checkDefinitionValue } from './validate.js';

/**
 * Checks an ASL definition the way CreateStateMachine does (src/engine/asl/validate/, through validate.ts),
 * and compiles it for the interpreter.
 */

const MAX_DEFINITION_CHARS = 1_048_576;

export interface CheckedDefinition {
  /** The compiled definition the interpreter runs; built once, shared by every execution. */
  machine: Machine;
  comment?: string;
  /** Task state name -> its Resource (first one wins when nested states share a name). */
  tasks: Map<string, string>;
}

function invalid(reason: string): ApiError {
  return new ApiError('InvalidDefinition', `Invalid State Machine Definition: ${reason}`);
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
  const machine = compileMachine(parsed);
  return {
    machine,
    ...(typeof parsed.Comment === 'string' ? { comment: parsed.Comment } : {}),
    tasks: taskIndex(machine),
  };
}
