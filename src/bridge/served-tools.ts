/**
 * What the bridge serves for a catalogue: one tool per machine, or, when that would exceed the tool
 * budget, the search and run tools in their place (src/bridge/meta-tools/). The server's own tools
 * (the companion result tool and any other) are served in both modes. tools/list is sorted by name, so
 * it reads the same for the same catalogue. In the large-catalogue mode a machine tool's name is no
 * longer a tool: calling it is answered as an unknown tool, like any name tools/list does not hold.
 */
import { RUN_TOOL, SEARCH_TOOL } from '../catalog/naming.js';
import type { Catalog } from '../catalog/types.js';
import { refusalResult } from '../execution/index.js';
import type { CallContext, TaskCallContext, TaskStart, ToolDefinition } from '../mcp/provider.js';
import { catalogueMode, type CatalogueMode } from './meta-tools/mode.js';
import { expressTaskReason, findWorkflow, parseRunArgs, runToolDefinition } from './meta-tools/run-tool.js';
import { searchToolDefinition, searchWorkflows } from './meta-tools/search-tool.js';
import { isTaskCapable, visibleTo, type BridgeShared } from './shared.js';
import type { BridgeTasks } from './task-provider.js';
import type { PersonResult } from './person-calls.js';
import { callTool, toolDefinitions } from './tool-calls.js';
import { byName } from '../order.js';

export interface ServedTools {
  catalog: Catalog;
  mode: CatalogueMode;
  /** tools/list: sorted by name. */
  definitions: ToolDefinition[];
  /** How many tools one tool per machine would list (what the budget is compared with). */
  perMachineTools: number;
  /** The names tools/list holds: the only names a call may use. */
  names: ReadonlySet<string>;
}

/** The tools served for a catalogue, and in which mode. Pure. */
export function servedTools(catalog: Catalog, shared: Pick<BridgeShared, 'config'>): ServedTools {
  const perMachine = toolDefinitions(catalog, shared);
  const mode = catalogueMode(perMachine.length, shared.config.toolBudget);
  let definitions = perMachine;
  if (mode === 'large-catalogue') {
    const machines = new Set(catalog.tools.map((t) => t.name));
    definitions = [
      searchToolDefinition(),
      runToolDefinition(shared.config.resultTool),
      ...perMachine.filter((d) => !machines.has(d.name)),
    ];
  }
  definitions = [...definitions].sort(byName);
  return {
    catalog,
    mode,
    definitions,
    perMachineTools: perMachine.length,
    names: new Set(definitions.map((d) => d.name)),
  };
}

/** Runs a served tool; undefined when the name is not one tools/list holds. */
export async function callServedTool(
  shared: BridgeShared,
  served: ServedTools,
  name: string,
  args: Record<string, unknown> | undefined,
  ctx: CallContext,
): Promise<PersonResult | undefined> {
  if (served.mode === 'per-machine') return callTool(shared, name, args, ctx);
  if (!served.names.has(name)) return undefined;
  const tools = visibleTo(served.catalog.tools, ctx);
  if (name === SEARCH_TOOL) return searchWorkflows(tools, args);
  if (name !== RUN_TOOL) return callTool(shared, name, args, ctx);
  const run = parseRunArgs(args);
  if (!run.ok) return refusalResult(run.error);
  const workflow = findWorkflow(tools, run.value.workflow);
  if (!workflow.ok) {
    shared.log.info({ tool: RUN_TOOL }, 'run refused: no such workflow for this caller');
    return refusalResult(workflow.error);
  }
  // The machine tool's own path: the same validation, run, wait, results and refresh on a deleted machine.
  return callTool(shared, workflow.value.name, run.value.arguments, ctx, 'run-tool');
}

/** Starts a served tool as a task; undefined when the name is not one tools/list holds. */
export async function startServedTask(
  tasks: BridgeTasks,
  served: ServedTools,
  name: string,
  args: Record<string, unknown> | undefined,
  ctx: TaskCallContext,
): Promise<TaskStart | undefined> {
  if (served.mode === 'per-machine') return tasks.startTask(name, args, ctx);
  if (!served.names.has(name)) return undefined;
  // Search answers in the call (no taskSupport in tools/list).
  if (name === SEARCH_TOOL) return { kind: 'not-task-capable' };
  if (name !== RUN_TOOL) return tasks.startTask(name, args, ctx);
  const run = parseRunArgs(args);
  if (!run.ok) return { kind: 'refused', result: refusalResult(run.error) };
  const workflow = findWorkflow(visibleTo(served.catalog.tools, ctx), run.value.workflow);
  if (!workflow.ok) return { kind: 'refused', result: refusalResult(workflow.error) };
  const tool = workflow.value;
  if (!isTaskCapable(tool)) return { kind: 'not-task-capable', reason: expressTaskReason(tool.name) };
  // The machine tool's own task path: the same validation and start.
  return tasks.startTask(tool.name, run.value.arguments, ctx, 'run-tool');
}
