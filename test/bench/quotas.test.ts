/** The quota floor the quota benchmark compares the server with: the documented buckets' pacing. */
import { describe, expect, it } from 'vitest';
import { quotaFloorOf } from '../../bench/quotas.js';
import { QUOTA_TABLES } from '../../src/aws/quotas.js';
import { fleetGroup } from '../helpers/quota-fleet.js';

describe('the quota floor', () => {
  it('is zero while every bucket holds the calls', () => {
    // 200 machines: one listing page, one GetResources page, 100 descriptions, 10 schemas.
    expect(quotaFloorOf(fleetGroup('q-', 200))).toBe(0);
  });

  it('paces what exceeds the buckets: the slowest operation, each bucket being its own', () => {
    // 1,000 machines: 500 descriptions, 300 beyond the bucket of 200, at 20 a second.
    expect(quotaFloorOf(fleetGroup('q-', 1_000))).toBe(15);
    // 5,000: 25 GetResources pages (10 beyond 15, at 15 a second: 0.67 s) while 2,300 descriptions
    // beyond the bucket go at 20 a second.
    expect(quotaFloorOf(fleetGroup('q-', 5_000))).toBe(115);
  });

  it('follows the table it is given', () => {
    const halved = Object.fromEntries(
      Object.entries(QUOTA_TABLES.other).map(([op, q]) => [op, { bucket: q.bucket, refill: q.refill / 2 }]),
    );
    expect(quotaFloorOf(fleetGroup('q-', 1_000), halved)).toBe(30);
  });
});
