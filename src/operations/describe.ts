/**
 * describe_execution: DescribeExecution, then every page of the history, summarised (history-summary.ts)
 * and written out (describe-text.ts). A history that cannot be read still leaves the description.
 */
import { DescribeExecutionCommand, type DescribeExecutionOutput } from '@aws-sdk/client-sfn';
import { awsErrorInfo } from '../aws/errors.js';
import { awsErrorResult, logAwsError, refusalResult } from '../execution/index.js';
import { fail, ok, type Result } from '../result.js';
import { checkedArguments, operationsResult, type OperationsCall, type OperationsResult } from './call.js';
import { DESCRIBE_EXECUTION, operationsToolDefinition } from './definitions.js';
import { describeData, describeText, type DescribedExecution } from './describe-text.js';
import { readWholeHistory } from './history-read.js';
import { summariseHistory } from './history-summary.js';
import { executionTarget } from './targets.js';

export async function describeExecution(call: OperationsCall, args: unknown): Promise<OperationsResult> {
  const checked = checkedArguments<{ executionArn: string }>(
    operationsToolDefinition(DESCRIBE_EXECUTION)!,
    args,
  );
  if (!checked.ok) return refusalResult(checked.error);
  const target = executionTarget(checked.value.executionArn, call.tools, DESCRIBE_EXECUTION);
  if (!target.ok) {
    call.log.info({ tool: DESCRIBE_EXECUTION }, 'operations call refused before any AWS call');
    return refusalResult(target.error.message);
  }
  const { executionArn } = target.value;
  const execution = await describeOnce(call, executionArn, DESCRIBE_EXECUTION);
  if (!execution.ok) return execution.error;
  const described = await withHistory(call, execution.value);
  return operationsResult(describeText(described), describeData(described), {
    executionArn,
    status: execution.value.status,
  });
}

/**
 * DescribeExecution (paced by the AWS clients, within the process's DescribeExecution rate), or the
 * isError result naming the AWS error.
 */
export async function describeOnce(
  call: OperationsCall,
  executionArn: string,
  tool: string,
): Promise<Result<DescribeExecutionOutput, OperationsResult>> {
  try {
    const out = await call.clients.sfn.send(new DescribeExecutionCommand({ executionArn }), {
      abortSignal: call.signal,
    });
    return ok(out);
  } catch (err) {
    logAwsError(call.log, err, { tool, executionArn, operation: 'DescribeExecution' });
    return fail(awsErrorResult(err, { operation: 'DescribeExecution' }));
  }
}

async function withHistory(
  call: OperationsCall,
  execution: DescribeExecutionOutput,
): Promise<DescribedExecution> {
  const executionArn = execution.executionArn ?? '';
  try {
    const history = await readWholeHistory(call.clients.sfn, executionArn, call.signal);
    return {
      execution,
      history: summariseHistory(history.events),
      historyComplete: history.complete,
      ...(history.failedInput !== undefined ? { failedInput: history.failedInput } : {}),
      now: new Date(),
    };
  } catch (err) {
    logAwsError(call.log, err, { tool: DESCRIBE_EXECUTION, executionArn, operation: 'GetExecutionHistory' });
    const info = awsErrorInfo(err);
    return {
      execution,
      historyProblem: `GetExecutionHistory failed: ${info.name}: ${info.message}`,
      now: new Date(),
    };
  }
}
