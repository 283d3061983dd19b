/**
 * The package as a release makes it: a copy of the files git tracks, nothing built and nothing untracked
 * (what a clean clone holds; uncommitted edits to tracked files included, so that work in progress is
 * what gets tested), packed with `npm pack` (whose `prepack` builds dist/),
 * then installed the way a user's `npx` or `npm install` does. Used by test/package/user-path.test.ts and
 * by `npm run pack:report` (test/package/pack-report.ts).
 *
 * Packing a copy, not the checkout itself, keeps `prepack` (which deletes and rebuilds dist/) away from the
 * dist/ that the other integration tests are running at the same time.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, lstat, mkdir, symlink, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (killed after `timeoutMs`), whatever its exit code. */
export async function runProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Outcome> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  // An abort (the timeout) is reported by the exit signal below, not as an error.
  child.on('error', (err) => (stderr += `\n[${command}: ${err.message}]`));
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout, stderr };
}

/** Like runProcess, but a non-zero exit is an error that carries the command's output. */
async function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<string> {
  const outcome = await runProcess(command, args, { cwd, env: npmEnv(), timeoutMs });
  if (outcome.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) ended with ${outcome.code ?? outcome.signal}\n` +
        `${outcome.stdout}\n${outcome.stderr}`,
    );
  }
  return outcome.stdout;
}

/** PATH with the Node running this process first, so that `#!/usr/bin/env node` and npm's scripts use it. */
export function pathWithThisNode(path = process.env.PATH ?? ''): string {
  return `${dirname(process.execPath)}${delimiter}${path}`;
}

/**
 * The environment for the npm commands: this one, less what an enclosing `npm test` set for its own
 * script (npm_package_*, npm_lifecycle_*), which would otherwise describe the wrong package.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package|lifecycle)_/.test(key) || key === 'npm_config_local_prefix') continue;
    env[key] = value;
  }
  env.PATH = pathWithThisNode(env.PATH);
  return env;
}

/**
 * Copies the files git tracks in the checkout at `from` into `dest`, as they are in the work tree. Files git
 * does not track (scratch files, local configuration, build output), ignored or not, are left behind: a clone
 * would not have them.
 */
export async function copyTrackedFiles(from: string, dest: string): Promise<string[]> {
  const listed = await run('git', ['ls-files', '-z', '--cached'], from, 30_000);
  const copied = await Promise.all(
    listed
      .split('\0')
      .filter(Boolean)
      .map(async (path) => {
        // A tracked file deleted in the work tree is not part of the checkout any more.
        const stat = await lstat(join(from, path)).catch(() => undefined);
        if (!stat?.isFile()) return undefined;
        await cp(join(from, path), join(dest, path), { preserveTimestamps: true });
        return path;
      }),
  );
  return copied.filter((path) => path !== undefined).sort();
}

export interface PackedFile {
  path: string;
  size: number;
}

export interface Packed {
  /** Absolute path of the .tgz. */
  tarball: string;
  filename: string;
  /** Bytes, compressed and not. */
  size: number;
  unpackedSize: number;
  files: PackedFile[];
}

/** Packs a clean copy of the checkout into `<root>/tarball`, using `<root>/checkout` for the copy. */
export async function packCleanCheckout(root: string): Promise<Packed> {
  const checkout = join(root, 'checkout');
  const out = join(root, 'tarball');
  await mkdir(checkout, { recursive: true });
  await mkdir(out, { recursive: true });
  await copyTrackedFiles(REPO_ROOT, checkout);
  // The build tools, as a clean clone has them after `npm install`.
  await symlink(join(REPO_ROOT, 'node_modules'), join(checkout, 'node_modules'), 'dir');
  const json = await run('npm', ['pack', '--json', '--pack-destination', out], checkout, 240_000);
  const [report] = JSON.parse(json) as [Omit<Packed, 'tarball'>];
  return {
    tarball: join(out, report.filename),
    filename: report.filename,
    size: report.size,
    unpackedSize: report.unpackedSize,
    files: report.files.map(({ path, size }) => ({ path, size })),
  };
}

/**
 * Installs the tarball into `dir` the way a user does, production dependencies only. `dir` gets a bare
 * package.json first: without one, npm would install into the nearest parent folder that has one.
 */
export async function installTarball(tarball: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'user-project', private: true }));
  await run(
    'npm',
    ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', tarball],
    dir,
    240_000,
  );
}

function kB(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

/** `<name>.tgz: 114 files, 138.7 kB packed, 482.2 kB unpacked`, then one line per top-level folder. */
export function packReport(packed: Packed): string {
  const groups = new Map<string, { files: number; bytes: number }>();
  for (const file of packed.files) {
    const top = file.path.includes('/') ? `${file.path.split('/')[0]}/` : file.path;
    const group = groups.get(top) ?? { files: 0, bytes: 0 };
    group.files += 1;
    group.bytes += file.size;
    groups.set(top, group);
  }
  const lines = [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([top, g]) => `  ${top.padEnd(16)} ${String(g.files).padStart(4)} file(s) ${kB(g.bytes).padStart(10)}`,
    );
  return [
    `${packed.filename}: ${packed.files.length} files, ${kB(packed.size)} packed, ${kB(packed.unpackedSize)} unpacked`,
    ...lines,
  ].join('\n');
}
