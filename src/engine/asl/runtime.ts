import type { ArnScope } from '../../aws/arn.js';
import type { Logger } from '../../log.js';
import type { TaskHandlers } from '../task-handlers.js';
import type { HistoryThread, HistoryWriter } from './history.js';
import type { Program, State } from './model.js';
import type { VariableScope } from './variables.js';

/** What one run of an execution (its first attempt or a redrive) holds while it runs. */

/** Where a frame stood when the run ended: the state it was in, or the output it finished with. */
export type Checkpoint =
  | { kind: 'entered'; state: string; input: unknown; variables: Record<string, unknown> }
  | { kind: 'done'; output: unknown };

/** A task token's outcome as SendTaskSuccess / SendTaskFailure give it. */
export type TokenOutcome = { ok: true; output: unknown } | { ok: false; error?: string; cause?: string };

/** A callback task's token, from issue to close (src/engine/callbacks.ts). */
export interface PendingToken {
  token: string;
  /** Settles with the first SendTaskSuccess / SendTaskFailure. */
  outcome: Promise<TokenOutcome>;
  /** Called on every SendTaskHeartbeat. */
  onHeartbeat(listener: () => void): void;
  /** Later SendTask* calls get TaskTimedOut. */
  close(): void;
}

export interface TokenIssuer {
  issue(executionArn: string): PendingToken;
}

/** What a Distributed Map asks its ItemReader or ResultWriter (src/engine/item-store.ts). */
export interface ItemRequest {
  stateName: string;
  resource: string;
  /** The resolved Parameters (JSONPath) or Arguments (JSONata), e.g. `{ Bucket, Key }`. */
  arguments: unknown;
  executionArn: string;
  executionName: string;
}

/** An object's text (s3:getObject), or the items themselves (a listing, a handler's array). */
export type ItemsAnswer = { text: string } | { items: unknown[] };

export interface ResultFile {
  /** The S3 key, under the ResultWriter's Prefix. */
  key: string;
  body: string;
}

/** The local stand-in for S3 that a Distributed Map reads items from and writes results to. */
export interface ItemStore {
  read(request: ItemRequest, signal: AbortSignal): Promise<ItemsAnswer>;
  write(request: ItemRequest, files: ResultFile[], signal: AbortSignal): Promise<void>;
}

export interface RunIdentity {
  executionArn: string;
  executionName: string;
  input: unknown;
  startTime: string;
  roleArn: string;
  machineArn: string;
  machineName: string;
  redriveCount: number;
  redriveTime?: string;
}

export interface Run {
  id: RunIdentity;
  /** Region and account, for the ARNs a run makes (Map Runs). */
  scope: ArnScope;
  region: string;
  history: HistoryWriter;
  /** Aborted when the execution stops, times out or the engine closes. */
  signal: AbortSignal;
  handlers: TaskHandlers;
  tokens: TokenIssuer;
  items: ItemStore;
  /** Read on every Wait and retry, so a changed waitScale applies to running executions too. */
  waitScale(): number;
  /** Multiplies Task TimeoutSeconds and HeartbeatSeconds, and the execution's (tests make them short). */
  timeoutScale(): number;
  log: Logger;
  /** Where every frame stands, by frame key; what a redrive resumes from. */
  checkpoints: Map<string, Checkpoint>;
  /** The previous attempt's checkpoints while a redrive resumes; consumed as frames resume. */
  resume?: Map<string, Checkpoint>;
}

/** One thread of states: the execution, a Parallel branch or a Map iteration. */
export interface Frame {
  run: Run;
  program: Program;
  scope: VariableScope;
  thread: HistoryThread;
  /** Stable across attempts: '' for the execution, `<parent>/<state>/<branch or index>` below. */
  key: string;
  /** Aborted when the run stops, or when a sibling's failure ends the Parallel or Map this frame is in. */
  signal: AbortSignal;
}

/** One attempt of one state. */
export interface Step {
  frame: Frame;
  state: State;
  /** The state's input as it entered. */
  input: unknown;
  /** The variables as they were when the state was entered. */
  variables: Readonly<Record<string, unknown>>;
  enteredEventId: number;
  /** The event the state's entry points at (AWS's EvaluationFailed points there too). */
  enteredAfter: number;
  /** The context object (`$$`, `$states.context`) for this attempt. */
  context: Record<string, unknown>;
  retryCount: number;
}

export interface StepResult {
  output: unknown;
  /** Absent when the state ends its frame. */
  next?: string;
  /** The state's Assign, applied once it exits. */
  assigned?: Record<string, unknown>;
}
