import { applyInputPath, dynamicValue, fieldValue, finishState, pathRoots } from '../dataflow.js';
import { StateFailure } from '../failure.js';
import type { Step, StepResult } from '../runtime.js';

/** Succeed ends its frame with its (filtered) input. */
export async function executeSucceed(step: Step): Promise<StepResult> {
  const input = step.state.language === 'JSONPath' ? applyInputPath(step) : step.input;
  return finishState(step, input, 'input');
}

async function failField(step: Step, field: 'Error' | 'Cause'): Promise<string | undefined> {
  const { fields } = step.state;
  const path = fields[`${field}Path`];
  const value =
    typeof path === 'string'
      ? dynamicValue(path, pathRoots(step, step.input), `${field}Path`)
      : await fieldValue(step, fields[field], field);
  return typeof value === 'string' ? value : value === undefined ? undefined : JSON.stringify(value);
}

/** Fail ends its frame with Error and Cause (or ErrorPath/CausePath, or JSONata expressions). */
export async function executeFail(step: Step): Promise<StepResult> {
  throw new StateFailure(await failField(step, 'Error'), await failField(step, 'Cause'));
}
