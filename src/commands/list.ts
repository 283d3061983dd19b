/** `stepfunctions-tool-mcp-server list`: the dry run of the selection. */
import { settingLabel, type Config } from '../config/index.js';
import { discoverCatalog, progressText, type DiscoveryProgress } from '../catalog/index.js';
import { unmatchedEntryWarning } from '../catalog/selection.js';
import type { Catalog } from '../catalog/types.js';
import type { Logger } from '../log.js';
import { listFailureMessage } from '../aws/list-failure.js';
import { discoveryOptions, startRuntime } from '../runtime.js';
import { describeMode } from '../bridge/meta-tools/mode.js';
import { servedTools, type ServedTools } from '../bridge/served-tools.js';

/**
 * The `list` dry run: which machines become which tools, why the others are left out, and which
 * STATE_MACHINE_LIST entries matched nothing. Same configuration and same discovery as `serve`.
 * Returns the exit code: 0 when at least one tool is selected, 1 when none is or the listing failed.
 */
export async function listCommand(config: Config, log: Logger, json: boolean): Promise<number> {
  const runtime = await startRuntime(config, log);
  const indicator = process.stderr.isTTY ? terminalIndicator() : undefined;
  try {
    let catalog: Catalog;
    try {
      catalog = await discoverCatalog(runtime.clients, runtime.config.selection, {
        ...discoveryOptions(runtime.config, log),
        ...(indicator ? { onProgress: indicator.update } : {}),
      });
    } catch (error) {
      // What to check, in one line: a stack trace would bury it.
      indicator?.clear();
      process.stderr.write(
        `stepfunctions-tool-mcp-server: ${listFailureMessage(error, runtime.config.aws)}\n`,
      );
      return 1;
    }
    indicator?.clear();
    const served = servedTools(catalog, { config: runtime.config });
    const budget = runtime.config.toolBudget;
    process.stdout.write(json ? renderJson(catalog, served, budget) : renderTable(catalog, served, budget));
    return catalog.tools.length > 0 ? 0 : 1;
  } finally {
    indicator?.clear();
    await runtime.close();
  }
}

function qualifierOf(t: Catalog['tools'][number]): string {
  if (t.machine.version !== undefined) return `version ${t.machine.version}`;
  if (t.machine.alias !== undefined) return `alias ${t.machine.alias}`;
  return '-';
}

/** How the selection is served: the mode, the budget, and the tools tools/list holds. */
function servedJson(served: ServedTools, budget: number) {
  return {
    mode: served.mode,
    toolBudget: budget,
    perMachineTools: served.perMachineTools,
    listed: served.definitions.map((d) => d.name),
  };
}

export function renderJson(catalog: Catalog, served: ServedTools, budget: number): string {
  return (
    JSON.stringify(
      {
        served: servedJson(served, budget),
        tools: catalog.tools.map((t) => ({
          tool: t.name,
          machine: t.machine.name,
          arn: t.machine.arn,
          invokeArn: t.machine.invokeArn,
          type: t.machine.type,
          ...(t.machine.version !== undefined ? { version: t.machine.version } : {}),
          ...(t.machine.alias !== undefined ? { alias: t.machine.alias } : {}),
          schema: t.hasSchema,
          annotations: t.annotations,
        })),
        excluded: catalog.excluded,
        unmatchedEntries: catalog.unmatchedEntries ?? [],
        warnings: catalog.warnings,
      },
      null,
      2,
    ) + '\n'
  );
}

export function renderTable(catalog: Catalog, served: ServedTools, budget: number): string {
  let out = '';
  if (catalog.tools.length > 0) {
    out += table(
      ['TOOL', 'MACHINE', 'TYPE', 'VERSION/ALIAS', 'SCHEMA'],
      catalog.tools.map((t) => [
        t.name,
        t.machine.name,
        t.machine.type,
        qualifierOf(t),
        t.hasSchema ? 'yes' : 'no',
      ]),
    );
  } else {
    out += 'No state machine is selected.\n';
  }
  if (catalog.excluded.length > 0) {
    out += '\nLeft out:\n';
    out += table(
      ['MACHINE', 'REASON', 'DETAIL'],
      catalog.excluded.map((e) => [e.name, e.reason, e.detail]),
    );
  }
  const unmatched = catalog.unmatchedEntries ?? [];
  if (unmatched.length > 0) {
    out += `\n${settingLabel('stateMachineList')} entries that match no state machine in this account and region:\n`;
    for (const e of unmatched) out += `  ${e}\n`;
  }
  // Unmatched entries are already listed above.
  const listed = new Set(unmatched.map(unmatchedEntryWarning));
  const warnings = catalog.warnings.filter((w) => !listed.has(w));
  if (warnings.length > 0) {
    out += '\nWarnings:\n';
    for (const w of warnings) out += `  ${w}\n`;
  }
  out += `\nServed as: ${describeMode(served.mode, served.perMachineTools, budget)}.\n`;
  out += `\n${catalog.tools.length} tool(s), ${catalog.excluded.length} machine(s) left out.\n`;
  return out;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** One self-rewriting line on a terminal's stderr; nothing at all when stderr is not a terminal. */
function terminalIndicator(): { update: (p: DiscoveryProgress) => void; clear: () => void } {
  let shown = false;
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (p.phase !== 'done' && now - last < 100) return;
      last = now;
      process.stderr.write(`\r\x1b[2K${progressText(p)}`);
      shown = true;
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}
