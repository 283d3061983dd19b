/**
 * The `get_execution_result` companion tool: the status, output or failure of a Standard execution
 * started earlier, optionally waiting a bounded time. It reads executions of selected machines only and
 * refuses anything else before any AWS call.
 */
import type { AwsClients } from '../aws/clients.js';
import type { MachineTool } from '../catalog/types.js';
import { parseExecutionArn } from './arn.js';
import { RESULT_TOOL, refusalResult } from './results.js';
import { awaitExecution } from './standard.js';
import type { RunOptions, ToolCallResult } from './types.js';

export interface ResultToolDefinition {
  name: string;
  title: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations: Record<string, unknown>;
}

/** `maxWaitSeconds`: the server's wait budget; 0 = no limit. */
export function resultToolDefinition(maxWaitSeconds: number): ResultToolDefinition {
  const limited = maxWaitSeconds > 0;
  const title = 'Get the result of a Step Functions execution';
  return {
    name: RESULT_TOOL,
    title,
    description:
      'Returns the status and result of a Standard workflow execution that an earlier tool call started: ' +
      'its output when it SUCCEEDED, its error, cause and failed state when it FAILED, TIMED_OUT or was ABORTED, ' +
      'or RUNNING when it is still going. Use it with the executionArn a call returned when the workflow was ' +
      'still running (or after a cancelled call). ' +
      (limited
        ? `It waits up to waitSeconds (0 to ${maxWaitSeconds}, default ${maxWaitSeconds}) for the execution to end. `
        : 'It waits up to waitSeconds for the execution to end (default: until it ends). ') +
      'It never starts or changes anything. Express executions cannot be read back; only executions of the ' +
      'workflows this server serves as tools can be read.',
    inputSchema: {
      type: 'object',
      properties: {
        executionArn: {
          type: 'string',
          minLength: 1,
          description:
            'The execution ARN returned by the earlier call (in its text and in _meta.executionArn), ' +
            'e.g. arn:aws:states:us-east-1:123456789012:execution:Orders:mcp-…',
        },
        waitSeconds: {
          type: 'number',
          minimum: 0,
          ...(limited ? { maximum: maxWaitSeconds } : {}),
          description: limited
            ? `Seconds to wait for the end (0 = just look). Default and maximum ${maxWaitSeconds}.`
            : 'Seconds to wait for the end (0 = just look). Default: until the execution ends.',
        },
      },
      required: ['executionArn'],
      additionalProperties: false,
    },
    annotations: {
      title,
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: true,
    },
  };
}

export type ExecutionCheck =
  { ok: true; executionArn: string; tool: MachineTool } | { ok: false; message: string };

/**
 * Whether an execution ARN may be read: well-formed, a Standard execution, and of a machine in the
 * selection (an execution of a version or alias belongs to its machine, so version- and alias-qualified
 * tools count). Pure; no AWS call.
 */
export function checkExecutionArn(raw: unknown, tools: readonly MachineTool[]): ExecutionCheck {
  const parsed = parseExecutionArn(raw);
  if (!parsed.ok) return { ok: false, message: `Refused: ${parsed.error}.` };
  if (parsed.kind === 'express') {
    return {
      ok: false,
      message:
        'Refused: this is an Express execution ARN. Step Functions keeps no record of Express executions ' +
        'that can be read back (DescribeExecution does not accept them): an Express workflow returns its ' +
        'result in the tool call itself, so call that tool again if the result was lost.',
    };
  }
  const tool = tools.find((t) => t.machine.arn === parsed.machineArn);
  if (!tool) {
    return {
      ok: false,
      message:
        `Refused: the execution belongs to state machine "${parsed.machineName}" ` +
        `(${parsed.region}, account ${parsed.accountId}), which this server does not serve. ` +
        `${RESULT_TOOL} reads executions of the workflows listed as this server's tools only.`,
    };
  }
  return { ok: true, executionArn: (raw as string).trim(), tool };
}

export interface ResultToolArgs {
  executionArn: string;
  /** Milliseconds to wait; undefined = to the end. */
  waitMs: number | undefined;
}

/** Validates the arguments; `maxWaitSeconds` 0 = no limit. A waitSeconds above the limit is cut to it. */
export function parseResultToolArgs(
  args: unknown,
  maxWaitSeconds: number,
): { ok: true; args: ResultToolArgs } | { ok: false; message: string } {
  if (typeof args !== 'object' || args === null || Array.isArray(args))
    return { ok: false, message: 'Invalid arguments: expected an object with executionArn.' };
  const a = args as Record<string, unknown>;
  const unknown = Object.keys(a).filter((k) => k !== 'executionArn' && k !== 'waitSeconds');
  const problems: string[] = [];
  if (typeof a.executionArn !== 'string' || a.executionArn.trim() === '')
    problems.push('- /executionArn: required, a non-empty string (the ARN an earlier call returned)');
  const w = a.waitSeconds;
  if (w !== undefined && (typeof w !== 'number' || !Number.isFinite(w) || w < 0))
    problems.push('- /waitSeconds: must be a number >= 0');
  for (const k of unknown) problems.push(`- ${k}: unknown argument (allowed: executionArn, waitSeconds)`);
  if (problems.length > 0) return { ok: false, message: `Invalid arguments:\n${problems.join('\n')}` };
  let waitSeconds = w as number | undefined;
  if (maxWaitSeconds > 0) waitSeconds = Math.min(waitSeconds ?? maxWaitSeconds, maxWaitSeconds);
  return {
    ok: true,
    args: {
      executionArn: (a.executionArn as string).trim(),
      waitMs: waitSeconds === undefined ? undefined : Math.round(waitSeconds * 1000),
    },
  };
}

/** The companion tool's call. Never throws; refusals make no AWS call. */
export async function getExecutionResult(
  clients: AwsClients,
  tools: readonly MachineTool[],
  args: unknown,
  opts: RunOptions & { maxWaitSeconds: number },
): Promise<ToolCallResult> {
  const parsed = parseResultToolArgs(args, opts.maxWaitSeconds);
  if (!parsed.ok) return refusalResult(parsed.message);
  const check = checkExecutionArn(parsed.args.executionArn, tools);
  if (!check.ok) {
    opts.log.info({ tool: RESULT_TOOL }, 'execution read refused before any AWS call');
    return refusalResult(check.message);
  }
  const { waitMs } = parsed.args;
  const { maxWaitSeconds: _max, waitBudgetMs: _budget, ...run } = opts;
  void _max;
  void _budget;
  try {
    return await awaitExecution(
      clients,
      check.executionArn,
      // A read-only tool never stops an execution, whatever stopOnCancel says.
      { ...run, stopOnCancel: false, ...(waitMs !== undefined ? { waitBudgetMs: waitMs } : {}) },
      performance.now(),
      true,
    );
  } catch (err) {
    return refusalResult(`Internal error while reading the execution: ${(err as Error).message}`);
  }
}
