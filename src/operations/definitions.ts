/**
 * The operations tools: their names (kept free of machine tools by the catalogue's naming, see
 * `discoveryOptions` in src/runtime.ts), definitions and annotations, per SFN_MCP_OPERATIONS level.
 */
import type { OperationsLevel } from '../config/index.js';

export const LIST_EXECUTIONS = 'list_executions';
export const DESCRIBE_EXECUTION = 'describe_execution';
export const STOP_EXECUTION = 'stop_execution';
export const REDRIVE_EXECUTION = 'redrive_execution';

/** The statuses ListExecutions filters by. */
export const EXECUTION_STATUSES = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
] as const;

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface OperationsToolDefinition {
  name: string;
  title: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations: Record<string, unknown>;
}

/** The tools each level serves, in the order tools/list gives them. */
export function operationsToolNames(level: OperationsLevel): string[] {
  if (level === 'none') return [];
  const read = [LIST_EXECUTIONS, DESCRIBE_EXECUTION];
  return level === 'all' ? [...read, STOP_EXECUTION, REDRIVE_EXECUTION] : read;
}

const EXECUTION_ARN = {
  type: 'string',
  minLength: 1,
  description:
    'The execution ARN (arn:aws:states:<region>:<account>:execution:<state machine>:<name>), from ' +
    'list_executions or from an earlier tool call.',
};

/** The arguments of a tool that takes one execution and nothing else. */
const EXECUTION_ONLY = {
  type: 'object',
  properties: { executionArn: EXECUTION_ARN },
  required: ['executionArn'],
  additionalProperties: false,
};

/** Reads Step Functions (an open world beyond the client) and changes nothing. */
const READS = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };

const SCOPE =
  "Works only on the executions of the workflows this server serves as tools; Express workflows' executions " +
  'cannot be reached (Step Functions keeps no record of them that its API can read).';

export function operationsToolDefinitions(level: OperationsLevel): OperationsToolDefinition[] {
  return operationsToolNames(level).map((name) => operationsToolDefinition(name)!);
}

/** The definition of an operations tool by name (whatever the level), built once. */
export function operationsToolDefinition(name: string): OperationsToolDefinition | undefined {
  definitions ??= new Map(
    [listDefinition(), describeDefinition(), stopDefinition(), redriveDefinition()].map((d) => [d.name, d]),
  );
  return definitions.get(name);
}
let definitions: Map<string, OperationsToolDefinition> | undefined;

function listDefinition(): OperationsToolDefinition {
  const title = 'List the executions of a Step Functions workflow';
  return {
    name: LIST_EXECUTIONS,
    title,
    description:
      'Lists the executions of one workflow, newest first: name, status, start and stop times, ARN. Filter by ' +
      'status; page with the nextCursor of the answer. ' +
      SCOPE,
    inputSchema: {
      type: 'object',
      properties: {
        machine: {
          type: 'string',
          minLength: 1,
          description: "The workflow: this server's tool name for it, or its state machine ARN.",
        },
        status: {
          type: 'string',
          enum: [...EXECUTION_STATUSES],
          description: 'Only executions in this status.',
        },
        maxResults: {
          type: 'integer',
          minimum: 1,
          maximum: MAX_PAGE_SIZE,
          description: `Executions per page (default ${DEFAULT_PAGE_SIZE}).`,
        },
        cursor: {
          type: 'string',
          minLength: 1,
          description: 'The nextCursor of the previous page, with the same machine and status.',
        },
      },
      required: ['machine'],
      additionalProperties: false,
    },
    annotations: { title, ...READS },
  };
}

function describeDefinition(): OperationsToolDefinition {
  const title = 'Describe a Step Functions execution and diagnose it';
  return {
    name: DESCRIBE_EXECUTION,
    title,
    description:
      'Describes one execution: status, times, input and output (long ones cut, with a note), and a summary ' +
      'of its whole history: each state passed with its visits and durations, retries and errors, Map items ' +
      'and iterations, Parallel branches; for a failure, the failed state, its error and cause, and the input ' +
      'it failed on. ' +
      SCOPE,
    inputSchema: EXECUTION_ONLY,
    annotations: { title, ...READS },
  };
}

function stopDefinition(): OperationsToolDefinition {
  const title = 'Stop a running Step Functions execution';
  return {
    name: STOP_EXECUTION,
    title,
    description:
      'Stops a running execution (it ends ABORTED), recording an error name and cause on it. An execution ' +
      'that has already ended is left as it is. ' +
      SCOPE,
    inputSchema: {
      type: 'object',
      properties: {
        executionArn: EXECUTION_ARN,
        error: { type: 'string', maxLength: 256, description: 'Error name recorded on the execution.' },
        cause: {
          type: 'string',
          maxLength: 32_768,
          description: 'Why it was stopped, recorded on the execution.',
        },
      },
      required: ['executionArn'],
      additionalProperties: false,
    },
    // Ends a business process: destructive; stopping a stopped execution changes nothing more.
    annotations: {
      title,
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: true,
    },
  };
}

function redriveDefinition(): OperationsToolDefinition {
  const title = 'Redrive a failed Step Functions execution';
  return {
    name: REDRIVE_EXECUTION,
    title,
    description:
      'Restarts a FAILED, TIMED_OUT or ABORTED execution from the states that did not succeed (same ' +
      'execution ARN; the states that succeeded are not run again). Refused, naming the reason, when Step ' +
      'Functions says the execution cannot be redriven. ' +
      SCOPE,
    inputSchema: EXECUTION_ONLY,
    // Runs workflow steps again, with whatever they do: destructive, and a second redrive after another
    // failure runs them once more.
    annotations: {
      title,
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    },
  };
}
