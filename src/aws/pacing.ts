/**
 * Client-side pacing: one token bucket per AWS operation, shared by every request of the process
 * (discovery, refresh, calls, waits, tasks, the result tool), so that the server stays within AWS's API
 * throttling quotas (quotas.ts) instead of being throttled and retried. An SDK middleware takes a token
 * before every send, retries included (it sits after the retry middleware, before signing: a request
 * that waited long is still signed fresh), and waits for one when the bucket is empty. A request's
 * abortSignal also ends its wait for a token. When AWS throttles a request all the same (other users of
 * the account share the quota), the operation's bucket is emptied, so the SDK's retry and the requests
 * behind it wait for the refill instead of being throttled in turn.
 */
import type { FinalizeRequestMiddleware, HandlerExecutionContext, MiddlewareStack } from '@smithy/types';
import { isThrottling } from './errors.js';
import { DEFAULT_QUOTA_SETTING, QUOTA_TABLES, scaleQuota, scaleTable, tableNameFor } from './quotas.js';
import type { Quota, QuotaSetting } from './quotas.js';
import { TokenBucket, defaultBurst, type Clock } from './token-bucket.js';

/** What the server paces itself with: SFN_MCP_API_QUOTAS, SFN_MCP_DESCRIBE_RATE and the region. */
export interface PacingOptions {
  quotas?: QuotaSetting;
  /** DescribeExecution calls a second (before the scale). */
  describeRate: number;
  region: string;
}

/**
 * How the server stays a little inside AWS's documented figures. Requests take a varying time to reach
 * AWS (the first of a burst opens a connection, later ones reuse one, either may wait for a busy
 * process), and AWS may refill its buckets in steps rather than smoothly. A request that reaches AWS
 * late never piles lateness up (AWS's bucket refills meanwhile); what throttles is requests reaching it
 * closer together than they left. So the server holds tokens back: one second's refill of each bucket
 * (requests may bunch by up to a second, and a refill in steps of a second never lags by more), but at
 * most a quarter of the bucket (a small bucket keeps most of its burst), and at least one token. It
 * refills at the documented rate: a margin on the rate would cost a share of every long discovery (10%
 * of 5,000 machines' descriptions is twelve seconds), where the tokens held back cost one second once.
 */
export const HELD_BACK_SECONDS = 1;
export const HELD_BACK_SHARE_OF_BUCKET = 0.25;

/** A documented quota as the server paces by it: the same refill, some tokens held back. */
export function withMargin({ bucket, refill }: Quota): Quota {
  const held = Math.max(
    1,
    Math.min(Math.ceil(refill * HELD_BACK_SECONDS), Math.floor(bucket * HELD_BACK_SHARE_OF_BUCKET)),
  );
  return { bucket: Math.max(1, bucket - held), refill };
}

/**
 * The buckets of a configuration. Pure. The table (the region's, or the one named), scaled, with the
 * margin; the operator's own buckets over it, scaled (as given otherwise); DescribeExecution always at
 * `describeRate` with a quarter of a second's burst, well inside AWS's bucket, so the waits of this
 * process leave most of the account's quota to its other users.
 */
export function pacingQuotas(opts: PacingOptions): Record<string, Quota> {
  const setting = opts.quotas ?? DEFAULT_QUOTA_SETTING;
  const name = setting.table === 'auto' ? tableNameFor(opts.region) : setting.table;
  const table = scaleTable(name === 'off' ? {} : QUOTA_TABLES[name], setting.scale);
  const own = Object.fromEntries(
    setting.overrides.map(({ operation, bucket, refill }) => [
      operation,
      scaleQuota({ bucket, refill }, setting.scale),
    ]),
  );
  const quotas: Record<string, Quota> = {
    ...Object.fromEntries(Object.entries(table).map(([operation, q]) => [operation, withMargin(q)])),
    ...own,
  };
  const describe = scaleQuota({ refill: opts.describeRate, bucket: 1 }, setting.scale).refill;
  quotas.DescribeExecution = { refill: describe, bucket: defaultBurst(describe) };
  return quotas;
}

/** An operation with requests waiting for its bucket. */
export interface QuotaWait {
  operation: string;
  /** Requests waiting for a token now. */
  waiting: number;
  quota: Quota;
}

