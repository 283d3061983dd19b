import { createRequire } from 'node:module';
import { errorMessage, isObject } from '../result.js';
import { allStates, compileMachine, type Machine } from './asl/model.js';
import { ApiError } from './errors.js';

/**
 * Checks an ASL definition the way CreateStateMachine does (asl-validator),
 * refuses what the interpreter cannot run yet, and compiles it for the interpreter.
 */

interface AslValidationResult {
  isValid: boolean;
  errorsText: (separator?: string) => string;
}
type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => AslValidationResult;

// asl-validator is CommonJS without type declarations.
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

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

// asl-validator builds a fresh Ajv instance per call (about 100 ms), so checked
// definitions are kept by text: many machines share a definition in tests and benchmarks.
// A CheckedDefinition is read-only; every execution of it shares it.
const checkedByText = new Map<string, CheckedDefinition>();
const MAX_CACHED = 128;

/** Parses and checks a definition; throws InvalidDefinition with the reason. */
export function checkDefinition(text: string): CheckedDefinition {
  const cached = checkedByText.get(text);
  if (cached) return cached;
  if (text.length > MAX_DEFINITION_CHARS)
    throw invalid(`the definition is ${text.length} characters; at most ${MAX_DEFINITION_CHARS} are allowed`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw invalid(`the definition is not valid JSON (${errorMessage(err)})`);
  }
  const checked = checkDefinitionObject(parsed);
  if (checkedByText.size >= MAX_CACHED) checkedByText.delete(checkedByText.keys().next().value!);
  checkedByText.set(text, checked);
  return checked;
}

export function checkDefinitionObject(parsed: unknown): CheckedDefinition {
  if (!isObject(parsed)) throw invalid('the definition must be a JSON object with StartAt and States');
  // Both validators write defaults into the object they check: give each a copy.
  const result = aslValidator(structuredClone(parsed), { checkPaths: true, checkArn: true });
  if (!result.isValid) throw invalid(result.errorsText('; '));
  walk(parsed, '');
  const machine = compileMachine(parsed);
  return {
    machine,
    ...(typeof parsed.Comment === 'string' ? { comment: parsed.Comment } : {}),
    tasks: taskIndex(machine),
  };
}
