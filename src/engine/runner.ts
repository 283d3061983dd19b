import { ExecutionTimeoutError, type RunOptions } from 'aws-local-stepfunctions';
import type { Logger } from '../log.js';
import type { CheckedDefinition } from './definition.js';
import { HistoryRecorder, causeText, jsonText } from './history.js';
import type { ExecutionRecord, MachineRecord } from './store.js';
import { findHandler, invokeTask } from './task-handlers.js';

/**
 * Runs one execution with aws-local-stepfunctions. Every Task resolves to a
 * local handler (or fails with Local.NoTaskHandler), so the library never
 * calls Lambda; Wait states and Retry intervals follow the current waitScale.
 */

export interface RunEnvironment {
  region: string;
  /** Read on every Wait and retry, so a changed waitScale applies to running executions too. */
  waitScale: () => number;
  log: Logger;
}

interface Outcome {
  status: ExecutionRecord['status'];
  output?: string;
  error?: string;
  cause?: string;
}

type LibraryRun = ReturnType<CheckedDefinition['runnable']['run']>;
type Finish = (outcome: Outcome, at?: Date) => void;
type Overrides = NonNullable<RunOptions['overrides']>;
type LocalHandler = NonNullable<Overrides['taskResourceLocalHandlers']>[string];

/** Fills `execution` in place as the run progresses; sets `execution.stop` and `execution.settled`. */
export function startRun(
  machine: MachineRecord,
  execution: ExecutionRecord,
  parsedInput: unknown,
  env: RunEnvironment,
): void {
  const recorder = new HistoryRecorder(execution.history, machine.checked.tasks, env.region);
  const controller = new AbortController();
  recorder.add(
    'ExecutionStarted',
    {
      executionStartedEventDetails: {
        input: execution.input,
        inputDetails: { truncated: false },
        roleArn: machine.roleArn,
      },
    },
    execution.startDate.getTime(),
  );
  const finish = finisher(execution, recorder, env.log);
  execution.stop = (error, cause) => {
    if (execution.status !== 'RUNNING') return;
    finish({
      status: 'ABORTED',
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
    });
    controller.abort();
  };

  env.log.debug({ executionArn: execution.arn }, 'execution started');
  const run = machine.checked.runnable.run(parsedInput as never, {
    overrides: {
      taskResourceLocalHandlers: taskHandlers(machine, execution, controller.signal),
      waitTimeOverrides: waitTimes(machine.checked, env),
      retryIntervalOverrides: retryIntervals(machine.checked, env),
    },
    noThrowOnAbort: true,
    context: {
      Execution: {
        Id: execution.arn,
        Name: execution.name,
        RoleArn: machine.roleArn,
        StartTime: execution.startDate.toISOString(),
      },
      StateMachine: { Id: machine.arn, Name: machine.name },
    },
  });
  controller.signal.addEventListener('abort', () => run.abort(), { once: true });
  execution.settled = settle(run, recorder, finish, env.log.child({ executionArn: execution.arn })).catch(
    (err: unknown) => {
      // Never let a library fault escape as an unhandled rejection.
      env.log.error({ err, executionArn: execution.arn }, 'execution runner failed');
      finish({ status: 'FAILED', error: 'States.Runtime', cause: causeText(err) });
    },
  );
}

/** Ends the execution once: its status and fields, its last history event and a log line. */
function finisher(execution: ExecutionRecord, recorder: HistoryRecorder, log: Logger): Finish {
  return (outcome, at = new Date()) => {
    if (execution.status !== 'RUNNING') return;
    Object.assign(execution, outcome, { stopDate: at });
    const key = `${outcome.status === 'TIMED_OUT' ? 'executionTimedOut' : `execution${cap(outcome.status)}`}EventDetails`;
    const details =
      outcome.status === 'SUCCEEDED'
        ? { output: outcome.output, outputDetails: { truncated: false } }
        : {
            ...(outcome.error !== undefined ? { error: outcome.error } : {}),
            ...(outcome.cause !== undefined ? { cause: outcome.cause } : {}),
          };
    recorder.finish(EVENT_FOR_STATUS[outcome.status], { [key]: details }, at.getTime());
    log.debug(
      { executionArn: execution.arn, status: outcome.status, error: outcome.error },
      'execution ended',
    );
  };
}

