import { JsonataError } from './jsonata.js';
import { StatesError } from './states-error.js';

/**
 * How a state fails: AWS's error name and cause, as Retry and Catch see them
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).
 */
export class StateFailure extends Error {
  constructor(
    /** Absent only when SendTaskFailure gave no error (Catch then sees `"Error": null`). */
    readonly error: string | undefined,
    override readonly cause: string | undefined,
    readonly flags: {
      /** Never retried nor caught, not even by States.ALL (States.Runtime, a missing local handler). */
      terminal?: boolean;
      /** A HeartbeatSeconds expiry: States.Timeout that States.HeartbeatTimeout also matches. */
      heartbeat?: boolean;
      /** The JSONata field an evaluation error came from (the EvaluationFailed event's location). */
      location?: string;
      /** Set once its EvaluationFailed event is written. */
      recorded?: boolean;
    } = {},
  ) {
    super(cause ?? error ?? 'the state failed');
    this.name = error ?? 'StateFailure';
  }

  /** The error output a Catcher passes on: `{Error, Cause}`, null where absent. */
  errorOutput(): { Error: string | null; Cause: string | null } {
    return { Error: this.error ?? null, Cause: this.cause ?? null };
  }
}

/** The execution was stopped, timed out or the engine closed: nothing more is recorded for it. */
export class RunAborted extends Error {
  constructor() {
    super('The execution is no longer running');
    this.name = 'RunAborted';
  }
}

const TERMINAL_ERRORS = new Set(['States.Runtime', 'States.DataLimitExceeded']);

/** Any error thrown while running a state, as a StateFailure. */
export function toStateFailure(thrown: unknown): StateFailure {
  if (thrown instanceof StateFailure) return thrown;
  if (thrown instanceof StatesError) {
    return new StateFailure(thrown.error, thrown.cause, {
      terminal: TERMINAL_ERRORS.has(thrown.error),
      // A JSONata failure names its field, which the EvaluationFailed event reports as its location.
      ...(thrown instanceof JsonataError ? { location: thrown.field } : {}),
    });
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new StateFailure('States.Runtime', message, { terminal: true });
}

/** Whether a Retrier's or Catcher's ErrorEquals names this failure. */
export function matchesError(errorEquals: readonly string[], failure: StateFailure): boolean {
  if (failure.flags.terminal) return false;
  return errorEquals.some((name) => {
    if (name === 'States.ALL') return true;
    if (name === 'States.TaskFailed') return failure.error !== 'States.Timeout';
    if (name === 'States.HeartbeatTimeout') return failure.flags.heartbeat === true;
    return name === failure.error;
  });
}

const STATE_PREFIX = 'An error occurred while executing the state';

/** AWS's cause for a runtime or evaluation error names the state and the event that entered it. */
export function withStatePrefix(
  failure: StateFailure,
  stateName: string,
  enteredEventId: number,
): StateFailure {
  const prefixed = failure.error === 'States.Runtime' || failure.error === 'States.QueryEvaluationError';
  if (!prefixed || failure.cause === undefined || failure.cause.startsWith(STATE_PREFIX)) return failure;
  return new StateFailure(
    failure.error,
    `${STATE_PREFIX} '${stateName}' (entered at the event id #${enteredEventId}). ${failure.cause}`,
    failure.flags,
  );
}
