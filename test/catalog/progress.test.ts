/** Discovery progress as the `list` indicator and tools/list's progress notifications show it. */
import { describe, expect, it } from 'vitest';
import { progressCount, progressText, type DiscoveryProgress } from '../../src/catalog/progress.js';

const listing: DiscoveryProgress = { phase: 'listing', listed: 1000, done: 0, total: 0 };
const reading: DiscoveryProgress = { phase: 'reading', listed: 1200, done: 40, total: 600 };

describe('discovery progress', () => {
  it('says what is done and how far, naming the quota requests last waited for', () => {
    expect(progressText(listing)).toBe('Listing state machines... 1000');
    expect(progressText(reading)).toBe('Reading state machines... 40/600');
    expect(progressText({ ...reading, waitingForQuota: 'DescribeStateMachine' })).toBe(
      'Reading state machines... 40/600 (within the AWS quota of DescribeStateMachine)',
    );
  });

  it('counts up across the phases: machines listed, then listed and read, with the total once known', () => {
    expect(progressCount(listing)).toEqual({ progress: 1000 });
    // Listing ended at 1,200: reading starts above every count the listing gave.
    expect(progressCount({ ...reading, done: 0 })).toEqual({ progress: 1200, total: 1800 });
    expect(progressCount(reading)).toEqual({ progress: 1240, total: 1800 });
    expect(progressCount({ ...reading, phase: 'done', done: 600 })).toEqual({ progress: 1800, total: 1800 });
  });
});
