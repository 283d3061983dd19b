import { applyInputPath, fieldValue, finishState, pathValue, runtimeError } from '../dataflow.js';
import { pause } from '../interpreter.js';
import type { Step, StepResult } from '../runtime.js';
import { StatesError } from '../states-error.js';

/**
 * Wait: Seconds, SecondsPath, Timestamp or TimestampPath (JSONata: Seconds or Timestamp, maybe
 * expressions). The runtime errors carry AWS's wording (recorded in LocalStack's AWS-validated
 * test_wait snapshots).
 */

// An ISO-8601 extended offset date-time: a zone (Z or ±hh:mm) is required.
const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_WAIT_SECONDS = 2_147_483_647;

function readPathField(step: Step, field: string, path: string, input: unknown): unknown {
  try {
    return pathValue(step, path, input);
  } catch (err) {
    if (err instanceof StatesError && err.error === 'States.Runtime')
      throw runtimeError(`The ${field} parameter does not reference an input value: ${path}`);
    throw err;
  }
}

function secondsFrom(value: unknown, field: string, shown: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw runtimeError(`The ${field} parameter cannot be parsed as a long value: ${shown}`);
  if (value < 0) throw runtimeError(`The ${field} parameter references a negative value: ${shown}`);
  return value;
}

function secondsUntil(value: unknown, field: string, shown: string): number {
  if (typeof value !== 'string' || !OFFSET_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw runtimeError(
      `The ${field} parameter does not reference a valid ISO-8601 extended offset date-time format string: ${shown}`,
    );
  }
  return Math.max(0, (Date.parse(value) - Date.now()) / 1000);
}

async function waitSeconds(step: Step, input: unknown): Promise<number> {
  const { fields } = step.state;
  const show = (path: string, value: unknown): string =>
    `${path} == ${typeof value === 'string' ? value : JSON.stringify(value)}`;
  if (typeof fields.SecondsPath === 'string') {
    const value = readPathField(step, 'SecondsPath', fields.SecondsPath, input);
    return secondsFrom(value, 'SecondsPath', show(fields.SecondsPath, value));
  }
  if (typeof fields.TimestampPath === 'string') {
    const value = readPathField(step, 'TimestampPath', fields.TimestampPath, input);
    return secondsUntil(value, 'TimestampPath', show(fields.TimestampPath, value));
  }
  if ('Seconds' in fields) {
    const value = await fieldValue(step, fields.Seconds, 'Seconds');
    return secondsFrom(value, 'Seconds', JSON.stringify(value));
  }
  const value = await fieldValue(step, fields.Timestamp, 'Timestamp');
  return secondsUntil(value, 'Timestamp', JSON.stringify(value));
}

export async function executeWait(step: Step): Promise<StepResult> {
  const input = step.state.language === 'JSONPath' ? applyInputPath(step) : step.input;
  const seconds = await waitSeconds(step, input);
  if (seconds > MAX_WAIT_SECONDS) throw runtimeError('Wait state delay is too long.');
  await pause(step.frame, seconds * 1000 * step.frame.run.waitScale());
  const finished = await finishState(step, input, 'input');
  return { ...finished, ...(step.state.next !== undefined ? { next: step.state.next } : {}) };
}
