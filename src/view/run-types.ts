/** What the picture shows of a run, state by state. Types only: shared by the server and the in-chat view. */

/**
 * `running`: entered and not left; `waiting`: a `.waitForTaskToken` Task sent its request and waits for the
 * answer (from a system, or from a person); `succeeded`; `caught`: failed and a Catch took it on;
 * `failed`: failed and ended its branch or the execution; `aborted`: stopped with the execution, or by a
 * failing sibling branch.
 */
export type StateStatus = 'running' | 'waiting' | 'succeeded' | 'caught' | 'failed' | 'aborted';

export interface StateRun {
  status: StateStatus;
  /** How many times the state was entered (loops, Map iterations). */
  entered: number;
  /** Attempts after the first, over every entry (Retry). */
  retries: number;
  /** For `waiting`: who the answer comes from. */
  waitingFor?: 'callback' | 'person';
  /** For a person's decision: the question the request carries (its `approval.message`). */
  question?: string;
  /** The failure (for `failed`, and for `caught`: what was caught). */
  error?: string;
  cause?: string;
  /** A Map state's items: how many ended, how many failed, of how many. */
  items?: { done: number; failed: number; total?: number };
}

/** The execution's status as DescribeExecution says, or `EXPRESS` for a run whose history cannot be read. */
export type RunStatus =
  'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE' | 'EXPRESS';

export interface RunOverlay {
  executionArn?: string;
  status: RunStatus;
  /** By state name. States never entered are absent. */
  states: Record<string, StateRun>;
  /** The execution's error and cause, when it failed. */
  error?: string;
  cause?: string;
  /** With no history to read (an Express run, a refused call): the outcome in words, from the tool's answer. */
  outcome?: string;
}
