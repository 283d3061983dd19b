/** Express machines: one StartSyncExecution call that returns the outcome. */
import { StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import type { AwsClients } from '../aws/clients.js';
import type { MachineTool } from '../catalog/types.js';
import { awsErrorInfo, awsErrorResult, messageIsLoggable } from './awsErrors.js';
import { newExecutionName } from './names.js';
import { cancelledResult, outcomeResult } from './results.js';
import type { RunOptions, ToolCallResult } from './types.js';

export async function runExpress(
  clients: AwsClients,
  tool: MachineTool,
  inputJson: string | undefined,
  opts: RunOptions,
  startedAt: number,
): Promise<ToolCallResult> {
  const { log, signal } = opts;
  const machineArn = tool.machine.arn;
  if (signal?.aborted) return cancelledResult({ elapsedMs: performance.now() - startedAt, stopped: 'no' });
  try {
    // sfnSync: its socket waits out a five-minute run. Express executions cannot be stopped, so a
    // cancellation only stops waiting for the answer.
    const out = await clients.sfnSync.send(
      new StartSyncExecutionCommand({
        stateMachineArn: tool.machine.invokeArn,
        name: newExecutionName(),
        ...(inputJson !== undefined ? { input: inputJson } : {}),
      }),
      { abortSignal: signal },
    );
    const status = out.status ?? 'UNKNOWN';
    const executionArn = out.executionArn ?? '';
    log.info(
      { machineArn, executionArn, status, durationMs: Math.round(performance.now() - startedAt) },
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
    if (signal?.aborted) {
      log.info({ machineArn }, 'express call cancelled by the client');
      return cancelledResult({ elapsedMs: performance.now() - startedAt, stopped: 'no' });
    }
    const info = awsErrorInfo(err);
    log.warn(
      {
        machineArn,
        operation: 'StartSyncExecution',
        error: info.name,
        ...(messageIsLoggable(info.name) ? { message: info.message } : {}),
        httpStatus: info.httpStatus,
        requestId: info.requestId,
      },
      'AWS call failed',
    );
    return awsErrorResult(err, { operation: 'StartSyncExecution' });
  }
}
