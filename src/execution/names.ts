/** The names this server gives its executions. Pure. */
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
