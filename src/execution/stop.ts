/** StopExecution, on a client's cancel (with stopOnCancel) or on an explicit request such as `tasks/cancel`. */
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorInfo } from '../aws/errors.js';
import type { Logger } from '../log.js';
import { logAwsError } from './aws-failure.js';

/** The error recorded on an execution that the server stopped. */
export const STOP_ERROR = 'McpClientCancelled';
export const STOP_CAUSE =
  'The MCP client cancelled the tool call, and the server is set to stop executions on cancel.';

/**
 * `requested`: StopExecution went through. `not-found`: there is no such execution now (a start that
 * never reached AWS, or one that AWS has not finished yet). `failed`: another error (logged).
 */
export type StopOutcome = 'requested' | 'failed' | 'not-found';

/** Best effort, never throws: `cause` (default STOP_CAUSE) is recorded on the execution. */
export async function stopExecution(
  clients: AwsClients,
  executionArn: string,
  opts: { log: Logger; cause?: string },
): Promise<StopOutcome> {
  const { log, cause = STOP_CAUSE } = opts;
  try {
    await clients.sfn.send(new StopExecutionCommand({ executionArn, error: STOP_ERROR, cause }));
    log.info({ executionArn }, 'execution stopped on request');
    return 'requested';
  } catch (err) {
    logAwsError(log, err, { executionArn, operation: 'StopExecution' });
    return awsErrorInfo(err).name === 'ExecutionDoesNotExist' ? 'not-found' : 'failed';
  }
}
