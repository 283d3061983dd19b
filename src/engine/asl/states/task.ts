import { isObject } from '../../../result.js';
import { callHandler, findHandler, noHandler, TaskError, type TaskContext } from '../../task-handlers.js';
import {
  bindings,
  effectiveInput,
  fieldValue,
  finishState,
  pathRoots,
  pathValue,
  payload,
  runtimeError,
} from '../dataflow.js';
import { RunAborted, StateFailure } from '../failure.js';
import { evaluateTemplate } from '../jsonata.js';
import type { PendingToken, Step, StepResult } from '../runtime.js';
import { AttemptClock } from '../task-timers.js';
import { taskEvents, type TaskEvents } from '../task-events.js';

/**
 * Task: every Resource runs the machine's local handler (handlers.mjs). Request-response and `.sync`
 * answer with the handler's result; `.waitForTaskToken` issues a token (`$$.Task.Token`), runs the handler
 * if there is one (its result is what was submitted), then waits for SendTaskSuccess / SendTaskFailure
 * (https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html).
 */

// AWS's default TimeoutSeconds (https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html).
const DEFAULT_TIMEOUT_SECONDS = 99_999_999;

type Pattern = 'request' | 'sync' | 'callback';

function patternOf(resource: string): Pattern {
  if (resource.endsWith('.waitForTaskToken')) return 'callback';
  if (/\.sync(:\d+)?$/.test(resource)) return 'sync';
  return 'request';
}

async function seconds(
  step: Step,
  field: 'TimeoutSeconds' | 'HeartbeatSeconds',
): Promise<number | undefined> {
  const { fields } = step.state;
  const path = fields[`${field}Path`];
  const value =
    typeof path === 'string' ? pathValue(step, path) : await fieldValue(step, fields[field], field);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw runtimeError(`The ${field} of the state must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

/** The role a Task's `Credentials` names; recorded, never assumed locally. */
async function credentialsRole(step: Step): Promise<string | undefined> {
  const { fields, language } = step.state;
  if (!isObject(fields.Credentials)) return undefined;
  const resolved =
    language === 'JSONata'
      ? await evaluateTemplate(fields.Credentials, bindings(step), 'Credentials')
      : payload(fields.Credentials, pathRoots(step, step.input));
  const role = isObject(resolved) ? resolved.RoleArn : undefined;
  return typeof role === 'string' ? role : undefined;
}

interface Attempt {
  step: Step;
  resource: string;
  pattern: Pattern;
  parameters: unknown;
  events: TaskEvents;
  clock: AttemptClock;
  pending?: PendingToken;
  roleArn?: string;
}

function handlerContext(a: Attempt): TaskContext {
  const { step, resource, pending, roleArn, clock } = a;
  const { id } = step.frame.run;
  return {
    stateName: step.state.name,
    resource,
    executionArn: id.executionArn,
    executionName: id.executionName,
    stateMachineArn: id.machineArn,
    stateMachineName: id.machineName,
    ...(pending ? { taskToken: pending.token } : {}),
    ...(roleArn !== undefined ? { credentials: { roleArn, assumed: false as const } } : {}),
    signal: clock.signal,
  };
}

/** The handler's answer, or the callback's once a SendTask* call answers it. */
async function work(a: Attempt): Promise<unknown> {
  const { step, resource, pending, clock, events } = a;
  const handler = findHandler(step.frame.run.handlers, step.state.name, resource);
  if (!handler && !pending) throw noHandler({ stateName: step.state.name, resource });
  const answered = handler
    ? await clock.race(callHandler(handler, structuredClone(a.parameters), handlerContext(a)))
    : {};
  if (a.pattern === 'request') return answered;
  events.submitted(answered);
  if (!pending) return answered;
  const outcome = await clock.race(pending.outcome);
  if (outcome.ok) return outcome.output;
  throw new StateFailure(outcome.error, outcome.cause);
}

/** Runs the attempt's work and records how it ended. */
async function recorded(a: Attempt): Promise<unknown> {
  try {
    const result = await work(a);
    a.events.succeeded(result);
    return result;
  } catch (err) {
    if (err instanceof RunAborted) throw err;
    if (err instanceof TaskError) {
      a.events.failed(err.name, err.message);
      throw new StateFailure(err.name, err.message, { terminal: err.terminal });
    }
    const failure = err instanceof StateFailure ? err : new StateFailure('States.Runtime', String(err));
    if (failure.error === 'States.Timeout') a.events.timedOut();
    else a.events.failed(failure.error, failure.cause);
    throw failure;
  }
}

export async function executeTask(step: Step): Promise<StepResult> {
  const { state, frame } = step;
  const resource = String(state.fields.Resource);
  const pattern = patternOf(resource);
  const pending = pattern === 'callback' ? frame.run.tokens.issue(frame.run.id.executionArn) : undefined;
  try {
    if (pending) step.context = { ...step.context, Task: { Token: pending.token } };
    const parameters = await effectiveInput(step);
    const timeout = await seconds(step, 'TimeoutSeconds');
    const heartbeat = await seconds(step, 'HeartbeatSeconds');
    const roleArn = await credentialsRole(step);
    const events = taskEvents(frame.thread, resource, frame.run.region);
    events.scheduled({
      parameters,
      ...(timeout !== undefined ? { timeoutInSeconds: timeout } : {}),
      ...(heartbeat !== undefined ? { heartbeatInSeconds: heartbeat } : {}),
      ...(roleArn !== undefined ? { roleArn } : {}),
    });
    events.started();
    const scale = 1000 * frame.run.timeoutScale();
    const clock = new AttemptClock(
      frame.signal,
      (timeout ?? DEFAULT_TIMEOUT_SECONDS) * scale,
      heartbeat !== undefined ? heartbeat * scale : undefined,
    );
    pending?.onHeartbeat(() => clock.beat());
    let result: unknown;
    try {
      result = await recorded({ step, resource, pattern, parameters, events, clock, pending, roleArn });
    } finally {
      clock.dispose();
    }
    const finished = await finishState(step, result, 'result');
    return { ...finished, ...(state.next !== undefined ? { next: state.next } : {}) };
  } finally {
    pending?.close();
  }
}
