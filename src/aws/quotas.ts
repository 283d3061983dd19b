/**
 * AWS's API throttling quotas: a token bucket per operation, per account and region, of `bucket` tokens
 * refilled at `refill` a second. The figures are the Step Functions Developer Guide's ("Quotas related
 * to API action throttling"), with one table for the largest regions (US East (N. Virginia), US West
 * (Oregon), Europe (Ireland)) and one for all the others. Two operations the server also calls are not
 * Step Functions': the Resource Groups Tagging API's GetResources, documented at 15 calls a second at
 * most (Tag Editor user guide, service quotas; no bucket is given: one second's worth is assumed), and
 * the Schemas DescribeSchema, for which no rate is documented (the quotas page lists counts of
 * registries, schemas and versions only): 10 a second with a bucket of 10 is assumed, the smallest
 * refill Step Functions documents for a read it makes per call (DescribeExecution outside the largest
 * regions). StartSyncExecution is not listed: synchronous Express calls do not count against them.
 *
 * Pure data and arithmetic: the AWS clients pace themselves with it (pacing.ts) and the local engine
 * emulates it (src/engine/quotas.ts).
 */
import { fail, ok, type Result } from '../result.js';

/** One operation's bucket: `bucket` tokens at most, `refill` tokens a second. */
export interface Quota {
  bucket: number;
  refill: number;
}

export type QuotaTable = Readonly<Record<string, Quota>>;

/** Which documented table: the largest regions', or the other regions'. */
export type QuotaTableName = 'large' | 'other';

/** The regions the larger table applies to. */
export const LARGEST_REGIONS: readonly string[] = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** [operation, bucket and refill in the largest regions, bucket and refill elsewhere]. */
const DOCUMENTED: ReadonlyArray<[string, [number, number], [number, number]]> = [
  ['CreateActivity', [100, 1], [100, 1]],
  ['CreateStateMachine', [100, 1], [100, 1]],
  ['DeleteActivity', [100, 1], [100, 1]],
  ['DeleteStateMachine', [100, 1], [100, 1]],
  ['DescribeActivity', [200, 1], [200, 1]],
  ['DescribeExecution', [300, 15], [250, 10]],
  ['DescribeStateMachine', [200, 20], [200, 20]],
  ['DescribeStateMachineForExecution', [200, 1], [200, 1]],
  ['GetActivityTask', [3000, 500], [1500, 300]],
  ['GetExecutionHistory', [400, 20], [400, 20]],
  ['ListActivities', [100, 10], [100, 5]],
  ['ListExecutions', [200, 5], [100, 2]],
  ['ListStateMachines', [100, 5], [100, 5]],
  ['ListTagsForResource', [100, 1], [100, 1]],
  ['SendTaskFailure', [3000, 500], [1500, 300]],
  ['SendTaskHeartbeat', [3000, 500], [1500, 300]],
  ['SendTaskSuccess', [3000, 500], [1500, 300]],
  // Standard workflows' StartExecution (Express ones have a far larger bucket).
  ['StartExecution', [1300, 300], [800, 150]],
  ['StopExecution', [1000, 200], [500, 25]],
  ['TagResource', [200, 1], [200, 1]],
  ['UntagResource', [200, 1], [200, 1]],
  ['UpdateStateMachine', [100, 1], [100, 1]],
  ['GetResources', [15, 15], [15, 15]],
  ['DescribeSchema', [10, 10], [10, 10]],
];

function tableOf(which: 0 | 1): QuotaTable {
  return Object.fromEntries(
    DOCUMENTED.map(([operation, ...sizes]) => {
      const [bucket, refill] = sizes[which];
      return [operation, { bucket, refill }];
    }),
  );
}

export const QUOTA_TABLES: Readonly<Record<QuotaTableName, QuotaTable>> = {
  large: tableOf(0),
  other: tableOf(1),
};

/** The operations the tables name. */
export const QUOTA_OPERATIONS: readonly string[] = DOCUMENTED.map(([operation]) => operation);

/** The table AWS applies in `region`. */
export function tableNameFor(region: string): QuotaTableName {
  return LARGEST_REGIONS.includes(region) ? 'large' : 'other';
}

