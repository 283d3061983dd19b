import { describe, expect, it } from 'vitest';
import { DiscoveryMemo } from '../../src/catalog/memo.js';
import type { Candidate } from '../../src/catalog/selection.js';

const arn = (name: string, qualifier?: string): string =>
  `arn:aws:states:us-east-1:123456789012:stateMachine:${name}${qualifier ? `:${qualifier}` : ''}`;
const candidate = (name: string, over: Partial<Candidate> = {}): Candidate => ({
  machine: { arn: arn(name), name, type: 'STANDARD', invokeArn: arn(name) },
  creationDate: 1,
  ...over,
});

describe('DiscoveryMemo', () => {
  it('reuses a description while the machine and the ARN it runs stay the same', () => {
    const memo = new DiscoveryMemo();
    memo.remember(candidate('a'), { description: 'A' });
    expect(memo.reusable(candidate('a'), 1_000_000)).toEqual({ description: 'A' });
    // Re-created (a new creation date), or now started through a version: read again.
    expect(memo.reusable(candidate('a', { creationDate: 2 }), 1_000_000)).toBeUndefined();
    const version = candidate('a');
    version.machine = { ...version.machine, invokeArn: arn('a', '2'), version: '2' };
    expect(memo.reusable(version, 1_000_000)).toBeUndefined();
    expect(memo.reusable(candidate('b'), 1_000_000)).toBeUndefined();
  });

  it('re-reads every description on every run when recheckEvery is 1', () => {
    const memo = new DiscoveryMemo();
    memo.remember(candidate('a'), { description: 'A' });
    expect(memo.reusable(candidate('a'), 1)).toBeUndefined();
  });

  it('spreads re-reads: each machine is due once in every recheckEvery runs', () => {
    const memo = new DiscoveryMemo();
    const names = Array.from({ length: 50 }, (_, i) => `m${i}`);
    for (const n of names) memo.remember(candidate(n), {});
    const due = new Map(names.map((n) => [n, 0]));
    for (let run = 1; run <= 6; run++) {
      memo.run = run;
      for (const n of names) if (memo.reusable(candidate(n), 6) === undefined) due.set(n, due.get(n)! + 1);
    }
    expect([...due.values()].every((count) => count === 1)).toBe(true);
  });

  it('forgets machines that are no longer kept', () => {
    const memo = new DiscoveryMemo();
    memo.remember(candidate('a'), {});
    memo.remember(candidate('b'), {});
    memo.keepOnly(new Set([arn('b')]));
    expect(memo.reusable(candidate('a'), 1_000_000)).toBeUndefined();
    expect(memo.reusable(candidate('b'), 1_000_000)).toEqual({});
  });
});
