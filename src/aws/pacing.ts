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
 * How the server stays inside AWS's documented figures. A bucket AWS keeps full starts refilling only
 * when our first request reaches it, which is later than it left, and AWS may refill in steps rather
 * than smoothly; a client bucket that refilled from the moment the burst left would be ahead of AWS's by
 * up to that much, and throttled. So after a token is taken from a full bucket, the refill starts
 * REFILL_LAG_SECONDS later (one second: requests reach AWS well within it, and a refill in steps of a
 * second never lags by more). The burst is the documented bucket, whole: a discovery that fits in it
 * never waits. Over a long discovery the lag costs one second's refill, once.
 */
export const REFILL_LAG_SECONDS = 1;

/** A quota as the server paces by it: the documented bucket and refill, and the refill's lag. */
export interface PacedQuota extends Quota {
  /** Seconds the refill starts after a token is taken from the full bucket; none when absent. */
  refillLag?: number;
}

/**
 * The buckets of a configuration. Pure. The table (the region's, or the one named), scaled, with the
 * refill's lag; the operator's own buckets over it, scaled (as given otherwise); DescribeExecution always
 * at `describeRate` with a quarter of a second's burst, well inside AWS's bucket, so the waits of this
 * process leave most of the account's quota to its other users.
 */
export function pacingQuotas(opts: PacingOptions): Record<string, PacedQuota> {
  const setting = opts.quotas ?? DEFAULT_QUOTA_SETTING;
  const name = setting.table === 'auto' ? tableNameFor(opts.region) : setting.table;
  const table = scaleTable(name === 'off' ? {} : QUOTA_TABLES[name], setting.scale);
  const own = Object.fromEntries(
    setting.overrides.map(({ operation, bucket, refill }) => [
      operation,
      scaleQuota({ bucket, refill }, setting.scale),
    ]),
  );
  const quotas: Record<string, PacedQuota> = {
    ...Object.fromEntries(
      Object.entries(table).map(([operation, q]) => [operation, { ...q, refillLag: REFILL_LAG_SECONDS }]),
    ),
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

  constructor(quotas: Record<string, PacedQuota>, clock?: Clock) {
    for (const [operation, quota] of Object.entries(quotas)) {
      const bucket = new TokenBucket({
        rate: quota.refill,
        burst: quota.bucket,
        refillLagMs: (quota.refillLag ?? 0) * 1000,
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
