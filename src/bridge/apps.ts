/**
 * The workflow views (MCP Apps) on the bridge: each machine tool's view, run_workflow's (which draws the
 * workflow its call names), and the tools the views call.
 */
import { RUN_TOOL } from '../catalog/naming.js';
import type { AppProvider, AppResource, CallContext, ToolResult } from '../mcp/provider.js';
import { appToolDefinitions, callAppTool } from '../view/app-tools.js';
import {
  APP_MIME_TYPE,
  UI_EXTENSION,
  VIEW_RESOURCE_META,
  callViewPage,
  toolOfViewUri,
  viewPage,
  viewUri,
} from '../view/resource.js';
import { shuttingDown, visibleTo, type BridgeShared } from './shared.js';

/** What the bridge knows, synchronously, of the current catalogue. */
export interface ServedViews {
  /** A machine tool of the current catalogue: only those have a workflow of their own to draw. */
  isMachineTool(name: string): boolean;
  /** run_workflow is served (the large-catalogue mode): its view draws the workflow each call names. */
  runsWorkflows(): boolean;
}

export function bridgeApps(shared: BridgeShared, served: ServedViews): AppProvider {
  const hasView = (name: string) =>
    served.isMachineTool(name) || (name === RUN_TOOL && served.runsWorkflows());
  return {
    extension: UI_EXTENSION,
    viewUri: (name) => (hasView(name) ? viewUri(name) : undefined),
    async readView(uri, ctx) {
      const name = toolOfViewUri(uri);
      if (name === undefined) return undefined;
      const tools = visibleTo(await shared.machineTools(), ctx);
      if (name === RUN_TOOL && served.runsWorkflows() && (ctx.allowTool?.(RUN_TOOL) ?? true)) {
        return view(uri, callViewPage());
      }
      return tools.some((t) => t.name === name) ? view(uri, viewPage(name)) : undefined;
    },
    appTools: appToolDefinitions(),
    callAppTool: (name, args, ctx) => shared.calls.track(() => appCall(shared, name, args, ctx)),
  };
}

function view(uri: string, text: string): AppResource {
  return { uri, mimeType: APP_MIME_TYPE, text, _meta: VIEW_RESOURCE_META };
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
