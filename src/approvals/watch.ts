/**
 * Watching a waiting execution for a person's decision: after a poll that finds it running, its newest
 * history is read (at most once every APPROVAL_CHECK_INTERVAL_MS per wait, each read taking a turn of
 * the shared history pacer) and the oldest pending approval, if any, stops the wait.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Pacer, RunOptions } from '../execution/index.js';
import type { Logger } from '../log.js';
import type { PendingApproval } from './convention.js';
import { readPendingApprovals } from './read.js';

export const APPROVAL_CHECK_INTERVAL_MS = 2_000;

/** `waiting for a person's decision at state "AskForApproval"`: why a wait stopped. */
export function waitingReason(approval: PendingApproval): string {
  return `waiting for a person's decision at state ${JSON.stringify(approval.state || '(unknown)')}`;
}

export interface WatchOptions {
  sfn: Pick<SFNClient, 'send'>;
  log: Logger;
  /** The process-wide budget of history reads; waited for. */
  pacer?: Pacer;
  /** Told of the approval that stopped the wait. */
  found: (approval: PendingApproval) => void;
  intervalMs?: number;
}

/** The `interrupt` of RunOptions: stops the wait at the first pending approval it reads. */
export function approvalWatch(opts: WatchOptions): NonNullable<RunOptions['interrupt']> {
  const interval = opts.intervalMs ?? APPROVAL_CHECK_INTERVAL_MS;
  return (executionArn) => {
    let lastRead = -Infinity;
    return async (_execution, signal) => {
      if (performance.now() - lastRead < interval) return undefined;
      try {
        await opts.pacer?.acquire(signal);
        lastRead = performance.now();
        const [approval] = await readPendingApprovals(opts.sfn, executionArn, signal);
        if (!approval) return undefined;
        opts.found(approval);
        return waitingReason(approval);
      } catch (err) {
        // The wait goes on; the next read may work.
        if (!signal.aborted)
          opts.log.debug({ err, executionArn }, 'could not read the history for approvals');
        return undefined;
      }
    };
  };
}