export type QuotaWaitListener = (wait: QuotaWait) => void;

/** The buckets of one process (one set of AWS clients), by operation name. */
export class Pacing {
  private readonly buckets = new Map<string, { bucket: TokenBucket; quota: Quota }>();
  private readonly listeners = new Set<QuotaWaitListener>();

  constructor(quotas: Record<string, Quota>, clock?: Clock) {
    for (const [operation, quota] of Object.entries(quotas)) {
      const bucket = new TokenBucket({
        rate: quota.refill,
        burst: quota.bucket,
        ...(clock ? { clock } : {}),
      });
      this.buckets.set(operation, { bucket, quota });
    }
  }

  /** The quota an operation is paced by; undefined = not paced. */
  quota(operation: string): Quota | undefined {
    return this.buckets.get(operation)?.quota;
  }

  /**
   * Resolves when a request of `operation` may go out; at once for an operation without a quota.
   * Rejects with the signal's reason when it aborts first.
   */
  acquire(operation: string, signal?: AbortSignal): Promise<void> {
    const paced = this.buckets.get(operation);
    if (!paced) return signal?.aborted ? Promise.reject(abortReason(signal)) : Promise.resolve();
    const { bucket, quota } = paced;
    if (!signal?.aborted && bucket.tryAcquire()) return Promise.resolve();
    const waiting = bucket.acquire(signal);
    if (!signal?.aborted) {
      for (const listener of this.listeners) listener({ operation, waiting: bucket.waiting, quota });
    }
    return waiting;
  }

  /** AWS throttled a request of `operation`: its bucket was emptier than this process knew. */
  throttled(operation: string): void {
    this.buckets.get(operation)?.bucket.drain();
  }

  /**
   * These operations' buckets were spent `msAgo` milliseconds ago, by an earlier process of this server
   * (its catalogue file says when it last read the account): they start with what has refilled since.
   */
  assumeSpent(msAgo: number, operations: Iterable<string>): void {
    for (const operation of operations) this.buckets.get(operation)?.bucket.spentAgo(msAgo);
  }

  /** Requests waiting for a token now, by operation (those with none left out). */
  waits(): QuotaWait[] {
    return [...this.buckets].flatMap(([operation, { bucket, quota }]) =>
      bucket.waiting > 0 ? [{ operation, waiting: bucket.waiting, quota }] : [],
    );
  }

  /** Called whenever a request has to wait for its bucket; returns the unsubscribe function. */
  onWait(listener: QuotaWaitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

// The key under which the SDK keeps a request's own context, the abortSignal among it (@smithy/types
// SMITHY_CONTEXT_KEY).
const SMITHY_CONTEXT_KEY = '__smithy_context';

/** The request's abortSignal, as `send(command, { abortSignal })` gave it. */
function signalOf(context: HandlerExecutionContext): AbortSignal | undefined {
  const smithy = (context as Record<string, unknown>)[SMITHY_CONTEXT_KEY] as
    { abortSignal?: AbortSignal } | undefined;
  return smithy?.abortSignal;
}

/** `DescribeStateMachineCommand` -> `DescribeStateMachine`. */
export function operationOf(commandName: string | undefined): string {
  return (commandName ?? '').replace(/Command$/, '');
}

/** The middleware: a token before every send of a paced operation; a throttle empties the bucket. */
export function pacingMiddleware<I extends object, O extends object>(
  pacing: Pacing,
): FinalizeRequestMiddleware<I, O> {
  return (next, context) => async (args) => {
    const operation = operationOf(context.commandName);
    await pacing.acquire(operation, signalOf(context));
    try {
      return await next(args);
    } catch (err) {
      if (isThrottling(err)) pacing.throttled(operation);
      throw err;
    }
  };
}

/** Puts the middleware in a client's stack: after the retries, before signing. */
export function addPacing<I extends object, O extends object>(
  stack: MiddlewareStack<I, O>,
  pacing: Pacing,
): void {
  stack.addRelativeTo(pacingMiddleware<I, O>(pacing), {
    name: 'pacingMiddleware',
    relation: 'before',
    toMiddleware: 'httpSigningMiddleware',
  });
}
