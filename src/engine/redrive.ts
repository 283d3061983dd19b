import { requireExecutionArn } from './arn-checks.js';
import { ApiError, sfnError } from './errors.js';
import { epochSeconds } from './http.js';
import type { SfnOperation } from './sfn-handlers.js';
import type { ExecutionRecord } from './store.js';
import { optString, reqString } from './validate.js';

/**
 * RedriveExecution (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html): a FAILED,
 * TIMED_OUT or ABORTED Standard execution runs again, same ARN, from the states that did not finish;
 * the states that succeeded are not run again. What DescribeExecution says about it: `redriveCount`,
 * `redriveDate`, `redriveStatus` and, when it cannot be redriven, AWS's `redriveStatusReason`.
 */

// AWS redrives within 14 days of the stop, and only a history under 25,000 events.
const REDRIVABLE_DAYS = 14;
const MAX_HISTORY_EVENTS = 24_999;

export interface RedriveStatus {
  redriveStatus: 'REDRIVABLE' | 'NOT_REDRIVABLE';
  redriveStatusReason?: string;
}

export function redriveStatus(e: ExecutionRecord, now = Date.now()): RedriveStatus {
  const not = (reason: string): RedriveStatus => ({
    redriveStatus: 'NOT_REDRIVABLE',
    redriveStatusReason: reason,
  });
  if (e.status === 'RUNNING' || e.status === 'SUCCEEDED')
    return not(`Execution is ${e.status} and cannot be redriven`);
  if (e.history.length > MAX_HISTORY_EVENTS) return not('Execution history event limit exceeded');
  if (e.stopDate && now - e.stopDate.getTime() > REDRIVABLE_DAYS * 86_400_000)
    return not('Execution redrivable period exceeded');
  return { redriveStatus: 'REDRIVABLE' };
}

/** The redrive fields of DescribeExecution (ListExecutions lists redriveCount and redriveDate). */
export function redriveFields(e: ExecutionRecord): Record<string, unknown> {
  return {
    redriveCount: e.redriveCount,
    ...(e.redriveDate ? { redriveDate: epochSeconds(e.redriveDate) } : {}),
  };
}

export const redriveOperations: Record<string, SfnOperation> = {
  RedriveExecution(body, ctx) {
    const arn = reqString(body, 'executionArn');
    const clientToken = optString(body, 'clientToken', { min: 1, max: 64 });
    requireExecutionArn(arn);
    const e = ctx.store.executions.get(arn);
    if (!e) throw sfnError.executionDoesNotExist(arn);
    // The same clientToken again while that redrive runs answers the same redrive, as AWS's idempotency does.
    if (
      clientToken !== undefined &&
      e.status === 'RUNNING' &&
      e.redriveToken === clientToken &&
      e.redriveDate
    )
      return { redriveDate: epochSeconds(e.redriveDate) };
    const status = redriveStatus(e);
    if (status.redriveStatus !== 'REDRIVABLE' || !e.redrive) {
      throw new ApiError(
        'ExecutionNotRedrivable',
        `Execution Not Redrivable: '${arn}': ${status.redriveStatusReason ?? 'its run has not ended yet'}`,
      );
    }
    e.redriveToken = clientToken;
    e.redrive();
    return { redriveDate: epochSeconds(e.redriveDate!) };
  },
};
