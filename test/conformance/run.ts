/**
 * The server scenarios of @modelcontextprotocol/conformance that apply to this server, run against the
 * built CLI over Streamable HTTP on the local engine's examples (`--local examples/state-machines`),
 * each at every protocol revision it covers and the server serves. Run by .ci/run:
 * `npx tsx test/conformance/run.ts`. Which scenarios apply and why the others do not:
 * docs/reliability.md; checks that cannot pass here, with why: expected-failures.yml.
 *
 * The conformance CLI drives Streamable HTTP only (`server --url`); stdio has no server mode there, so
 * the stdio transport is covered by the hostile-input suite (test/integration/hostile-stdio.test.ts).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLES, startHttpServer } from '../helpers/server.js';

/** Scenario and the revisions to run it at (the 2025 revisions over initialize, 2026-07-28 stateless). */
export const RUNS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['server-initialize', ['2025-06-18', '2025-11-25']],
  ['ping', ['2025-06-18', '2025-11-25']],
  ['tools-list', ['2025-06-18', '2025-11-25', '2026-07-28']],
  ['dns-rebinding-protection', ['2025-11-25', '2026-07-28']],
  ['server-stateless', ['2026-07-28']],
  ['http-header-validation', ['2026-07-28']],
  ['caching', ['2026-07-28']],
  ['sep-2164-resource-not-found', ['2026-07-28']],
  ['input-required-result-validate-input', ['2026-07-28']],
  ['input-required-result-unsupported-methods', ['2026-07-28']],
];

const here = dirname(fileURLToPath(import.meta.url));
const BASELINE = join(here, 'expected-failures.yml');

/** The conformance CLI's entry script, run with this Node (the bin's shebang would find any node). */
function conformanceCli(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@modelcontextprotocol/conformance/package.json');
  const { bin } = require(manifest) as { bin: string | Record<string, string> };
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin.conformance!);
}

/** One scenario at one revision; resolves with whether it passed, and its output. */
async function runScenario(
  url: string,
  scenario: string,
  revision: string,
): Promise<{ ok: boolean; output: string }> {
  const args = [
    'server',
    '--url',
    url,
    '--scenario',
    scenario,
    '--spec-version',
    revision,
    '--expected-failures',
    BASELINE,
  ];
  const child = spawn(process.execPath, [conformanceCli(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { ok: code === 0, output };
}

async function main(): Promise<number> {
  const server = await startHttpServer(
    { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', SFN_MCP_LOG_LEVEL: 'warn' },
    ['--local', EXAMPLES],
  );
  const failed: string[] = [];
  let runs = 0;
  try {
    for (const [scenario, revisions] of RUNS) {
      for (const revision of revisions) {
        runs++;
        const { ok, output } = await runScenario(server.url, scenario, revision);
        console.log(`${ok ? 'ok  ' : 'FAIL'} ${scenario} @ ${revision}`);
        if (!ok) {
          failed.push(`${scenario} @ ${revision}`);
          console.log(output);
        }
      }
    }
  } finally {
    await server.close();
  }
  console.log(`conformance scenario runs: ${runs - failed.length} of ${runs} as expected`);
  return failed.length === 0 ? 0 : 1;
}

process.exitCode = await main();
