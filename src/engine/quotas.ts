/**
 * AWS's API throttling, emulated: one token bucket per operation with the documented bucket and refill
 * (src/aws/quotas.ts), optionally scaled so that tests and benchmarks run the same quotas faster. A
 * request that finds its bucket empty is answered with the service's throttling error, as AWS answers
 * it, and counted. Operations the table does not name are never throttled.
 */
import { QUOTA_TABLES, scaleTable, type Quota, type QuotaTableName } from '../aws/quotas.js';
import { TokenBucket } from '../aws/token-bucket.js';
import type { EngineContext } from './context.js';
import { resolveQuotas } from './options.js';
import type { EngineQuotaOptions } from './types.js';

/** The throttled requests so far: in all, and by operation. */
export interface QuotaThrottles {
  total: number;
  byOperation: Record<string, number>;
}

export class EngineQuotas {
  readonly quotas: Readonly<Record<string, Quota>>;
  private buckets = new Map<string, TokenBucket>();
  private readonly counts = new Map<string, number>();

  constructor(
    readonly table: QuotaTableName,
    readonly scale: number,
  ) {
    this.quotas = scaleTable(QUOTA_TABLES[table], scale);
    this.fill();
  }

  /** Takes a token for one request of `operation`; false (and counted) when its bucket is empty. */
  admit(operation: string): boolean {
    const bucket = this.buckets.get(operation);
    if (!bucket || bucket.tryAcquire()) return true;
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    return false;
  }

  throttled(): QuotaThrottles {
    const byOperation = Object.fromEntries(this.counts);
    return { total: Object.values(byOperation).reduce((a, b) => a + b, 0), byOperation };
  }

  /** Full buckets and no throttles counted, as after a long rest. */
  reset(): void {
    this.counts.clear();
    this.fill();
  }

  private fill(): void {
    this.buckets = new Map(
      Object.entries(this.quotas).map(([operation, q]) => [
        operation,
        new TokenBucket({ rate: q.refill, burst: q.bucket }),
      ]),
    );
  }
}

/** Emulates `options` from now on, or no quotas; a bad table or scale throws, naming it. */
export function setQuotas(ctx: EngineContext, options: EngineQuotaOptions | undefined): void {
  const resolved = resolveQuotas({ ...(options ? { quotas: options } : {}) }, ctx.scope.region);
  if (!resolved.ok) throw new Error(resolved.error);
  if (resolved.value) ctx.quotas = new EngineQuotas(resolved.value.table, resolved.value.scale);
  else delete ctx.quotas;
}
