/**
 * MCP Apps on the server: tools name their view (`_meta.ui.resourceUri`, and the older flat
 * `_meta["ui/resourceUri"]` that hosts still read), the views are `ui://` resources, and the tools only
 * views call (`_meta.ui.visibility: ["app"]`) are listed and callable only for clients that declare the
 * extension. Every client sees `_meta.ui` on the tools (hosts without MCP Apps ignore it, and the 2026
 * tool list may not vary per connection); a client without the extension sees no other change.
 */
import {
  CLIENT_CAPABILITIES_META_KEY,
  ResourceNotFoundError,
  type Server,
} from '@modelcontextprotocol/server';
import type { AppProvider, ToolDefinition } from './provider.js';

/** What the checks read of a request's context (as src/mcp/tasks.ts reads it). */
interface RequestCtx {
  mcpReq: { envelope?: Record<string, unknown> };
}

export function appCapabilities(apps: AppProvider) {
  return { resources: {}, extensions: { [apps.extension]: {} } };
}

/**
 * Whether this request's client renders views: on 2026-07-28 its per-request capabilities say so; on 2025
 * revisions, those it sent at initialisation (none on stateless HTTP, where no instance saw them).
 */
export function clientRendersViews(server: Server, ctx: RequestCtx, apps: AppProvider): boolean {
  const fromEnvelope = ctx.mcpReq.envelope?.[CLIENT_CAPABILITIES_META_KEY] as
    { extensions?: Record<string, unknown> } | undefined;
  const caps = (fromEnvelope ?? server.getClientCapabilities()) as
    { extensions?: Record<string, unknown> } | undefined;
  return caps?.extensions?.[apps.extension] !== undefined;
}

/** A tool's `_meta` naming its view, if it has one. */
export function viewMeta(apps: AppProvider, toolName: string): Record<string, unknown> | undefined {
  const uri = apps.viewUri(toolName);
  return uri ? { ui: { resourceUri: uri }, 'ui/resourceUri': uri } : undefined;
}

/** The app-only tools, for clients that render views. */
export function appToolsFor(apps: AppProvider): Array<ToolDefinition & { _meta: Record<string, unknown> }> {
  return apps.appTools.map((t) => ({ ...t, _meta: { ui: { visibility: ['app'] } } }));
}

/** resources/list, resources/templates/list and resources/read for the views. */
export function registerAppResources(server: Server, apps: AppProvider): void {
  // The views are reached through their tools' _meta, not browsed: the list names none.
  server.setRequestHandler('resources/list', () => ({ resources: [] }));
  server.setRequestHandler('resources/templates/list', () => ({ resourceTemplates: apps.resourceTemplates }));
  server.setRequestHandler('resources/read', async (request) => {
    // A provider narrowed to a caller's tools (HTTP tool scopes) narrows its views the same way.
    const view = await apps.readView(request.params.uri, {});
    if (!view) throw new ResourceNotFoundError(request.params.uri);
    return { contents: [view] };
  });
}