/** An object the library reads by state name; each read answers what `lookup` says at that moment. */
function byStateName<T>(lookup: (stateName: string) => T | undefined): Record<string, T> {
  return new Proxy({} as Record<string, T>, {
    get: (_target, key) => (typeof key === 'string' ? lookup(key) : undefined),
  });
}

/** The library asks for a Task state's handler by state name: each runs the machine's local handler. */
function taskHandlers(
  machine: MachineRecord,
  execution: ExecutionRecord,
  signal: AbortSignal,
): NonNullable<Overrides['taskResourceLocalHandlers']> {
  return byStateName((stateName) => {
    const resource = machine.checked.tasks.get(stateName);
    const handler = findHandler(machine.handlers, stateName, resource);
    // invokeTask answers JSON (or throws): the library's JSONValue.
    return ((input: unknown) =>
      invokeTask(handler, input, {
        stateName,
        ...(resource !== undefined ? { resource } : {}),
        executionArn: execution.arn,
        executionName: execution.name,
        stateMachineArn: machine.arn,
        stateMachineName: machine.name,
        signal,
      })) as LocalHandler;
  });
}

/** A Wait state's duration in milliseconds, scaled by the waitScale of the moment it is read. */
function waitTimes(
  checked: CheckedDefinition,
  env: RunEnvironment,
): NonNullable<Overrides['waitTimeOverrides']> {
  return byStateName((stateName) => {
    const scale = env.waitScale();
    const spec = scale !== 1 ? checked.waits.get(stateName) : undefined;
    if (!spec) return undefined;
    if (spec.seconds !== undefined) return spec.seconds * 1000 * scale;
    return Math.max(0, Date.parse(spec.timestamp ?? '') - Date.now()) * scale || 0;
  });
}

/** A state's Retry intervals in milliseconds, scaled likewise. */
function retryIntervals(
  checked: CheckedDefinition,
  env: RunEnvironment,
): NonNullable<Overrides['retryIntervalOverrides']> {
  return byStateName((stateName) => {
    const scale = env.waitScale();
    const specs = scale !== 1 ? checked.retries.get(stateName) : undefined;
    return specs?.map((r) => Math.min(r.intervalSeconds, r.maxDelaySeconds ?? Infinity) * 1000 * scale);
  });
}

/** Records the library's events as they come, then ends the execution with the run's outcome. */
async function settle(
  run: LibraryRun,
  recorder: HistoryRecorder,
  finish: Finish,
  log: Logger,
): Promise<void> {
  let failure: { error: string; cause: string } | undefined;
  const pump = (async () => {
    for await (const event of run.eventLogs) {
      if (event.type === 'ExecutionFailed') failure = { error: event.Error, cause: causeText(event.Cause) };
      recorder.fromLibrary(event);
    }
  })();
  let outcome: Outcome;
  try {
    outcome = { status: 'SUCCEEDED', output: jsonText(await run.result) };
  } catch (err) {
    outcome = failedOutcome(err, failure);
  }
  // The outcome stands; a history cut short is worth a line for whoever reads it.
  await pump.catch((err: unknown) => log.debug({ err }, "the library's event log ended with an error"));
  finish(outcome);
}

/** How a run that threw ended: timed out, or failed with the error its last event (or the library) names. */
function failedOutcome(err: unknown, failure: { error: string; cause: string } | undefined): Outcome {
  if (err instanceof ExecutionTimeoutError) {
    return {
      status: 'TIMED_OUT',
      error: 'States.Timeout',
      cause: 'The execution ran longer than the TimeoutSeconds of its definition',
    };
  }
  const inner = err instanceof Error ? err.cause : undefined;
  return {
    status: 'FAILED',
    error: failure?.error ?? (inner instanceof Error ? inner.name : 'States.Runtime'),
    cause: failure?.cause ?? (inner instanceof Error ? inner.message : causeText(err)),
  };
}

const EVENT_FOR_STATUS: Record<ExecutionRecord['status'], string> = {
  RUNNING: 'ExecutionStarted',
  SUCCEEDED: 'ExecutionSucceeded',
  FAILED: 'ExecutionFailed',
  TIMED_OUT: 'ExecutionTimedOut',
  ABORTED: 'ExecutionAborted',
};

function cap(status: string): string {
  return status[0] + status.slice(1).toLowerCase();
}
