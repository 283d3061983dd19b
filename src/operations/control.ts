/**
 * stop_execution and redrive_execution (SFN_MCP_OPERATIONS=all). Each looks at the execution first, so
 * that stopping an execution that has ended, or redriving one Step Functions will not redrive, is answered
 * in words without a request that would fail.
 */
import { createHash } from 'node:crypto';
import {
  RedriveExecutionCommand,
  StopExecutionCommand,
  type DescribeExecutionOutput,
} from '@aws-sdk/client-sfn';
import { awsErrorResult, logAwsError, refusalResult } from '../execution/index.js';
import { fail, ok, type Result } from '../result.js';
import {
  checkedArguments,
  isoDate,
  operationsResult,
  type OperationsCall,
  type OperationsResult,
} from './call.js';
import { operationsToolDefinition, REDRIVE_EXECUTION, STOP_EXECUTION } from './definitions.js';
import { describeOnce } from './describe.js';
import { executionTarget, type ExecutionTarget } from './targets.js';

/** Recorded on an execution stop_execution stopped when the call names no error. */
export const STOPPED_ERROR = 'McpStopExecution';
export const STOPPED_CAUSE = 'Stopped by the stop_execution tool of the Step Functions MCP server.';

interface StopArgs {
  executionArn: string;
  error?: string;
  cause?: string;
}

/** The execution the arguments name, once checked, with its description; or the answer to give instead. */
async function lookUp<T extends { executionArn: string }>(
  call: OperationsCall,
  tool: string,
  args: unknown,
): Promise<Result<Found<T>, OperationsResult>> {
  const checked = checkedArguments<T>(operationsToolDefinition(tool)!, args);
  if (!checked.ok) return fail(refusalResult(checked.error));
  const target = executionTarget(checked.value.executionArn, call.tools, tool);
  if (!target.ok) {
    call.log.info({ tool }, 'operations call refused before any AWS call');
    return fail(refusalResult(target.error.message));
  }
  const described = await describeOnce(call, target.value.executionArn, tool);
  if (!described.ok) return described;
  return ok({ args: checked.value, target: target.value, execution: described.value });
}

interface Found<T> {
  args: T;
  target: ExecutionTarget;
  execution: DescribeExecutionOutput;
}

export async function stopExecution(call: OperationsCall, raw: unknown): Promise<OperationsResult> {
  const found = await lookUp<StopArgs>(call, STOP_EXECUTION, raw);
  if (!found.ok) return found.error;
  const { args, target, execution } = found.value;
  const { executionArn } = target;
  if (execution.status !== 'RUNNING' && execution.status !== 'PENDING_REDRIVE') {
    return operationsResult(
      `Execution ${executionArn} had already ended ${execution.status ?? ''} at ` +
        `${isoDate(execution.stopDate) ?? '?'}; nothing was stopped.`,
      { executionArn, status: execution.status, stopped: false },
      { executionArn, status: execution.status },
    );
  }
  try {
    const out = await call.clients.sfn.send(
      new StopExecutionCommand({
        executionArn,
        error: args.error ?? STOPPED_ERROR,
        cause: args.cause ?? STOPPED_CAUSE,
      }),
      { abortSignal: call.signal },
    );
    call.log.info({ tool: STOP_EXECUTION, executionArn }, 'execution stopped on request');
    const stopDate = isoDate(out.stopDate);
    return operationsResult(
      `Execution ${executionArn} stopped at ${stopDate ?? '?'}: it ends ABORTED.`,
      { executionArn, status: 'ABORTED', stopped: true, ...(stopDate ? { stopDate } : {}) },
      { executionArn, status: 'ABORTED' },
    );
  } catch (err) {
    logAwsError(call.log, err, { tool: STOP_EXECUTION, executionArn, operation: 'StopExecution' });
    return awsErrorResult(err, { operation: 'StopExecution' });
  }
}

export async function redriveExecution(call: OperationsCall, raw: unknown): Promise<OperationsResult> {
  const found = await lookUp<{ executionArn: string }>(call, REDRIVE_EXECUTION, raw);
  if (!found.ok) return found.error;
  const { target, execution } = found.value;
  const { executionArn } = target;
  if (execution.redriveStatus !== 'REDRIVABLE') {
    call.log.info({ tool: REDRIVE_EXECUTION, executionArn }, 'redrive refused: not redrivable');
    return refusalResult(
      `Refused: execution ${executionArn} (${execution.status ?? 'UNKNOWN'}) cannot be redriven: ` +
        `${execution.redriveStatusReason ?? 'Step Functions says it is not redrivable'}. Nothing was done.`,
    );
  }
  try {
    const out = await call.clients.sfn.send(
      new RedriveExecutionCommand({ executionArn, clientToken: redriveToken(executionArn, execution) }),
      { abortSignal: call.signal },
    );
    const redriveDate = isoDate(out.redriveDate);
    const redriveCount = (execution.redriveCount ?? 0) + 1;
    call.log.info({ tool: REDRIVE_EXECUTION, executionArn, redriveCount }, 'execution redriven on request');
    return operationsResult(
      `Execution ${executionArn} redriven at ${redriveDate ?? '?'} (redrive ${redriveCount}): it runs again from ` +
        `the states that did not succeed. Follow it with describe_execution.`,
      { executionArn, status: 'RUNNING', redriveCount, ...(redriveDate ? { redriveDate } : {}) },
      { executionArn, status: 'RUNNING' },
    );
  } catch (err) {
    logAwsError(call.log, err, { tool: REDRIVE_EXECUTION, executionArn, operation: 'RedriveExecution' });
    return awsErrorResult(err, { operation: 'RedriveExecution' });
  }
}

/**
 * The same token for every send of one redrive (the SDK's retries) and a new one for the next redrive:
 * AWS then answers a repeated request with the redrive it already started.
 */
function redriveToken(executionArn: string, execution: DescribeExecutionOutput): string {
  return createHash('sha256')
    .update(`${executionArn}\n${execution.redriveCount ?? 0}`)
    .digest('hex')
    .slice(0, 64);
}
