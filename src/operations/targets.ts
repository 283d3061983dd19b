/**
 * Which machine or execution an operations tool may reach: only those of the workflows the caller's
 * tools run (the selection, narrowed by HTTP tool scopes), and never an Express one, since Step Functions
 * keeps no record of Express executions that its API can list, describe, stop or redrive. Everything
 * here is decided before any AWS call. Pure.
 */
import { parseExecutionArn, parseStateMachineArn } from '../aws/arn.js';
import type { MachineTool } from '../catalog/types.js';
import { fail, ok, type Result } from '../result.js';

/** Tools named in a refusal before "and N more". */
const NAMED = 20;

/** `orders_create (arn:aws:states:…:orders-create), orders_ship (…)` and how many more. */
export function servedWorkflows(tools: readonly MachineTool[]): string {
  if (tools.length === 0) return 'none (this server serves no workflow to this caller)';
  const named = tools.slice(0, NAMED).map((t) => `${t.name} (${t.machine.arn})`);
  const more = tools.length > NAMED ? ` and ${tools.length - NAMED} more` : '';
  return `${named.join(', ')}${more}`;
}

/** Why Express workflows are out of reach, for the refusal of each tool. */
export function expressRefusal(what: string, toolName: string): string {
  return (
    `Refused: ${what} is an Express workflow. Step Functions keeps no record of Express executions that ` +
    `its API can list, describe, stop or redrive, so ${toolName} cannot reach them: an Express workflow ` +
    "returns its result in the tool call itself, and its history is in CloudWatch Logs when the state machine's " +
    'logging is on. Nothing was done.'
  );
}

export interface MachineTarget {
  tool: MachineTool;
  /** The ARN to list: the tool's own (machine, version or alias) for a tool name, else the ARN given. */
  arn: string;
}

/** A machine named by its tool name or by its state machine ARN (a version or alias ARN of it too). */
export function machineTarget(
  raw: string,
  tools: readonly MachineTool[],
  toolName: string,
): Result<MachineTarget> {
  const given = raw.trim();
  const byName = tools.find((t) => t.name === given);
  const parsed = byName ? undefined : parseStateMachineArn(given);
  const tool =
    byName ?? (parsed?.ok ? tools.find((t) => t.machine.arn === parsed.value.machineArn) : undefined);
  if (!tool) {
    return fail(
      `Refused: "${given}" is neither the tool name nor the state machine ARN of a workflow this server serves` +
        `${parsed && !parsed.ok && given.startsWith('arn:') ? ` (${parsed.error})` : ''}. ` +
        `${toolName} works on: ${servedWorkflows(tools)}. Nothing was done.`,
    );
  }
  if (tool.machine.type === 'EXPRESS') return fail(expressRefusal(`"${tool.name}"`, toolName));
  return ok({ tool, arn: byName ? tool.machine.invokeArn : given });
}

export interface ExecutionTarget {
  executionArn: string;
  tool: MachineTool;
}

/** Why an execution is out of reach: not an execution ARN, an Express one, or another machine's. */
export interface ExecutionRefusal {
  reason: 'malformed' | 'express' | 'outside';
  message: string;
}

/**
 * An execution ARN of a selected Standard machine (an execution of a version or alias belongs to its
 * machine). Unlike get_execution_result, any execution of such a machine is in reach, not only those
 * this server started: operations tools exist to look at every run.
 */
export function executionTarget(
  raw: unknown,
  tools: readonly MachineTool[],
  toolName: string,
): Result<ExecutionTarget, ExecutionRefusal> {
  const read = parseExecutionArn(raw);
  if (!read.ok) return fail({ reason: 'malformed', message: `Refused: ${read.error}. Nothing was done.` });
  const parsed = read.value;
  if (parsed.kind === 'express')
    return fail({ reason: 'express', message: expressRefusal('this execution', toolName) });
  const tool = tools.find((t) => t.machine.arn === parsed.machineArn);
  if (!tool) {
    return fail({
      reason: 'outside',
      message:
        `Refused: the execution belongs to state machine "${parsed.machineName}" (${parsed.region}, account ` +
        `${parsed.accountId}), which is not a workflow this server serves. ${toolName} works on executions of: ` +
        `${servedWorkflows(tools)}. Nothing was done.`,
    });
  }
  return ok({ executionArn: parsed.arn, tool });
}
