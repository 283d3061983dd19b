/**
 * The `get_execution_result` companion tool: the status, output or failure of a Standard execution
 * started earlier, optionally waiting a bounded time. It reads executions that this server started
 * (named `mcp-<uuid>`) of selected machines only, and refuses anything else before any AWS call.
 */
import type { AwsClients } from '../aws/clients.js';
import type { MachineTool } from '../catalog/types.js';
import { parseExecutionArn } from '../aws/arn.js';
import { errorMessage, fail, ok, type Result } from '../result.js';
import { isServerExecutionName } from './names.js';
import { RESULT_TOOL, refusalResult } from './results.js';
import { awaitExecution } from './standard.js';
import type { RunOptions, ToolCallResult } from './types.js';
import { typedResult } from './typed-output.js';
import { checkArguments } from './validate.js';
import { MAX_WAIT_SECONDS } from '../config/index.js';

export interface ResultToolDefinition {
  name: string;
  title: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations: Record<string, unknown>;
}

/**
 * The largest waitSeconds accepted: the budget, or MAX_WAIT_SECONDS (the most a budget may be) when there
 * is none (0). Without a cap a huge value would reach the wait's timers.
 */
export function waitSecondsLimit(maxWaitSeconds: number): number {
  return maxWaitSeconds > 0 ? Math.min(maxWaitSeconds, MAX_WAIT_SECONDS) : MAX_WAIT_SECONDS;
}

/** `maxWaitSeconds`: the server's wait budget; 0 = no budget (waitSeconds is still capped at 7 days). */
export function resultToolDefinition(maxWaitSeconds: number): ResultToolDefinition {
  const limited = maxWaitSeconds > 0;
  const cap = waitSecondsLimit(maxWaitSeconds);
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
        : `It waits up to waitSeconds (0 to ${cap}) for the execution to end (default: until it ends). `) +
      'It never starts or changes anything. Express executions cannot be read back; only executions that ' +
      "this server's tools started, of the workflows it serves, can be read.",
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
          maximum: cap,
          description: limited
            ? `Seconds to wait for the end (0 = just look). Default and maximum ${cap}.`
            : `Seconds to wait for the end (0 = just look), at most ${cap} (7 days). Default: until the execution ends.`,
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

/** The execution (its ARN trimmed) and the tool of its machine, or the refusal's message. */
export type ExecutionCheck = Result<{ executionArn: string; tool: MachineTool }>;

/**
 * Whether an execution ARN may be read (or, as a task, stopped): well-formed, a Standard execution, of a
 * machine in the selection (an execution of a version or alias belongs to its machine, so version- and
 * alias-qualified tools count), and started by this server (its name is one newExecutionName gives), so
 * that the right to call a tool does not reach executions that other systems started. Pure; no AWS call.
 */
export function checkExecutionArn(raw: unknown, tools: readonly MachineTool[]): ExecutionCheck {
  const read = parseExecutionArn(raw);
  if (!read.ok) return fail(`Refused: ${read.error}.`);
  const parsed = read.value;
  if (parsed.kind === 'express') {
    return fail(
      'Refused: this is an Express execution ARN. Step Functions keeps no record of Express executions ' +
        'that can be read back (DescribeExecution does not accept them): an Express workflow returns its ' +
        'result in the tool call itself, so call that tool again if the result was lost.',
    );
  }
  const tool = tools.find((t) => t.machine.arn === parsed.machineArn);
  if (!tool) {
    return fail(
      `Refused: the execution belongs to state machine "${parsed.machineName}" ` +
        `(${parsed.region}, account ${parsed.accountId}), which this server does not serve. ` +
        `${RESULT_TOOL} reads executions of the workflows listed as this server's tools only.`,
    );
  }
  if (!isServerExecutionName(parsed.executionName)) {
    return fail(
      `Refused: execution "${parsed.executionName}" of state machine "${parsed.machineName}" was not started ` +
        `by this server (the executions it starts are named mcp-<uuid>). ${RESULT_TOOL} reads only ` +
        "executions that this server's tools started.",
    );
  }
  return ok({ executionArn: parsed.arn, tool });
}

export interface ResultToolArgs {
  executionArn: string;
  /** Milliseconds to wait; undefined = to the end. */
  waitMs: number | undefined;
}

/** The tool's own inputSchema, as a tool for checkArguments; one per wait limit, so it is compiled once. */
const schemaTools = new Map<number, MachineTool>();
function schemaTool(maxWaitSeconds: number): MachineTool {
  let t = schemaTools.get(maxWaitSeconds);
  if (!t) {
    t = { name: RESULT_TOOL, inputSchema: resultToolDefinition(maxWaitSeconds).inputSchema } as MachineTool;
    schemaTools.set(maxWaitSeconds, t);
  }
  return t;
}

/**
 * Validates the arguments against the tool's inputSchema (the same JSON Schema validation as every
 * machine tool); `maxWaitSeconds` 0 = no limit. A waitSeconds above the limit is refused, naming it.
 */
export function parseResultToolArgs(args: unknown, maxWaitSeconds: number): Result<ResultToolArgs> {
  const checked = checkArguments(schemaTool(maxWaitSeconds), args, 'nothing was read');
  if (!checked.ok) {
    const w = (args as { waitSeconds?: unknown } | null | undefined)?.waitSeconds;
    const cap = waitSecondsLimit(maxWaitSeconds);
    const over =
      typeof w === 'number' && w > cap
        ? `\nwaitSeconds is at most ${cap} (${maxWaitSeconds > 0 ? "this server's wait budget" : '7 days'}): ` +
          `call again with ${cap} or less, and again after that if the execution is still running.`
        : '';
    return fail(checked.error + over);
  }
  const a = checked.value as { executionArn: string; waitSeconds?: number };
  const waitSeconds = a.waitSeconds ?? (maxWaitSeconds > 0 ? maxWaitSeconds : undefined);
  return ok({
    executionArn: a.executionArn.trim(),
    waitMs: waitSeconds === undefined ? undefined : Math.round(waitSeconds * 1000),
  });
}

/** The companion tool's call. Never throws; refusals make no AWS call. */
export async function getExecutionResult(
  clients: AwsClients,
  tools: readonly MachineTool[],
  args: unknown,
  opts: Omit<RunOptions, 'waitBudgetMs' | 'stopOnCancel'> & { maxWaitSeconds: number },
): Promise<ToolCallResult> {
  const { maxWaitSeconds, ...run } = opts;
  const parsed = parseResultToolArgs(args, maxWaitSeconds);
  if (!parsed.ok) return refusalResult(parsed.error);
  const check = checkExecutionArn(parsed.value.executionArn, tools);
  if (!check.ok) {
    opts.log.info({ tool: RESULT_TOOL }, 'execution read refused before any AWS call');
    return refusalResult(check.error);
  }
  const { waitMs } = parsed.value;
  try {
    const result = await awaitExecution(
      clients,
      check.value.executionArn,
      // A read-only tool never stops an execution, whatever stopOnCancel says.
      { ...run, stopOnCancel: false, ...(waitMs !== undefined ? { waitBudgetMs: waitMs } : {}) },
      performance.now(),
      true,
    );
    // The output is checked against the machine tool's output schema, as that tool's own call would.
    return typedResult(check.value.tool, result, { declared: false });
  } catch (err) {
    opts.log.error({ err, tool: RESULT_TOOL }, 'unexpected error while reading an execution');
    return refusalResult(`Internal error while reading the execution: ${errorMessage(err)}`);
  }
}
