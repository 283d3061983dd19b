import { ExecutionTimeoutError } from 'aws-local-stepfunctions';
import type { Logger } from '../log.js';
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

/** Fills `execution` in place as the run progresses; sets `execution.stop` and `execution.settled`. */
export function startRun(
  machine: MachineRecord,
  execution: ExecutionRecord,
  parsedInput: unknown,
  env: RunEnvironment,
): void {
  const { checked } = machine;
  const recorder = new HistoryRecorder(execution.history, checked.tasks, env.region);
  const controller = new AbortController();
  const { signal } = controller;

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

  const finish = (outcome: Outcome, at = new Date()): void => {
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
    env.log.debug(
      { executionArn: execution.arn, status: outcome.status, error: outcome.error },
      'execution ended',
    );
  };

  execution.stop = (error, cause) => {
    if (execution.status !== 'RUNNING') return;
    finish({
      status: 'ABORTED',
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
    });
    controller.abort();
  };

  const taskHandlers = new Proxy(
    {},
    {
      get: (_target, stateName) => {
        if (typeof stateName !== 'string') return undefined;
        const resource = checked.tasks.get(stateName);
        const handler = findHandler(machine.handlers, stateName, resource);
        return (input: unknown) =>
          invokeTask(handler, input, {
            stateName,
            ...(resource !== undefined ? { resource } : {}),
            executionArn: execution.arn,
            executionName: execution.name,
            stateMachineArn: machine.arn,
            stateMachineName: machine.name,
            signal,
          });
      },
    },
  );
  const waitTimes = new Proxy(
    {},
    {
      get: (_target, stateName) => {
        const scale = env.waitScale();
        const spec = typeof stateName === 'string' && scale !== 1 ? checked.waits.get(stateName) : undefined;
        if (!spec) return undefined;
        if (spec.seconds !== undefined) return spec.seconds * 1000 * scale;
        return Math.max(0, Date.parse(spec.timestamp ?? '') - Date.now()) * scale || 0;
      },
    },
  );
  const retryIntervals = new Proxy(
    {},
    {
      get: (_target, stateName) => {
        const scale = env.waitScale();
        const specs =
          typeof stateName === 'string' && scale !== 1 ? checked.retries.get(stateName) : undefined;
        return specs?.map((r) => Math.min(r.intervalSeconds, r.maxDelaySeconds ?? Infinity) * 1000 * scale);
      },
    },
  );

  env.log.debug({ executionArn: execution.arn }, 'execution started');
  const run = checked.runnable.run(parsedInput as never, {
    overrides: {
      taskResourceLocalHandlers: taskHandlers,
      waitTimeOverrides: waitTimes,
      retryIntervalOverrides: retryIntervals,
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
  signal.addEventListener('abort', () => run.abort(), { once: true });

  let failure: { error: string; cause: string } | undefined;
  const pump = (async () => {
    for await (const event of run.eventLogs) {
      if (event.type === 'ExecutionFailed') failure = { error: event.Error, cause: causeText(event.Cause) };
      recorder.fromLibrary(event);
    }
  })();

  execution.settled = (async () => {
    let outcome: Outcome;
    try {
      const output = await run.result;
      outcome = { status: 'SUCCEEDED', output: jsonText(output) };
    } catch (err) {
      if (err instanceof ExecutionTimeoutError) {
        outcome = {
          status: 'TIMED_OUT',
          error: 'States.Timeout',
          cause: 'The execution ran longer than the TimeoutSeconds of its definition',
        };
      } else {
        const inner = (err as Error).cause;
        outcome = {
          status: 'FAILED',
          error: failure?.error ?? (inner instanceof Error ? inner.name : 'States.Runtime'),
          cause: failure?.cause ?? (inner instanceof Error ? inner.message : causeText(err)),
        };
      }
    }
    await pump.catch(() => undefined);
    finish(outcome);
  })().catch((err: unknown) => {
    // Never let a library fault escape as an unhandled rejection.
    env.log.error({ err, executionArn: execution.arn }, 'execution runner failed');
    finish({ status: 'FAILED', error: 'States.Runtime', cause: causeText(err) });
  });
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
