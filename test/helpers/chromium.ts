/**
 * Whether the tests that need Chromium (the view in a browser, `graph --out file.png`) run. Without Chromium
 * they are skipped, loudly, on a developer's machine only: under CI (the CI variable, which .ci/run sets,
 * after .ci/setup-chromium installed Chromium) they run, and a missing Chromium fails them.
 */
import { chromiumProblem } from '../../src/view/chromium.js';

export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

/**
 * Why the tests of `what` are skipped here, or undefined when they run. A skip is announced on stderr in a
 * box, so that a run without Chromium cannot pass for a run of the browser tests.
 */
export function chromiumSkipReason(what: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const problem = chromiumProblem(env);
  if (!problem || underCi(env)) return undefined;
  const reason = `SKIPPED: ${what} (no Chromium here, and CI is not set). ${problem}`;
  const rule = '!'.repeat(100);
  console.warn(`\n${rule}\n${reason}\nUnder CI (.ci/run sets CI=true) these tests fail instead.\n${rule}\n`);
  return reason;
}
