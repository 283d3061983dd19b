/**
 * Which tools a selection is served as. Pure: the bridge (src/bridge/served-tools.ts) and the `list` dry
 * run (src/commands/list.ts) both ask here, so the dry run says what `serve` serves.
 */
import { RUN_TOOL, SEARCH_TOOL } from '../../catalog/naming.js';

/**
 * `per-machine`: one tool per selected machine (and the server's own tools). `large-catalogue`: the
 * selection would not fit the tool budget, so the search and run tools stand in for the machine tools.
 */
export type CatalogueMode = 'per-machine' | 'large-catalogue';

/**
 * The mode for a selection whose one-tool-per-machine listing would hold `perMachineTools` tools (machine
 * tools plus the server's own, such as `get_execution_result`). A budget of 0 is no limit.
 */
export function catalogueMode(perMachineTools: number, budget: number): CatalogueMode {
  return budget > 0 && perMachineTools > budget ? 'large-catalogue' : 'per-machine';
}

/** The mode in words, for `list` and the logs. */
export function describeMode(mode: CatalogueMode, perMachineTools: number, budget: number): string {
  if (mode === 'per-machine') {
    const limit = budget > 0 ? `within the tool budget of ${budget}` : 'no tool budget';
    return `one tool per machine; tools/list holds ${perMachineTools} tools (the machines' and the server's own), ${limit}`;
  }
  return (
    `large catalogue; one tool per machine would make ${perMachineTools} tools, over the tool budget of ` +
    `${budget}, so tools/list holds ${SEARCH_TOOL} and ${RUN_TOOL} in place of the machine tools`
  );
}
