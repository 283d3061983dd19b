/** Static bearer tokens, compared in constant time; the tokens themselves never leave this module. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { StaticTokenEntry } from './settings.js';

export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Static tokens, compared in constant time over fixed-length digests (so length leaks nothing). */
export class StaticTokens {
  private readonly digests: Array<{ digest: Buffer; entry: StaticTokenEntry }>;
  constructor(entries: StaticTokenEntry[]) {
    this.digests = entries.map((entry) => ({ digest: tokenDigest(entry.token), entry }));
  }
  get size(): number {
    return this.digests.length;
  }
  match(token: string): StaticTokenEntry | undefined {
    const presented = tokenDigest(token);
    let found: StaticTokenEntry | undefined;
    // Every entry is compared, whichever matches, so timing says nothing about which one did.
    for (const d of this.digests) if (timingSafeEqual(presented, d.digest)) found ??= d.entry;
    return found;
  }
}
