/**
 * Node's compile cache, as the built bin turns it on (src/compile-cache.ts): kept in the platform's cache
 * folder, read by the next start, off with Node's own NODE_DISABLE_COMPILE_CACHE, and never in the way
 * of a start when its folder cannot be written. Node's own debug output (NODE_DEBUG_NATIVE) says whether
 * a start used the code a previous one kept.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/server.js';

const run = promisify(execFile);

let home: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'compile-cache-home-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

/** The bin's `--version` with a home of its own: Node's own settings of the test left out. */
function version(extra: Record<string, string> = {}) {
  const env = { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: join(home, 'xdg-cache'), ...extra };
  return run(process.execPath, [CLI, '--version'], { env, encoding: 'utf8' });
}

/** Every file under `home`, as paths relative to it. */
const filesUnder = async (): Promise<string[]> =>
  (await readdir(home, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => relative(home, join(entry.parentPath, entry.name)));

/** The cache folder env-paths gives under `home`: XDG_CACHE_HOME on Linux, ~/Library/Caches on macOS. */
const cacheFolder = (): string =>
  process.platform === 'darwin'
    ? join('Library', 'Caches', 'stepfunctions-tool-mcp-server', 'compile-cache')
    : join('xdg-cache', 'stepfunctions-tool-mcp-server', 'compile-cache');

describe.skipIf(!['linux', 'darwin'].includes(process.platform))("the bin's compile cache", () => {
  it('is kept in the platform cache folder, and the next start uses it', async () => {
    const first = await version();
    expect(first.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const files = await filesUnder();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file.startsWith(cacheFolder())).toBe(true);

    const second = await version({ NODE_DEBUG_NATIVE: 'COMPILE_CACHE' });
    expect(second.stdout.trim()).toBe(first.stdout.trim());
    // The program's chunk, the largest the bin loads, compiled from the kept code.
    expect(second.stderr).toMatch(/cache for file:\S*\/dist\/chunks\/program-\S+\.js was accepted/);
    expect(second.stderr).not.toContain('was rejected');
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE=1: nothing written', async () => {
    const { stdout } = await version({ NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(await filesUnder()).toEqual([]);
  });

  // XDG_CACHE_HOME names the folder on Linux only.
  it.skipIf(process.platform !== 'linux')(
    'stays off, and the bin starts, when the folder cannot be made',
    async () => {
      // The cache folder's parent is a file: no folder can be made under it.
      await writeFile(join(home, 'not-a-folder'), 'x');
      const { stdout, stderr } = await version({ XDG_CACHE_HOME: join(home, 'not-a-folder') });
      expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
      expect(stderr).toBe('');
      expect(await filesUnder()).toEqual(['not-a-folder']);
    },
  );
});
