/**
 * StartExecution of a Standard machine, with a fresh name per call. The SDK retries the request itself
 * (src/aws/clients.ts: at most MAX_ATTEMPTS sends of the same command, so the same name): a retry never
 * starts a second execution.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { executionArnOf } from '../aws/arn.js';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorInfo } from '../aws/errors.js';
import type { MachineTool } from '../catalog/types.js';
import { fail, ok, type Result } from '../result.js';
import { awsErrorResult, logAwsError } from './aws-failure.js';
import { startParameters } from './input.js';
import { newExecutionName } from './names.js';
import { cancelledResult, cancelledStartResult } from './results.js';
import { stopExecution } from './stop.js';
import type { RunOptions, ToolCallResult } from './types.js';

const OPERATION = 'StartExecution';

export interface StartedExecution {
  executionArn: string;
  startDate?: Date;
}

/** The execution a start began, or the result to return instead (a refusal, an AWS error, a cancel). */
export type Started = Result<StartedExecution, ToolCallResult>;

/**
 * Starts the execution. ExecutionAlreadyExists can only mean that an earlier send of this very request
 * got through (the SDK retried after its answer was lost, and the run had already ended): the name is a
 * fresh UUID, so that execution is ours.
 */
export async function startStandard(
  clients: AwsClients,
  tool: MachineTool,
  inputJson: string | undefined,
  opts: RunOptions,
  startedAt: number,
): Promise<Started> {
  const { log, signal } = opts;
  const machineArn = tool.machine.arn;
  if (signal?.aborted) {
    return fail(cancelledResult({ elapsedMs: performance.now() - startedAt, stopped: 'no' }));
  }
  const name = newExecutionName();
  const derived = executionArnOf(machineArn, name);
  try {
    const out = await clients.sfn.send(
      new StartExecutionCommand(startParameters(tool, name, inputJson, opts.traceHeader)),
      {
        abortSignal: signal,
      },
    );
    if (!out.executionArn) {
      const err = new Error('StartExecution returned no executionArn');
      return fail(awsErrorResult(err, { operation: OPERATION }));
    }
    log.info(
      { machineArn, executionArn: out.executionArn, sends: out.$metadata.attempts },
      'execution started',
    );
    return ok({ executionArn: out.executionArn, ...(out.startDate ? { startDate: out.startDate } : {}) });
  } catch (err) {
    if (signal?.aborted) return fail(await cancelledStart(clients, { machineArn, derived }, opts, startedAt));
    if (awsErrorInfo(err).name === 'ExecutionAlreadyExists' && derived) {
      log.info({ machineArn, executionArn: derived }, 'execution started by an earlier send of this request');
      return ok({ executionArn: derived });
    }
    logAwsError(log, err, { machineArn, operation: OPERATION });
    return fail(awsErrorResult(err, { operation: OPERATION }));
  }
}

/**
 * Cancelled while starting. A send may have reached AWS (the one in flight when the cancel came, or an
 * earlier one whose answer was lost, inside the SDK's retries) and started the execution, or may still
 * start it. With stopOnCancel that execution is stopped. Unless the stop went through, the result gives
 * the ARN and says the execution may have started: a StopExecution that finds nothing does not prove
 * that nothing started, as it can come before Step Functions has finished the start.
 */
async function cancelledStart(
  clients: AwsClients,
  ids: { machineArn: string; derived: string | undefined },
  opts: RunOptions,
  startedAt: number,
): Promise<ToolCallResult> {
  const { log } = opts;
  const { machineArn, derived: executionArn } = ids;
  if (!executionArn) {
    // A machine ARN of an unexpected shape: no execution ARN to give.
    log.info({ machineArn }, 'start cancelled by the client');
    return cancelledResult({ elapsedMs: performance.now() - startedAt, stopped: 'no' });
  }
  const stopped = opts.stopOnCancel ? await stopExecution(clients, executionArn, { log }) : ('no' as const);
  log.info({ machineArn, executionArn, stopped }, 'start cancelled by the client');
  const elapsedMs = performance.now() - startedAt;
  return stopped === 'requested' || stopped === 'failed'
    ? cancelledResult({ executionArn, elapsedMs, stopped })
    : cancelledStartResult({ executionArn, elapsedMs, stopped });
}
