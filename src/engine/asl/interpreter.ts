import { contextObject } from './context-object.js';
import { catcherResult, finishState, runtimeError } from './dataflow.js';
import { RunAborted, StateFailure, matchesError, toStateFailure, withStatePrefix } from './failure.js';
import { detailsOf, enteredDetails, exitedDetails } from './history.js';
import type { State } from './model.js';
import { planRetry } from './retry.js';
import { delay } from './timers.js';
import type { Frame, Step, StepResult } from './runtime.js';
import { executeState } from './states/index.js';
import { assignedVariablesText } from './variables.js';

/**
 * Runs the states of one frame (the execution, a Parallel branch, a Map iteration) from its start, or from
 * where a redrive resumes it, to its end: enter, attempt (with Retry), catch, exit, transition.
 */

export function throwIfAborted(frame: Frame): void {
  if (frame.signal.aborted) throw new RunAborted();
}

/** Runs a frame to its end; its output, or a StateFailure nobody in it caught. */
export async function runFrame(frame: Frame, input: unknown): Promise<unknown> {
  let name = frame.program.startAt;
  let value = input;
  const resumed = frame.run.resume?.get(frame.key);
  if (resumed) {
    frame.run.resume!.delete(frame.key);
    if (resumed.kind === 'done') {
      frame.run.checkpoints.set(frame.key, resumed);
      return resumed.output;
    }
    name = resumed.state;
    value = resumed.input;
    frame.scope.replaceOwn(resumed.variables);
  }
  for (;;) {
    const state = frame.program.states.get(name);
    if (!state) throw runtimeError(`The state '${name}' does not exist in the state machine`);
    const result = await runState(frame, state, value);
    if (result.next === undefined) {
      frame.run.checkpoints.set(frame.key, { kind: 'done', output: result.output });
      return result.output;
    }
    name = result.next;
    value = result.output;
  }
}

async function runState(frame: Frame, state: State, input: unknown): Promise<StepResult> {
  throwIfAborted(frame);
  const variables = frame.scope.view();
  frame.run.checkpoints.set(frame.key, {
    kind: 'entered',
    state: state.name,
    input,
    variables: frame.scope.own(),
  });
  const enteredTime = new Date().toISOString();
  const enteredAfter = frame.thread.last;
  const enteredEventId = frame.thread.add(`${state.type}StateEntered`, enteredDetails(state.name, input));
  const step: Step = {
    frame,
    state,
    input,
    variables,
    enteredEventId,
    enteredAfter,
    context: {},
    retryCount: 0,
  };
  let result: StepResult;
  try {
    result = await attempt(step, enteredTime);
  } catch (err) {
    if (err instanceof RunAborted || frame.signal.aborted) {
      // A sibling's failure ended the enclosing Parallel or Map; a stopped execution records nothing more.
      if (!frame.run.signal.aborted && ABORTABLE.has(state.type))
        frame.thread.add(`${state.type}StateAborted`);
      throw new RunAborted();
    }
    const failure = withStatePrefix(toStateFailure(err), state.name, enteredEventId);
    recordEvaluationFailure(step, failure);
    result = await caught(step, failure);
  }
  frame.thread.add(
    `${state.type}StateExited`,
    exitedDetails(state.name, result.output, result.assigned && assignedVariablesText(result.assigned)),
  );
  if (result.assigned) frame.scope.assign(result.assigned);
  return result;
}

// The state types AWS records a <Type>StateAborted event for.
const ABORTABLE = new Set(['Task', 'Wait', 'Map', 'Parallel']);
const RETRY_COUNTED = new Set(['Task', 'Parallel', 'Map']);

/** Runs the state, retrying it as its Retry field says. */
async function attempt(step: Step, enteredTime: string): Promise<StepResult> {
  const { state, frame } = step;
  const used = state.retry.map(() => 0);
  for (let retryCount = 0; ; retryCount++) {
    step.retryCount = retryCount;
    step.context = contextObject(frame.run.id, {
      stateName: state.name,
      enteredTime,
      ...(RETRY_COUNTED.has(state.type) ? { retryCount } : {}),
    });
    try {
      return await executeState(step);
    } catch (err) {
      if (err instanceof RunAborted || frame.signal.aborted) throw new RunAborted();
      const failure = withStatePrefix(toStateFailure(err), state.name, step.enteredEventId);
      recordEvaluationFailure(step, failure);
      const plan = planRetry(state.retry, used, failure);
      if (!plan) throw failure;
      used[plan.retrier]! += 1;
      await pause(frame, plan.delaySeconds * 1000 * frame.run.waitScale());
    }
  }
}

/** AWS records a JSONata evaluation error as an EvaluationFailed event, once, where it happens. */
export function recordEvaluationFailure(step: Step, failure: StateFailure): void {
  if (failure.error !== 'States.QueryEvaluationError' || failure.flags.recorded) return;
  failure.flags.recorded = true;
  step.frame.thread.addAfter(
    step.enteredAfter,
    'EvaluationFailed',
    detailsOf('EvaluationFailed', {
      error: failure.error,
      ...(failure.cause !== undefined ? { cause: failure.cause } : {}),
      ...(failure.flags.location !== undefined ? { location: failure.flags.location } : {}),
      state: step.state.name,
    }),
  );
}

/** A Map's or Parallel's failure: the EvaluationFailed it came from (if any), then `<Type>StateFailed`. */
export function stateFailed(step: Step, err: unknown): unknown {
  if (err instanceof RunAborted || step.frame.signal.aborted) return err;
  const failure = withStatePrefix(toStateFailure(err), step.state.name, step.enteredEventId);
  recordEvaluationFailure(step, failure);
  // AWS records no <Type>StateFailed for a runtime error (it ends the execution at once).
  if (!failure.flags.terminal) step.frame.thread.add(`${step.state.type}StateFailed`);
  return failure;
}

/**
 * A Map's or Parallel's step: `work` gives the result, which the state's data flow finishes; a failure of
 * the work is recorded as `<Type>StateFailed` first.
 */
export async function compoundStep(step: Step, work: () => Promise<unknown>): Promise<StepResult> {
  let result: unknown;
  try {
    result = await work();
  } catch (err) {
    throw stateFailed(step, err);
  }
  const finished = await finishState(step, result, 'result');
  return { ...finished, ...(step.state.next !== undefined ? { next: step.state.next } : {}) };
}

/** Waits, or ends with RunAborted when the execution stops meanwhile. */
export async function pause(frame: Frame, ms: number): Promise<void> {
  try {
    await delay(ms, frame.signal);
  } catch {
    throw new RunAborted();
  }
}

/** The first Catcher that names the failure decides the output and the next state; otherwise it propagates. */
async function caught(step: Step, failure: StateFailure): Promise<StepResult> {
  const catcher = step.state.catch.find((c) => matchesError(c.errorEquals, failure));
  if (!catcher) throw failure;
  const { output, assigned } = await catcherResult(step, catcher, failure);
  return { output, next: catcher.next, ...(assigned ? { assigned } : {}) };
}
