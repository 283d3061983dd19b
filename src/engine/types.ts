import type { QuotaTableName } from '../aws/quotas.js';
import type { Logger } from '../log.js';
import type { QuotaThrottles } from './quotas.js';

/**
 * AWS's API throttling quotas, emulated (src/engine/quotas.ts): `table` `auto` (default) is the table of
 * the engine's region; `scale` (default 1) multiplies every bucket and refill rate.
 */
export interface EngineQuotaOptions {
  table?: 'auto' | QuotaTableName;
  scale?: number;
}

/** Options for {@link startEngine}; every field has a default. */
export interface EngineOptions {
  /** Folder of state machines to load at start (see docs/engine.md). */
  dir?: string;
  /** Bind address; default '127.0.0.1'. */
  host?: string;
  /** Port; default 0 = ephemeral. */
  port?: number;
  /** Default 'us-east-1'. */
  region?: string;
  /** Default '123456789012'. */
  accountId?: string;
  /** Tag key under which a folder machine's input schema ARN is tagged; default 'InputSchemaArn'. */
  schemaTagKey?: string;
  /** Tag key under which a folder machine's output schema ARN is tagged; default 'OutputSchemaArn'. */
  outputSchemaTagKey?: string;
  /**
   * Fault injection and the call log, in code (`engine.faults`, `engine.calls`) and over HTTP (/_local/calls,
   * /_local/faults); default false. Refused unless `host` is a loopback address.
   */
  control?: boolean;
  /** Throttle requests beyond AWS's documented quotas; default off. */
  quotas?: EngineQuotaOptions;
  log?: Logger;
}

export interface FaultSettings {
  /** Added to every AWS API call (not to /_local). */
  latencyMs: number;
  /** Share of AWS API calls answered with a throttling error, 0..1, spread evenly. */
  throttleRate: number;
  /** Operations the throttle applies to; default all. */
  throttleOperations?: string[];
  /** Multiplies Wait state durations and Retry intervals, e.g. 0.01 in tests; default 1. */
  waitScale?: number;
  /**
   * Multiplies Task TimeoutSeconds and HeartbeatSeconds and the execution's TimeoutSeconds, e.g. 0.01 so
   * that a 1 s heartbeat timeout expires after 10 ms in a test; default 1.
   */
  timeoutScale?: number;
  /**
   * Share of AWS API calls, 0..1 spread evenly, that the engine performs and then answers with a
   * retryable 500 as if the response was lost on the way back (to prove idempotent retries).
   */
  responseLossRate?: number;
  /** Operations the response loss applies to; default all. */
  responseLossOperations?: string[];
  /** Fail one operation, optionally for one resource ARN, with a chosen error (e.g. an IAM denial). */
  failures?: FailureRule[];
}

export interface FailureRule {
  /** Operation name, e.g. 'DescribeStateMachine', 'ListTagsForResource', 'GetResources', 'DescribeSchema'. */
  operation: string;
  /** The resource the request names (stateMachineArn, resourceArn, executionArn, a schema ARN); absent = every call. */
  arn?: string;
  /** e.g. 'AccessDeniedException'. */
  errorType: string;
  /** HTTP status; default 400. */
  status?: number;
  message?: string;
}

export interface CallRecord {
  operation: string;
  /** The resource ARN the request named, when it named one. */
  arn?: string;
  /** The X-Ray trace header a StartExecution or StartSyncExecution request carried. */
  traceHeader?: string;
  /** Epoch milliseconds when the call arrived. */
  at: number;
  status: number;
  errorType?: string;
}

export interface LoadReport {
  loaded: string[];
  errors: { file: string; reason: string }[];
}

export interface Engine {
  /** e.g. 'http://127.0.0.1:54321' */
  endpoint: string;
  region: string;
  accountId: string;
  schemaTagKey: string;
  outputSchemaTagKey: string;
  /** Whether the engine was started with `control: true`. */
  control: boolean;
  /** Fault injection; every method throws unless {@link control}. */
  faults: { set(f: Partial<FaultSettings>): void; reset(): void; get(): FaultSettings };
  /** The call log of AWS API calls; every method throws unless {@link control}. */
  calls: { counts(): Record<string, number>; entries(): CallRecord[]; reset(): void };
  /** The emulated quotas: which table at which scale (undefined: none), and the requests throttled. */
  quotas: {
    table: QuotaTableName | undefined;
    scale: number;
    throttled(): QuotaThrottles;
    /** Full buckets and no throttles counted. */
    reset(): void;
    /** Emulates these quotas from now on (full buckets, no throttles counted), or none. */
    set(options: EngineQuotaOptions | undefined): void;
  };
  loadReport: LoadReport;
  /** Stops the HTTP server and aborts running executions; leaves no timers behind. */
  close(): Promise<void>;
}
