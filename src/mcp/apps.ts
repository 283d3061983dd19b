/**
 * MCP Apps on the server: tools name their view (`_meta.ui.resourceUri`, and the older flat
 * `_meta["ui/resourceUri"]` that hosts still read), the views are `ui://` resources beside the server's
 * other resources (src/mcp/resources.ts serves them all), and the tools only
 * views call (`_meta.ui.visibility: ["app"]`) are listed and callable only for clients that declare the
 * extension. Every client sees `_meta.ui` on the tools (hosts without MCP Apps ignore it), so the two
 * app-only tools are the list's only difference between clients; a client without the extension sees no
 * other change. Because the list depends on the client's declared extensions, its 2026-07-28 `cacheScope`
 * is `private` whenever views are served (listCacheHints, src/mcp/server.ts).
 */
import { CLIENT_CAPABILITIES_META_KEY, type Server } from '@modelcontextprotocol/server';
import {
  ResourceRequestError,
  type AppProvider,
  type ResourceProvider,
  type ToolDefinition,
} from './provider.js';

/** What the checks read of a request's context (as src/mcp/tasks.ts reads it). */
interface RequestCtx {
  mcpReq: { envelope?: Record<string, unknown> };
}

/** The extension's entry under `capabilities.extensions` (the views themselves are resources). */
export function appExtension(apps: AppProvider): Record<string, object> {
  return { [apps.extension]: {} };
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

/** The prefix of every view's URI (the extension's scheme). */
const VIEW_SCHEME = 'ui://';

/**
 * The server's resources with the views among them: `ui://` URIs are read as views. The views are reached
 * through their tools' `_meta`, not browsed, so neither resources/list nor resources/templates/list names
 * them, and a client without MCP Apps sees the lists it saw before. A provider narrowed to a caller's
 * tools (tool scopes) narrows its views the same way.
 */
export function withViews(resources: ResourceProvider | undefined, apps: AppProvider): ResourceProvider {
  return {
    listResources: async (ctx) => (resources ? resources.listResources(ctx) : []),
    listResourceTemplates: (ctx) => resources?.listResourceTemplates(ctx) ?? [],
    readResource: async (uri, ctx) => {
      if (!uri.startsWith(VIEW_SCHEME)) {
        if (resources) return resources.readResource(uri, ctx);
        throw new ResourceRequestError('not-found', `Resource not found: ${uri}.`);
      }
      const view = await apps.readView(uri, ctx);
      if (!view) {
        throw new ResourceRequestError(
          'not-found',
          `Resource not found: ${uri} is the view of no workflow tool you may use.`,
        );
      }
      return [view];
    },
  };
}
