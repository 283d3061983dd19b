/** Reading an execution's pending approvals from its newest history events (with execution data). */
import { GetExecutionHistoryCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { pendingApprovals, type PendingApproval } from './convention.js';

/**
 * How many of the newest events are read. A waiting Task's TaskScheduled stays among them unless over
 * this many events happened since in the same execution (busy Parallel or Map branches beside it).
 */
export const APPROVAL_READ_EVENTS = 100;

export async function readPendingApprovals(
  sfn: Pick<SFNClient, 'send'>,
  executionArn: string,
  signal?: AbortSignal,
): Promise<PendingApproval[]> {
  const page = await sfn.send(
    new GetExecutionHistoryCommand({
      executionArn,
      reverseOrder: true,
      maxResults: APPROVAL_READ_EVENTS,
      // The parameters (with the request and its token) are execution data.
      includeExecutionData: true,
    }),
    { abortSignal: signal },
  );
  return pendingApprovals(page.events ?? []);
}
