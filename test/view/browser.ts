/**
 * For the view's browser tests: headless Chromium (test/helpers/chromium.ts decides whether they run), the
 * test host page (test/view/host/host.ts bundled into one page), a real MCP client that declares MCP Apps, and the
 * folder the screenshots go to.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Client } from '@modelcontextprotocol/client';
import type { Browser, Frame, Page } from 'playwright-core';
import { chromiumProblem, launchChromium } from '../../src/view/chromium.js';
import { CLI, stdioTransport } from '../helpers/server.js';

/** Screenshots of the view, kept after the run (test-results/ is ignored by git). */
export const ARTEFACTS = fileURLToPath(new URL('../../test-results/view', import.meta.url));

export async function startBrowser(): Promise<Browser> {
  const problem = chromiumProblem();
  if (problem) throw new Error(`The view's browser tests need Chromium. ${problem}`);
  mkdirSync(ARTEFACTS, { recursive: true });
  console.log(`view screenshots: ${ARTEFACTS}`);
  return launchChromium();
}

let hostPage: Promise<string> | undefined;

/** The host page, bundled once per test file. */
export function hostHtml(): Promise<string> {
  hostPage ??= build({
    entryPoints: [fileURLToPath(new URL('./host/host.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  }).then((out) => {
    const code = out.outputFiles[0]!.text.replace(/<\/script/gi, '<\\/script');
    return `<!doctype html><html><head><meta charset="utf-8"></head><body><script type="module">${code}</script></body></html>`;
  });
  return hostPage;
}

/**
 * The spec's CSP for a view that declares no domains, as a host applies it: only the page's own inline
 * script and styles, no network at all. Put into the view's page, it proves the view fetches nothing.
 */
export const DEFAULT_VIEW_CSP =
  "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; media-src 'self' data:; connect-src 'none';";

export function withCsp(html: string): string {
  return html.replace(
    '<head>',
    `<head><meta http-equiv="Content-Security-Policy" content="${DEFAULT_VIEW_CSP}">`,
  );
}

export const UI_CAPABILITIES = {
  extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } },
};

/** The built server over stdio against `endpoint`, and a real client that declares MCP Apps. */
export async function connectAppsClient(env: Record<string, string>, args: string[] = []): Promise<Client> {
  const transport = stdioTransport({ command: process.execPath, args: [CLI, ...args], env }, 'view-server');
  const client = new Client(
    { name: 'view-test-host', version: '1.0.0' },
    { capabilities: UI_CAPABILITIES, supportedProtocolVersions: ['2025-11-25'] },
  );
  await client.connect(transport);
  return client;
}

/** The view's frame in the host page. */
export function viewFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f !== page.mainFrame());
  if (!frame) throw new Error('the host page has no view frame');
  return frame;
}

export function screenshotPath(name: string): string {
  return join(ARTEFACTS, `${name}.png`);
}
