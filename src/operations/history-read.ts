/** Reads every page of an execution's history for describe_execution (see history-events.ts). */
import { GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import { FailedStateInput, withoutData } from './history-events.js';

/** AWS keeps at most 25,000 events per execution; a page holds at most 1,000. */
export const MAX_HISTORY_EVENTS = 25_000;
const PAGE_SIZE = 1_000;

export interface WholeHistory {
  /** Oldest first, without their data. */
  events: HistoryEvent[];
  /** The input of the state the execution failed in, when it failed and the history links it. */
  failedInput?: string;
  /** False when more than MAX_HISTORY_EVENTS were offered (the oldest are then missing). */
  complete: boolean;
}

/** Newest page first, so the failure's chain is followed on the way; data is dropped page by page. */
export async function readWholeHistory(
  sfn: Pick<SFNClient, 'send'>,
  executionArn: string,
  signal?: AbortSignal,
): Promise<WholeHistory> {
  const newestFirst: HistoryEvent[] = [];
  const failed = new FailedStateInput();
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn,
        reverseOrder: true,
        includeExecutionData: true,
        maxResults: PAGE_SIZE,
        ...(nextToken ? { nextToken } : {}),
      }),
      { abortSignal: signal },
    );
    for (const event of page.events ?? []) {
      failed.see(event);
      newestFirst.push(withoutData(event));
    }
    nextToken = page.nextToken;
  } while (nextToken && newestFirst.length < MAX_HISTORY_EVENTS);
  return {
    events: newestFirst.reverse(),
    ...(failed.input !== undefined ? { failedInput: failed.input } : {}),
    complete: !nextToken,
  };
}
