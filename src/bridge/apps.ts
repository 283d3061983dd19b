/** The workflow views (MCP Apps) on the bridge: each machine tool's view, and the tools the views call. */
import type { AppProvider, CallContext, ToolResult } from '../mcp/provider.js';
import { appToolDefinitions, callAppTool } from '../view/app-tools.js';
import {
  APP_MIME_TYPE,
  UI_EXTENSION,
  VIEW_RESOURCE_META,
  toolOfViewUri,
  viewPage,
  viewUri,
} from '../view/resource.js';
import { shuttingDown, visibleTo, type BridgeShared } from './shared.js';

/**
 * `isMachineTool` says, synchronously, whether a name is a machine tool of the current catalogue: only
 * those have a workflow to draw (not get_execution_result, the operations tools or answer_approval).
 */
export function bridgeApps(shared: BridgeShared, isMachineTool: (name: string) => boolean): AppProvider {
  return {
    extension: UI_EXTENSION,
    viewUri: (name) => (isMachineTool(name) ? viewUri(name) : undefined),
    async readView(uri, ctx) {
      const name = toolOfViewUri(uri);
      const tools = visibleTo(await shared.machineTools(), ctx);
      if (name === undefined || !tools.some((t) => t.name === name)) return undefined;
      return { uri, mimeType: APP_MIME_TYPE, text: viewPage(name), _meta: VIEW_RESOURCE_META };
    },
    appTools: appToolDefinitions(),
    callAppTool: (name, args, ctx) => shared.calls.track(() => appCall(shared, name, args, ctx)),
  };
}

async function appCall(
  shared: BridgeShared,
  name: string,
  args: Record<string, unknown> | undefined,
  ctx: CallContext,
): Promise<ToolResult | undefined> {
  if (shared.calls.draining) return shuttingDown();
  const tools = visibleTo(await shared.machineTools(), ctx);
  return callAppTool(name, args, {
    sfn: shared.clients.sfn,
    log: shared.log,
    tools,
    signal: ctx.signal,
  });
}
