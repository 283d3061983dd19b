/**
 * Whether a state machine can wait for a task token at all: only then is its history worth reading for
 * pending approvals while a call waits. Pure.
 */
import { isObject } from '../result.js';

const CALLBACK_SUFFIX = '.waitForTaskToken';

/**
 * True when the definition (ASL JSON text) has a Task whose Resource ends in `.waitForTaskToken`,
 * at any depth (Parallel branches, Map iterators and item processors). A definition that cannot be
 * parsed counts as having one: reading a little history is better than missing a person's decision.
 */
export function hasCallbackTask(definition: string | undefined): boolean {
  if (definition === undefined) return true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(definition);
  } catch {
    return true;
  }
  return statesHaveCallback(parsed);
}

function statesHaveCallback(machine: unknown): boolean {
  if (!isObject(machine) || !isObject(machine.States)) return false;
  for (const state of Object.values(machine.States)) {
    if (!isObject(state)) continue;
    if (typeof state.Resource === 'string' && state.Resource.endsWith(CALLBACK_SUFFIX)) return true;
    const nested = [
      ...(Array.isArray(state.Branches) ? state.Branches : []),
      state.Iterator,
      state.ItemProcessor,
    ];
    if (nested.some(statesHaveCallback)) return true;
  }
  return false;
}
