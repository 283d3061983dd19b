/** Turns a finished Standard execution into a result, reading the history for the failed state. */
import {
  GetExecutionHistoryCommand,
  type DescribeExecutionOutput,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { Logger } from '../log.js';
import { failedStateName, terminalDetails } from './history.js';
import { outcomeResult, type ExecutionOutcome } from './results.js';
import type { ToolCallResult } from './types.js';

/** Newest events first; one page is enough to find the failure and the state it happened in. */
export async function readRecentHistory(
  sfn: SFNClient,
  executionArn: string,
  signal?: AbortSignal,
  maxResults = 100,
): Promise<HistoryEvent[]> {
  const page = await sfn.send(
    new GetExecutionHistoryCommand({
      executionArn,
      reverseOrder: true,
      maxResults,
      includeExecutionData: false,
    }),
    { abortSignal: signal },
  );
  return page.events ?? [];
}

export async function finishedResult(
  sfn: SFNClient,
  execution: DescribeExecutionOutput,
  log: Logger,
  signal?: AbortSignal,
): Promise<ToolCallResult> {
  const executionArn = execution.executionArn ?? '';
  const status = execution.status ?? 'UNKNOWN';
  const outcome: ExecutionOutcome = {
    executionArn,
    status,
    ...(execution.output !== undefined ? { output: execution.output } : {}),
    ...(execution.error !== undefined ? { error: execution.error } : {}),
    ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
  };
  if (status !== 'SUCCEEDED') {
    try {
      const events = await readRecentHistory(sfn, executionArn, signal);
      const fromHistory = terminalDetails(events);
      outcome.error ??= fromHistory.error;
      outcome.cause ??= fromHistory.cause;
      const failedState = failedStateName(events);
      if (failedState) outcome.failedState = failedState;
    } catch (err) {
      // The failure itself is known; only the state name is missing.
      log.warn({ err, executionArn }, 'could not read the execution history');
    }
    if (outcome.error === undefined) delete outcome.error;
    if (outcome.cause === undefined) delete outcome.cause;
  }
  return outcomeResult(outcome);
}
