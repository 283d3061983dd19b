/**
 * Express machines: one StartSyncExecution call that returns the outcome. StartSyncExecution is not
 * idempotent (a repeated request runs the workflow again), so its client retries only what proves that
 * nothing ran: throttling (src/aws/clients.ts, at most MAX_ATTEMPTS sends). A request whose answer was
 * lost (5xx, a connection broken after sending) is reported as "may already have run", never re-sent.
 */
import { StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorInfo, mayHaveTakenEffect } from '../aws/errors.js';
import type { MachineTool } from '../catalog/types.js';
import { awsErrorResult, logAwsError } from './aws-failure.js';
import { startParameters } from './input.js';
import { newExecutionName } from './names.js';
import { cancelledResult, outcomeResult } from './results.js';
import type { RunOptions, ToolCallResult } from './types.js';

const OPERATION = 'StartSyncExecution';

export async function runExpress(
  clients: AwsClients,
  tool: MachineTool,
  inputJson: string | undefined,
  opts: RunOptions,
  startedAt: number,
): Promise<ToolCallResult> {
  const { log, signal } = opts;
  const machineArn = tool.machine.arn;
  const cancelled = (): ToolCallResult => {
    log.info({ machineArn }, 'express call cancelled by the client');
    return cancelledResult({ elapsedMs: performance.now() - startedAt, stopped: 'no' });
  };
  if (signal?.aborted) return cancelled();
  const name = newExecutionName();
  try {
    // Express executions cannot be stopped, so a cancellation only stops waiting for the answer (also
    // between the client's retries of a throttled request).
    const out = await clients.sfnSync.send(
      new StartSyncExecutionCommand(startParameters(tool, name, inputJson, opts.traceHeader)),
      { abortSignal: signal },
    );
    const status = out.status ?? 'UNKNOWN';
    const executionArn = out.executionArn ?? '';
    log.info(
      {
        machineArn,
        executionArn,
        status,
        sends: out.$metadata.attempts,
        durationMs: Math.round(performance.now() - startedAt),
      },
      'express execution finished',
    );
    return outcomeResult({
      executionArn,
      status,
      ...(out.output !== undefined ? { output: out.output } : {}),
      ...(out.error !== undefined ? { error: out.error } : {}),
      ...(out.cause !== undefined ? { cause: out.cause } : {}),
    });
  } catch (err) {
    if (signal?.aborted) return cancelled();
    logAwsError(log, err, { machineArn, operation: OPERATION, executionName: name });
    return mayHaveTakenEffect(err)
      ? outcomeUnknownResult(err, name)
      : awsErrorResult(err, { operation: OPERATION });
  }
}

/** The request may have run the workflow, but its answer never came: say so, and warn against a blind retry. */
function outcomeUnknownResult(err: unknown, executionName: string): ToolCallResult {
  const info = awsErrorInfo(err);
  return {
    content: [
      {
        type: 'text',
        text:
          `AWS error in ${OPERATION}: ${info.name}: ${info.message}\n` +
          `The request may have reached Step Functions, so the Express workflow may already have run ` +
          `(execution name "${executionName}"); its result did not come back. Do not call the tool again ` +
          'blindly: another call would run the workflow a second time. First check whether this run took ' +
          "effect (its side effects, or the state machine's execution logs), and call again only if it did not.",
      },
    ],
    isError: true,
    _meta: { awsError: info.name, executionName, outcome: 'unknown' },
  };
}
