/**
 * .ci/run, the CI entry point, run for real by bash in a copy of .ci/ whose steps (npm, npx and
 * .ci/setup-chromium) are stand-ins that record their arguments: it runs every step the README names, in
 * order, with CI=true (conformance included), prints its elapsed time at the end whether it passed or not,
 * and fails a passing run that took longer than its budget.
 */
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runProcess } from '../package/pack.js';

let root: string;

/** A stand-in step: records `<name> <args> CI=<CI>` and fails when FAIL_STEP names that line's start. */
const STEP = `#!/usr/bin/env bash
line="$(basename "$0") $* CI=\${CI:-}"
echo "$line" >> "$STEPS_LOG"
if [[ -n "\${FAIL_STEP:-}" && "$line" == "$FAIL_STEP"* ]]; then echo "failing: $line" >&2; exit 7; fi
`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sfn-mcp-ci-run-'));
  await mkdir(join(root, '.ci'));
  await mkdir(join(root, 'bin'));
  await copyFile(join(REPO_ROOT, '.ci', 'run'), join(root, '.ci', 'run'));
  for (const step of [
    join(root, '.ci', 'setup-chromium'),
    join(root, 'bin', 'npm'),
    join(root, 'bin', 'npx'),
  ]) {
    await writeFile(step, STEP);
    await chmod(step, 0o755);
  }
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function ciRun(name: string, env: Record<string, string> = {}) {
  const log = join(root, `${name}.log`);
  await writeFile(log, '');
  const outcome = await runProcess('bash', [join(root, '.ci', 'run')], {
    cwd: tmpdir(),
    env: { PATH: `${join(root, 'bin')}:/usr/bin:/bin`, STEPS_LOG: log, ...env },
  });
  const steps = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  return { ...outcome, steps };
}

const ALL_STEPS = [
  'npm install --no-audit --no-fund CI=true',
  'setup-chromium  CI=true',
  'npm run typecheck CI=true',
  'npm run lint CI=true',
  'npm test CI=true',
  'npx tsx test/conformance/run.ts CI=true',
];
const ELAPSED = /^\.ci\/run: \d+m\d\ds elapsed \(budget 20m00s\)$/m;

describe('.ci/run', () => {
  it('runs install, Chromium, typecheck, lint, the tests and conformance, in order, with CI=true, then prints its time', async () => {
    const run = await ciRun('pass');
    expect(run.code, run.stderr).toBe(0);
    expect(run.steps).toEqual(ALL_STEPS);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(ELAPSED);
    expect(run.stderr).toBe('');
  });

  it('fails a run that passed every step but took longer than its budget, saying so', async () => {
    const run = await ciRun('over', { CI_BUDGET_SECONDS: '-1' });
    expect(run.code).toBe(1);
    expect(run.steps).toEqual(ALL_STEPS);
    expect(run.stderr).toMatch(
      /^\.ci\/run: every step passed, but the run took \d+m\d\ds, over its budget of/m,
    );
    expect(run.stdout).toMatch(/elapsed \(budget -?\d+m-?\d+s\)$/m);
  });

  it('stops at the first failing step with its exit code, and still prints its time', async () => {
    const run = await ciRun('fail', { FAIL_STEP: 'npm test' });
    expect(run.code).toBe(7);
    expect(run.steps).toEqual(ALL_STEPS.slice(0, 5));
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(ELAPSED);
    expect(run.stderr).not.toContain('budget');
  });
});
