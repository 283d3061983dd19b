/**
 * The URIs of the server's MCP resources: a machine's definition under its tool name
 * (`stepfunctions://machines/<tool>`), and an execution under its ARN
 * (`stepfunctions://executions/<execution ARN, percent-encoded>`, the RFC 6570 expansion of the template).
 * Pure.
 */

export const MACHINE_URI_PREFIX = 'stepfunctions://machines/';
export const EXECUTION_URI_PREFIX = 'stepfunctions://executions/';
export const EXECUTION_URI_TEMPLATE = `${EXECUTION_URI_PREFIX}{executionArn}`;

/** Tool names are [A-Za-z0-9_] (src/catalog/naming.ts): nothing to encode. */
export function machineUri(toolName: string): string {
  return `${MACHINE_URI_PREFIX}${toolName}`;
}

export function executionUri(executionArn: string): string {
  return `${EXECUTION_URI_PREFIX}${encodeURIComponent(executionArn)}`;
}

export type ResourceUri =
  | { kind: 'machine'; toolName: string }
  | { kind: 'execution'; executionArn: string }
  | { kind: 'other'; why: string };

/** What a URI names; an execution ARN is taken percent-encoded (as the template expands it) or as it is. */
export function parseResourceUri(uri: string): ResourceUri {
  if (uri.startsWith(MACHINE_URI_PREFIX)) {
    const toolName = uri.slice(MACHINE_URI_PREFIX.length);
    return toolName ? { kind: 'machine', toolName } : { kind: 'other', why: 'the tool name is missing' };
  }
  if (uri.startsWith(EXECUTION_URI_PREFIX)) {
    const raw = uri.slice(EXECUTION_URI_PREFIX.length);
    try {
      return { kind: 'execution', executionArn: decodeURIComponent(raw) };
    } catch {
      return { kind: 'other', why: 'the execution ARN is not validly percent-encoded' };
    }
  }
  return {
    kind: 'other',
    why: `this server's resources are ${MACHINE_URI_PREFIX}<tool> and ${EXECUTION_URI_TEMPLATE}`,
  };
}
