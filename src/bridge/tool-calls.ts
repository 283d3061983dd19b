/** tools/list and tools/call on the bridge: the catalogue's tools as definitions, and running one. */
import type { Catalog, MachineTool } from '../catalog/types.js';
import {
  RESULT_TOOL,
  getExecutionResult,
  resultToolDefinition,
  traceHeaderFor,
  typedResult,
  type ProgressReport,
  type RunOptions,
} from '../execution/index.js';
import { ANSWER_TOOL } from '../approvals/index.js';
import { isInputNeeded, type CallContext, type ToolDefinition } from '../mcp/provider.js';
import { callOperationsTool, operationsToolDefinitions, type OperationsCall } from '../operations/index.js';
import { answerApproval, answerToolDefinition } from './answer-tool.js';
import { callMachineWithPerson, readWithPerson, type PersonResult } from './person-calls.js';
import type { Reach } from './questions.js';
import { isTaskCapable, shuttingDown, visibleTo, type BridgeShared } from './shared.js';

/** At most one state read every this many milliseconds per waiting call. */
export const STATE_READ_INTERVAL_MS = 2_000;

/** AWS errors that mean a tool's machine is gone. */
const GONE = new Set(['StateMachineDoesNotExist', 'StateMachineDeleting', 'ResourceNotFound']);

/** The tool definitions of a catalogue, then the companion result tool and the operations tools served. */
export function toolDefinitions(catalog: Catalog, shared: Pick<BridgeShared, 'config'>): ToolDefinition[] {
  const definitions = catalog.tools.map(toDefinition);
  if (shared.config.resultTool) definitions.push(resultToolDefinition(shared.config.waitBudgetSeconds));
  if (shared.config.agentApprovals) definitions.push(answerToolDefinition());
  definitions.push(...operationsToolDefinitions(shared.config.operations));
  return definitions;
}

function toDefinition(tool: MachineTool): ToolDefinition {
  return {
    name: tool.name,
    title: tool.annotations.title,
    description: tool.description,
    inputSchema: tool.inputSchema,
    ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
    annotations: { ...tool.annotations },
    ...(isTaskCapable(tool) ? { taskSupport: 'optional' as const } : {}),
  };
}

/**
 * Runs the named tool; undefined when no such tool is served. A call may stop for the person
 * (person-calls.ts): a confirmation before a tagged machine starts, an approval its run waits for.
 * `reach`: whether the client called the machine's own tool or run_workflow, for the person's texts.
 */
export async function callTool(
  shared: BridgeShared,
  name: string,
  args: Record<string, unknown> | undefined,
  ctx: CallContext,
  reach: Reach = 'own-tool',
): Promise<PersonResult | undefined> {
  if (shared.calls.draining) return shuttingDown();
  const { config } = shared;
  const tools = await shared.machineTools();
  const run = runOptions(shared, ctx);
  if (config.resultTool && name === RESULT_TOOL) {
    const visible = visibleTo(tools, ctx);
    if (ctx.canAsk || ctx.resume) return readWithPerson(shared, visible, args, ctx, run);
    return getExecutionResult(shared.clients, visible, args ?? {}, {
      ...run,
      maxWaitSeconds: config.waitBudgetSeconds,
    });
  }
  if (config.agentApprovals && name === ANSWER_TOOL)
    return answerApproval(shared, visibleTo(tools, ctx), args, ctx);
  const operations = callOperationsTool(
    config.operations,
    name,
    operationsCall(shared, tools, ctx),
    args ?? {},
  );
  if (operations) return operations;
  const tool = tools.find((t) => t.name === name);
  if (!tool) return undefined;
  const traceHeader = traceHeaderFor(ctx.traceparent, shared.log);
  const result = await callMachineWithPerson(
    shared,
    tool,
    args ?? {},
    ctx,
    {
      ...run,
      ...(traceHeader !== undefined ? { traceHeader } : {}),
      stopOnCancel: config.stopOnCancel,
      ...(config.waitBudgetSeconds > 0 ? { waitBudgetMs: config.waitBudgetSeconds * 1000 } : {}),
    },
    reach,
  );
  // The machine was deleted since the last listing: re-read now so the tool leaves the list.
  // A question for the person is not a tool result: it carries no output to type.
  if (isInputNeeded(result)) return result;
  if (GONE.has(String(result._meta?.awsError))) shared.machineGone();
  return typedResult(tool, result, { declared: true });
}

/** An operations tool call reaches the executions of the caller's machines only (HTTP tool scopes). */
function operationsCall(shared: BridgeShared, tools: MachineTool[], ctx: CallContext): OperationsCall {
  return {
    clients: shared.clients,
    tools: visibleTo(tools, ctx),
    log: shared.log,
    signal: ctx.signal,
  };
}

function runOptions(shared: BridgeShared, ctx: CallContext): RunOptions {
  const progress = ctx.progress;
  return {
    log: shared.log,
    signal: ctx.signal,
    release: shared.calls.release,
    ...(progress
      ? {
          stateReads: { pacer: shared.statePacer, minIntervalMs: STATE_READ_INTERVAL_MS },
          onProgress: increasingProgress(progress),
        }
      : {}),
  };
}

/** Progress must increase with every notification: elapsed seconds, to the millisecond; repeats are skipped. */
function increasingProgress(progress: NonNullable<CallContext['progress']>) {
  let last = 0;
  return (p: ProgressReport) => {
    const value = Math.round(p.elapsedMs) / 1000;
    if (value <= last) return;
    last = value;
    return progress({ progress: value, message: p.message });
  };
}
