import type { ArnScope } from '../aws/arn.js';
import type { Logger } from '../log.js';
import { RunAborted, StateFailure, toStateFailure } from './asl/failure.js';
import { HistoryThread, HistoryWriter, detailsOf, jsonText } from './asl/history.js';
import { runFrame } from './asl/interpreter.js';
import type { Checkpoint, Frame, Run, TokenIssuer } from './asl/runtime.js';
import { delay } from './asl/timers.js';
import { StatesError } from './asl/states-error.js';
import { VariableScope } from './asl/variables.js';
import { localItemStore } from './item-store.js';
import type { ExecutionRecord, MachineRecord } from './store.js';

/**
 * Runs executions with the engine's own interpreter (src/engine/asl/): one run per execution, and one
 * more per RedriveExecution, which resumes the same interpreter from where the last run stopped. Every
 * Task resolves to a local handler; the engine never calls AWS.
 */

export interface RunEnvironment {
  scope: ArnScope;
  region: string;
  /** Read on every Wait and retry, so a changed waitScale applies to running executions too. */
  waitScale: () => number;
  timeoutScale: () => number;
  tokens: TokenIssuer;
  log: Logger;
}

interface Outcome {
  status: ExecutionRecord['status'];
  output?: string;
  error?: string;
  cause?: string;
}

const TERMINAL_EVENT: Record<ExecutionRecord['status'], string> = {
  RUNNING: 'ExecutionStarted',
  SUCCEEDED: 'ExecutionSucceeded',
  FAILED: 'ExecutionFailed',
  TIMED_OUT: 'ExecutionTimedOut',
  ABORTED: 'ExecutionAborted',
};

const REDRIVABLE = new Set<ExecutionRecord['status']>(['FAILED', 'TIMED_OUT', 'ABORTED']);

/** Starts an execution; fills `execution` in place as the run goes, and sets `stop` and `settled`. */
export function startRun(
  machine: MachineRecord,
  execution: ExecutionRecord,
  input: unknown,
  env: RunEnvironment,
): void {
  const writer = new HistoryWriter(execution.history);
  writer.add(
    'ExecutionStarted',
    detailsOf('ExecutionStarted', {
      input: execution.input,
      inputDetails: { truncated: false },
      roleArn: machine.roleArn,
      ...(execution.aliasArn ? { stateMachineAliasArn: execution.aliasArn } : {}),
      ...(execution.versionArn ? { stateMachineVersionArn: execution.versionArn } : {}),
    }),
    0,
    execution.startDate.getTime(),
  );
  env.log.debug({ executionArn: execution.arn }, 'execution started');
  launch({ machine, execution, input, env, writer }, new HistoryThread(writer, 0));
}

interface Launch {
  machine: MachineRecord;
  execution: ExecutionRecord;
  input: unknown;
  env: RunEnvironment;
  writer: HistoryWriter;
  resume?: Map<string, Checkpoint>;
}

function newRun(l: Launch, signal: AbortSignal): Run {
  const { machine, execution, env } = l;
  return {
    id: {
      executionArn: execution.arn,
      executionName: execution.name,
      input: l.input,
      startTime: execution.startDate.toISOString(),
      roleArn: machine.roleArn,
      machineArn: machine.arn,
      machineName: machine.name,
      redriveCount: execution.redriveCount,
      ...(execution.redriveDate ? { redriveTime: execution.redriveDate.toISOString() } : {}),
    },
    scope: env.scope,
    region: env.region,
    history: l.writer,
    signal,
    handlers: machine.handlers,
    tokens: env.tokens,
    items: localItemStore(machine),
    waitScale: env.waitScale,
    timeoutScale: env.timeoutScale,
    log: env.log,
    checkpoints: new Map(),
    ...(l.resume ? { resume: l.resume } : {}),
  };
}

function launch(l: Launch, thread: HistoryThread): void {
  const { execution, machine } = l;
  const controller = new AbortController();
  const run = newRun(l, controller.signal);
  const finish = (outcome: Outcome): void => {
    if (execution.status !== 'RUNNING') return;
    end(l, thread, outcome);
    controller.abort();
  };
  execution.stop = (error, cause) =>
    finish({
      status: 'ABORTED',
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
    });
  const timeoutSeconds = machine.checked.machine.timeoutSeconds;
  const timer = new AbortController();
  if (timeoutSeconds !== undefined) {
    delay(timeoutSeconds * 1000 * l.env.timeoutScale(), timer.signal).then(
      () =>
        finish({
          status: 'TIMED_OUT',
          error: 'States.Timeout',
          cause: 'The execution ran longer than the TimeoutSeconds of its definition',
        }),
      () => undefined, // the run ended first
    );
  }
  const root: Frame = {
    run,
    program: machine.checked.machine,
    scope: VariableScope.root(),
    thread,
    key: '',
    signal: controller.signal,
  };
  execution.settled = drive(root, l.input, finish).finally(() => {
    timer.abort();
    if (execution.type === 'STANDARD' && REDRIVABLE.has(execution.status))
      execution.redrive = () => redrive(l, run.checkpoints);
  });
}

async function drive(root: Frame, input: unknown, finish: (o: Outcome) => void): Promise<void> {
  try {
    const output = await runFrame(root, input);
    finish({ status: 'SUCCEEDED', output: jsonText(output) });
  } catch (err) {
    if (err instanceof RunAborted) return; // stopped or timed out: already recorded
    // Anything but a state's failure is a fault of the interpreter: it fails the execution, and is logged.
    if (!(err instanceof StateFailure || err instanceof StatesError))
      root.run.log.error({ err, executionArn: root.run.id.executionArn }, 'the interpreter failed');
    const failure = toStateFailure(err);
    finish({
      status: 'FAILED',
      ...(failure.error !== undefined ? { error: failure.error } : {}),
      ...(failure.cause !== undefined ? { cause: failure.cause } : {}),
    });
  }
}

/** Ends the execution once: its status and fields, its last history event and a log line. */
function end(l: Launch, thread: HistoryThread, outcome: Outcome): void {
  const { execution, writer, env } = l;
  const at = new Date();
  Object.assign(execution, outcome, { stopDate: at });
  const type = TERMINAL_EVENT[outcome.status];
  const details =
    outcome.status === 'SUCCEEDED'
      ? { output: outcome.output, outputDetails: { truncated: false } }
      : {
          ...(outcome.error !== undefined ? { error: outcome.error } : {}),
          ...(outcome.cause !== undefined ? { cause: outcome.cause } : {}),
        };
  writer.finish(type, detailsOf(type, details), thread.last, at.getTime());
  env.log.debug(
    { executionArn: execution.arn, status: outcome.status, error: outcome.error },
    'execution ended',
  );
}

/** RedriveExecution: the same execution runs again from the states that did not finish. */
function redrive(l: Launch, checkpoints: Map<string, Checkpoint>): void {
  const { execution, writer } = l;
  delete execution.redrive;
  for (const key of ['output', 'error', 'cause', 'stopDate'] as const) delete execution[key];
  execution.status = 'RUNNING';
  execution.redriveCount += 1;
  execution.redriveDate = new Date();
  writer.reopen();
  const id = writer.add(
    'ExecutionRedriven',
    detailsOf('ExecutionRedriven', { redriveCount: execution.redriveCount }),
    writer.lastId(),
    execution.redriveDate.getTime(),
  );
  l.env.log.debug(
    { executionArn: execution.arn, redriveCount: execution.redriveCount },
    'execution redriven',
  );
  launch({ ...l, resume: new Map(checkpoints) }, new HistoryThread(writer, id));
}
