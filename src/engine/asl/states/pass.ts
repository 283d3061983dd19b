import { effectiveInput, finishState } from '../dataflow.js';
import type { Step, StepResult } from '../runtime.js';

/** Pass: JSONPath `Result` (or the effective input) through ResultPath and OutputPath; JSONata `Output`. */
export async function executePass(step: Step): Promise<StepResult> {
  const { fields, language, next } = step.state;
  const input = await effectiveInput(step);
  const result = language === 'JSONPath' && 'Result' in fields ? fields.Result : input;
  const finished = await finishState(step, result, 'input');
  return { ...finished, ...(next !== undefined ? { next } : {}) };
}
