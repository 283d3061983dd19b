/**
 * What earlier discovery runs read, so that a refresh (refresh.ts) re-reads only what can have
 * changed. Owned by one LiveCatalog (or one discoverCatalog call).
 */
import { SchemaMemo } from './assemble.js';
import type { MachineDescription } from './describe.js';
import type { Candidate } from './selection.js';

interface MachineMemo {
  /** ListStateMachines.creationDate (epoch ms): a deleted and re-created machine gets a new one. */
  creationDate: number | undefined;
  invokeArn: string;
  described: MachineDescription;
}

export class DiscoveryMemo {
  /** Runs so far, this one included once it has started. */
  run = 0;
  private readonly machines = new Map<string, MachineMemo>();
  /** Set once GetResources failed: later runs read tags per machine without asking again. */
  bulkTagsUnavailable: string | undefined;
  /** Schema documents converted and compiled by the last run, reused while their content stays the same. */
  readonly schemas = new SchemaMemo();

  /**
   * The description an earlier run read for this machine, while it is the same machine (same
   * creation date) started through the same ARN, and not due for a re-read: each unchanged machine
   * is re-read every `recheckEvery` runs, spread evenly over the runs.
   */
  reusable(candidate: Candidate, recheckEvery: number): MachineDescription | undefined {
    const { machine, creationDate } = candidate;
    const previous = this.machines.get(machine.arn);
    if (!previous || previous.creationDate !== creationDate || previous.invokeArn !== machine.invokeArn) {
      return undefined;
    }
    return isDue(machine.arn, this.run, recheckEvery) ? undefined : previous.described;
  }

  remember(candidate: Candidate, described: MachineDescription): void {
    const { machine, creationDate } = candidate;
    this.machines.set(machine.arn, { creationDate, invokeArn: machine.invokeArn, described });
  }

  /** Forgets machines that are gone or no longer selected, so that a come-back is read afresh. */
  keepOnly(arns: ReadonlySet<string>): void {
    for (const arn of this.machines.keys()) if (!arns.has(arn)) this.machines.delete(arn);
  }
}

/** Spreads re-reads of unchanged machines evenly over `every` runs, by a hash of the ARN (FNV-1a). */
function isDue(arn: string, run: number, every: number): boolean {
  if (every <= 1) return true;
  let h = 2166136261;
  for (let i = 0; i < arn.length; i++) h = Math.imul(h ^ arn.charCodeAt(i), 16777619);
  return ((h >>> 0) + run) % every === 0;
}
