import type { DescribeExecutionOutput } from '@aws-sdk/client-sfn';
import type { Logger } from '../log.js';

/** A plain result shaped like an MCP CallToolResult; the MCP layer passes it on as it is. */
export interface ToolCallResult {
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  /** Plain keys: `executionArn`, `status` (when an execution exists). */
  _meta?: Record<string, unknown>;
}

/** One progress report, sent after each DescribeExecution poll of a Standard run. */
export interface ProgressReport {
  elapsedMs: number;
  status: string;
  /** The state the execution is in, when the caller enriches the report (see `currentStateName`). */
  state?: string;
  message: string;
  /** Lets a listener read the history itself without a second channel. */
  executionArn: string;
}

/**
 * A process-wide budget of optional reads beyond the AWS clients' own pacing: the bridge's history-read
 * bucket (src/aws/token-bucket.ts), which progress reports only try and approval checks wait for.
 */
export interface Pacer {
  /** Resolves when one read may go out; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Takes a token only if one is free now (never waits). */
  tryAcquire?(): boolean;
}

export interface RunOptions {
  log: Logger;
  /** Client cancellation: stops waiting at once. */
  signal?: AbortSignal;
  onProgress?: (p: ProgressReport) => void | Promise<void>;
  /** How long a Standard call waits before it returns the ARN; undefined = to the end, 0 = not at all. */
  waitBudgetMs?: number;
  /** Also StopExecution when `signal` aborts (default false: a client time-out must not stop a business process). */
  stopOnCancel?: boolean;
  /**
   * Ends the wait the way the budget does (a non-error "still running" result with the ARN), e.g. when the
   * server drains before a shutdown. Unlike `signal`, it never stops the execution.
   */
  release?: AbortSignal;
  /**
   * How progress reports learn the state the execution is in: GetExecutionHistory at most once every
   * `minIntervalMs` per call (default 2000), and only when the shared `pacer` has a token free at once
   * (a progress message never waits). Without it, reports carry no state name.
   */
  stateReads?: { pacer?: Pacer; minIntervalMs?: number };
  /**
   * For a Standard wait: what stops it while the execution still runs (src/execution/wait.ts
   * `interrupt`), made for the execution once it is known. Its reason becomes a non-error result with
   * the execution ARN. It must not throw.
   */
  interrupt?: (
    executionArn: string,
  ) => (execution: DescribeExecutionOutput, signal: AbortSignal) => Promise<string | undefined>;
  /**
   * Called after the arguments were validated, before anything starts: a result returned here is the
   * call's answer and nothing is started (a start that needs a person's confirmation first).
   */
  beforeStart?: () => Promise<ToolCallResult | undefined>;
  /** The X-Ray trace header StartExecution or StartSyncExecution carries (from the request's traceparent). */
  traceHeader?: string;
}
