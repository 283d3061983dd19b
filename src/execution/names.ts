/** Execution names and the ARNs they give. Pure. */
import { randomUUID } from 'node:crypto';

/**
 * A fresh name per call (40 characters, within AWS's 80 and its character rules). It goes into the
 * command object, which the SDK re-sends unchanged on retry, so a retried StartExecution names the same
 * execution and never starts a second one.
 */
export function newExecutionName(): string {
  return `mcp-${randomUUID()}`;
}

const SERVER_NAME = /^mcp-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Whether an execution name is one newExecutionName gives (`mcp-` and a lowercase UUID), i.e. the
 * execution was started by a call to this server (any instance). Reads and stops of earlier executions
 * (get_execution_result, MCP tasks) reach only these.
 */
export function isServerExecutionName(name: string): boolean {
  return SERVER_NAME.test(name);
}

/**
 * The ARN an execution named `name` of `machineArn` has (executions of versions and aliases carry the
 * machine's name too). Undefined when the ARN is not a state machine ARN.
 */
export function executionArnFor(machineArn: string, name: string): string | undefined {
  const parts = machineArn.split(':');
  if (parts.length < 7 || parts[5] !== 'stateMachine') return undefined;
  return [...parts.slice(0, 5), 'execution', parts[6], name].join(':');
}
