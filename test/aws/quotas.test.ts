/** AWS's quota tables, the SFN_MCP_API_QUOTAS setting and the buckets a configuration paces by: pure logic. */
import { describe, expect, it } from 'vitest';
import {
  QUOTA_TABLES,
  parseQuotaSetting,
  pacedSeconds,
  scaleTable,
  tableNameFor,
} from '../../src/aws/quotas.js';
import { REFILL_LAG_SECONDS, pacingQuotas } from '../../src/aws/pacing.js';

describe('the documented tables', () => {
  it('hold the figures the developer guide gives, per table', () => {
    const { large, other } = QUOTA_TABLES;
    expect(large.DescribeExecution).toEqual({ bucket: 300, refill: 15 });
    expect(other.DescribeExecution).toEqual({ bucket: 250, refill: 10 });
    for (const table of [large, other]) {
      expect(table.ListTagsForResource).toEqual({ bucket: 100, refill: 1 });
      expect(table.DescribeStateMachine).toEqual({ bucket: 200, refill: 20 });
      expect(table.ListStateMachines).toEqual({ bucket: 100, refill: 5 });
      expect(table.GetResources).toEqual({ bucket: 15, refill: 15 });
    }
    expect(large.StartExecution).toEqual({ bucket: 1300, refill: 300 });
    expect(other.StopExecution).toEqual({ bucket: 500, refill: 25 });
    expect(large.StartSyncExecution).toBeUndefined();
  });

  it('apply the larger table in us-east-1, us-west-2 and eu-west-1 only', () => {
    expect(['us-east-1', 'us-west-2', 'eu-west-1'].map(tableNameFor)).toEqual(['large', 'large', 'large']);
    expect(['us-east-2', 'eu-central-1', 'ap-south-1'].map(tableNameFor)).toEqual([
      'other',
      'other',
      'other',
    ]);
  });

  it('scale every bucket and refill, keeping at least one token', () => {
    const scaled = scaleTable(QUOTA_TABLES.other, 0.5);
    expect(scaled.DescribeStateMachine).toEqual({ bucket: 100, refill: 10 });
    expect(scaleTable(QUOTA_TABLES.other, 0.01).GetResources).toEqual({ bucket: 1, refill: 0.15 });
  });

  it('say how long a number of calls takes at the least: the bucket at once, the rest at the refill', () => {
    const describe = QUOTA_TABLES.other.DescribeStateMachine!;
    expect(pacedSeconds(150, describe)).toBe(0);
    expect(pacedSeconds(500, describe)).toBe(15);
    expect(pacedSeconds(2500, describe)).toBe(115);
  });
});

describe('SFN_MCP_API_QUOTAS', () => {
  it('reads a table, a scale and buckets of its own, in any order', () => {
    expect(parseQuotaSetting('auto')).toEqual({
      ok: true,
      value: { table: 'auto', scale: 1, overrides: [] },
    });
    expect(parseQuotaSetting(' DescribeStateMachine=40/400 , scale=2.5, other ')).toEqual({
      ok: true,
      value: {
        table: 'other',
        scale: 2.5,
        overrides: [{ operation: 'DescribeStateMachine', refill: 40, bucket: 400 }],
      },
    });
    expect(parseQuotaSetting('off')).toMatchObject({ ok: true, value: { table: 'off' } });
  });

  it.each([
    ['large,other', 'names two tables; use one of auto, large, other, off'],
    [
      'fast',
      "has 'fast'; entries are auto, large, other, off, scale=<n> or <Operation>=<refill per second>/<bucket>",
    ],
    ['scale=0', "has scale '0'; use a number above 0, at most 1000"],
    ['scale=x', "has scale 'x'; use a number above 0, at most 1000"],
    [
      'DescribeExecution=20/50',
      'sets DescribeExecution; its rate is SFN_MCP_DESCRIBE_RATE (--describe-rate)',
    ],
    [
      'DescribeStateMachine=20',
      "has DescribeStateMachine='20'; write <refill per second>/<bucket>, e.g. DescribeStateMachine=20/200",
    ],
    [
      'DescribeStateMachine=0/10',
      "has DescribeStateMachine='0/10'; write <refill per second>/<bucket>, e.g. DescribeStateMachine=20/200",
    ],
  ])('refuses %j, saying what is allowed', (text, error) => {
    expect(parseQuotaSetting(text)).toEqual({ ok: false, error });
  });

  it('refuses an operation without a quota, listing those with one', () => {
    const refused = parseQuotaSetting('StartSyncExecution=1/1');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatch(
      /^names 'StartSyncExecution', which has no quota; the operations are CreateActivity, /,
    );
  });
});

describe('the buckets a configuration paces by', () => {
  const base = { describeRate: 10, region: 'us-east-1' };

  it("take the region's table, its refill a second behind, DescribeExecution at the describe rate", () => {
    const quotas = pacingQuotas(base);
    expect(REFILL_LAG_SECONDS).toBe(1);
    const lag = { refillLag: 1 };
    expect(quotas.DescribeStateMachine).toEqual({ bucket: 200, refill: 20, ...lag });
    expect(quotas.ListTagsForResource).toEqual({ bucket: 100, refill: 1, ...lag });
    expect(quotas.StartExecution).toEqual({ bucket: 1300, refill: 300, ...lag });
    expect(quotas.DescribeSchema).toEqual({ bucket: 10, refill: 10, ...lag });
    expect(quotas.GetResources).toEqual({ bucket: 15, refill: 15, ...lag });
    expect(quotas.DescribeExecution).toEqual({ bucket: 3, refill: 10 });
    expect(pacingQuotas({ ...base, region: 'eu-north-1' }).StartExecution).toEqual({
      bucket: 800,
      refill: 150,
      ...lag,
    });
  });

  it('take the named table, the own buckets over it, all scaled', () => {
    const quotas = pacingQuotas({
      ...base,
      quotas: {
        table: 'other',
        scale: 2,
        overrides: [{ operation: 'ListTagsForResource', refill: 3, bucket: 30 }],
      },
    });
    expect(quotas.StartExecution).toEqual({ bucket: 1600, refill: 300, refillLag: 1 });
    // The operator's own bucket, as given: no lag.
    expect(quotas.ListTagsForResource).toEqual({ bucket: 60, refill: 6 });
    expect(quotas.DescribeExecution).toEqual({ bucket: 5, refill: 20 });
  });

  it('pace only DescribeExecution with the table off', () => {
    expect(pacingQuotas({ ...base, quotas: { table: 'off', scale: 1, overrides: [] } })).toEqual({
      DescribeExecution: { bucket: 3, refill: 10 },
    });
  });
});