/**
 * Every bucket and refill multiplied by `scale`: an emulator that runs AWS's quotas faster (the local
 * engine's `--quotas-scale`) and a server paced for it use the same scale. A bucket keeps at least 1.
 */
export function scaleTable(table: QuotaTable, scale: number): Record<string, Quota> {
  return Object.fromEntries(Object.entries(table).map(([operation, q]) => [operation, scaleQuota(q, scale)]));
}

export function scaleQuota(quota: Quota, scale: number): Quota {
  return { bucket: Math.max(1, quota.bucket * scale), refill: quota.refill * scale };
}

/**
 * The fewest seconds `calls` requests of one operation take under its quota, starting with a full
 * bucket: the bucket goes at once, the rest at the refill rate.
 */
export function pacedSeconds(calls: number, quota: Quota): number {
  return Math.max(0, calls - Math.floor(quota.bucket)) / quota.refill;
}

/** What SFN_MCP_API_QUOTAS says: which table, a scale, and buckets of the operator's own. */
export interface QuotaSetting {
  /** `auto`: the table of the configured region; `off`: no table (DescribeExecution stays paced). */
  table: 'auto' | QuotaTableName | 'off';
  scale: number;
  /** Buckets of the operator's own, over the table's. */
  overrides: Array<{ operation: string } & Quota>;
}

export const DEFAULT_QUOTA_SETTING: QuotaSetting = { table: 'auto', scale: 1, overrides: [] };

const TABLE_WORDS = ['auto', 'large', 'other', 'off'] as const;
const MAX_SCALE = 1000;

/**
 * Parses `auto`, `large`, `other` or `off`, `scale=<n>` and `<Operation>=<refill>/<bucket>` entries,
 * comma-separated, in any order (`other,scale=2,DescribeStateMachine=40/400`). The error says what was
 * wrong with which entry and what is allowed.
 */
export function parseQuotaSetting(text: string): Result<QuotaSetting> {
  const setting: QuotaSetting = { table: 'auto', scale: 1, overrides: [] };
  let tableSeen = false;
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    if ((TABLE_WORDS as readonly string[]).includes(entry)) {
      if (tableSeen) return fail(`names two tables; use one of ${TABLE_WORDS.join(', ')}`);
      tableSeen = true;
      setting.table = entry as QuotaSetting['table'];
      continue;
    }
    const parsed = parseEntry(entry);
    if (!parsed.ok) return parsed;
    if (parsed.value.kind === 'scale') setting.scale = parsed.value.scale;
    else setting.overrides.push({ operation: parsed.value.operation, ...parsed.value.quota });
  }
  return ok(setting);
}

type Entry = { kind: 'scale'; scale: number } | { kind: 'quota'; operation: string; quota: Quota };

function parseEntry(entry: string): Result<Entry> {
  const [name, value, ...rest] = entry.split('=');
  if (value === undefined || rest.length > 0 || !name) {
    return fail(
      `has '${entry}'; entries are ${TABLE_WORDS.join(', ')}, scale=<n> or <Operation>=<refill per second>/<bucket>`,
    );
  }
  if (name === 'scale') {
    const scale = Number(value);
    if (!(scale > 0 && scale <= MAX_SCALE))
      return fail(`has scale '${value}'; use a number above 0, at most ${MAX_SCALE}`);
    return ok({ kind: 'scale', scale });
  }
  if (name === 'DescribeExecution') {
    return fail('sets DescribeExecution; its rate is SFN_MCP_DESCRIBE_RATE (--describe-rate)');
  }
  if (!QUOTA_OPERATIONS.includes(name)) {
    return fail(`names '${name}', which has no quota; the operations are ${QUOTA_OPERATIONS.join(', ')}`);
  }
  const match = /^(\d+(?:\.\d+)?)\/(\d+)$/.exec(value);
  const refill = Number(match?.[1]);
  const bucket = Number(match?.[2]);
  if (!match || !(refill > 0) || !(bucket >= 1)) {
    return fail(`has ${name}='${value}'; write <refill per second>/<bucket>, e.g. ${name}=20/200`);
  }
  return ok({ kind: 'quota', operation: name, quota: { bucket, refill } });
}
