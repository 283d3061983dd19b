/**
 * The view as an MCP Apps resource: one `ui://` URI per tool with a view, each the same self-contained page
 * (built into dist/view/workflow-view.html by scripts/build-view.mjs) with the tool's name written in, or,
 * for a tool that runs a workflow named in its call (run_workflow), word that the call names it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-files.js';
import type { WorkflowSource } from './graph-types.js';
import { escapeXml } from './svg.js';

export const UI_EXTENSION = 'io.modelcontextprotocol/ui';
export const APP_MIME_TYPE = 'text/html;profile=mcp-app';
const URI_PREFIX = 'ui://stepfunctions-tool-mcp-server/workflow/';

export function viewUri(toolName: string): string {
  return `${URI_PREFIX}${encodeURIComponent(toolName)}`;
}

/** The tool a view URI names; undefined for any other URI. */
export function toolOfViewUri(uri: string): string | undefined {
  if (!uri.startsWith(URI_PREFIX)) return undefined;
  try {
    const name = decodeURIComponent(uri.slice(URI_PREFIX.length));
    return name.length > 0 && !name.includes('/') ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the resource declares to the host: no network at all (every domain list empty, so the host's
 * CSP allows only the inline script and styles), and a border around the view.
 */
export const VIEW_RESOURCE_META = {
  ui: {
    csp: { connectDomains: [], resourceDomains: [], frameDomains: [], baseUriDomains: [] },
    prefersBorder: true,
  },
};

let page: string | undefined;

/** The built page (scripts/build-view.mjs), read from the sources (tests) and the bundle alike. */
function builtPage(): string {
  if (page !== undefined) return page;
  try {
    page = readFileSync(join(packageRoot, 'dist', 'view', 'workflow-view.html'), 'utf8');
    return page;
  } catch {
    throw new Error('The workflow view is not built (dist/view/workflow-view.html): run npm run build.');
  }
}

/** The view page of one machine tool. */
export function viewPage(toolName: string): string {
  return pageWith(toolName, 'tool');
}

/** The view page of a tool whose call names the workflow it runs (run_workflow). */
export function callViewPage(): string {
  return pageWith('', 'call');
}

function pageWith(toolName: string, source: WorkflowSource): string {
  return builtPage()
    .replace('%WORKFLOW_TOOL%', () => escapeXml(toolName))
    .replace('%WORKFLOW_SOURCE%', source);
}
