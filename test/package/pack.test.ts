/**
 * The copy the package test packs (test/package/pack.ts) holds what git tracks and nothing else: a
 * scratch file in the work tree, ignored or not, never reaches the tarball. Checked on a real git
 * repository made for the test.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTrackedFiles, runProcess } from './pack.js';

let root: string;

async function git(cwd: string, ...args: string[]): Promise<void> {
  const outcome = await runProcess('git', args, {
    cwd,
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
  if (outcome.code !== 0) throw new Error(`git ${args.join(' ')}: ${outcome.stderr}`);
}

/** Every file under `dir`, relative to it, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sfn-mcp-pack-copy-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('copyTrackedFiles', () => {
  it('copies the tracked files as the work tree has them, and nothing git does not track', async () => {
    const repo = join(root, 'repo');
    await mkdir(join(repo, 'src', 'deep'), { recursive: true });
    await writeFile(join(repo, '.gitignore'), 'dist/\n*.log\n');
    await writeFile(join(repo, 'package.json'), '{"name":"x"}');
    await writeFile(join(repo, 'src', 'kept.ts'), 'committed');
    await writeFile(join(repo, 'src', 'deep', 'edited.ts'), 'committed');
    await writeFile(join(repo, 'src', 'deleted.ts'), 'committed');
    await git(repo, 'init', '-q');
    await git(repo, 'add', '-A');
    await git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'first');
    // The work tree a developer has: an edit, a deletion, scratch files, ignored output.
    await writeFile(join(repo, 'src', 'deep', 'edited.ts'), 'edited, not committed');
    await rm(join(repo, 'src', 'deleted.ts'));
    await writeFile(join(repo, 'src', 'scratch.ts'), 'untracked');
    await mkdir(join(repo, 'notes'));
    await writeFile(join(repo, 'notes', 'todo.md'), 'untracked folder');
    await writeFile(join(repo, 'debug.log'), 'ignored');
    await mkdir(join(repo, 'dist'));
    await writeFile(join(repo, 'dist', 'cli.js'), 'ignored build output');

    const dest = join(root, 'copy');
    const copied = await copyTrackedFiles(repo, dest);

    const expected = ['.gitignore', 'package.json', 'src/deep/edited.ts', 'src/kept.ts'];
    expect(copied).toEqual(expected);
    expect(await filesUnder(dest)).toEqual(expected);
    expect(await readFile(join(dest, 'src', 'deep', 'edited.ts'), 'utf8')).toBe('edited, not committed');
  });
});
