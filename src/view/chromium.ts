/**
 * Headless Chromium for pictures as PNG (the `graph` command), the view's browser tests and its benchmark,
 * driven by playwright-core (which downloads no browser: it drives the one installed here). The flags
 * keep it from reaching the network on its own (background updates, sync, QUIC).
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { fail, ok, type Result } from '../result.js';

/** The names a Chromium or Chrome binary goes by on the PATH, the Debian package's first. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const INSTALL_HINT =
  'Install Chromium (Debian and Ubuntu: apt-get install -y chromium; in a checkout of this project, ' +
  '.ci/setup-chromium does it), or set CHROMIUM_PATH to a Chromium or Chrome binary.';

/** The Chromium binary to start: CHROMIUM_PATH when set, else the first of CHROMIUM_NAMES on the PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): Result<string> {
  const chosen = env.CHROMIUM_PATH;
  if (chosen) {
    return existsSync(chosen) ? ok(chosen) : fail(`CHROMIUM_PATH names ${chosen}, which does not exist.`);
  }
  const folders = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of CHROMIUM_NAMES) {
    for (const folder of folders) {
      const candidate = join(folder, name);
      if (existsSync(candidate)) return ok(candidate);
    }
  }
  return fail(`No Chromium was found: none of ${CHROMIUM_NAMES.join(', ')} is on the PATH.`);
}

/** Why Chromium cannot be started here (what is missing and how to install it), or undefined. */
export function chromiumProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const found = findChromium(env);
  return found.ok ? undefined : `${found.error} ${INSTALL_HINT}`;
}

/** A headless Chromium with a fresh profile; throws an Error that says what to install when it cannot. */
export async function launchChromium(): Promise<Browser> {
  const found = findChromium();
  if (!found.ok) throw new Error(`${found.error} ${INSTALL_HINT}`);
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new Error(
      'Drawing in Chromium needs the playwright-core package, which is not installed: ' +
        'npm install playwright-core (next to this package).',
    );
  }
  return playwright.chromium.launch({ executablePath: found.value, headless: true, args: CHROMIUM_ARGS });
}

/** An SVG document as PNG, at twice its size for sharp text. */
export async function svgToPng(svg: string, size: { width: number; height: number }): Promise<Buffer> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: size, deviceScaleFactor: 2 });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    return await page.locator('svg').first().screenshot({ type: 'png' });
  } finally {
    await browser.close();
  }
}
