/**
 * Instant restarts through the built server and the real MCP client: the catalogue a server read is kept
 * in the cache folder; a restarted server answers tools/list with it before its revalidation has read
 * the account again, then announces what changed while it was stopped with list_changed. A corrupt file,
 * or one another version wrote, is ignored with a log line. The file holds no credentials.
 */
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client, type Tool } from '@modelcontextprotocol/client';
import { DeleteStateMachineCommand, UpdateStateMachineCommand } from '@aws-sdk/client-sfn';
import { COMPILE_CACHE_FOLDER } from '../../src/compile-cache.js';
import { CLI, engineEnv, stdioTransport } from '../helpers/server.js';
import { TEST_AWS_CREDENTIALS } from '../helpers/secrets.js';
import { waitFor } from '../helpers/wait-for.js';
import { createMachines, useEngine } from '../helpers/engine.js';

const MACHINES = Array.from({ length: 12 }, (_, i) => `cache-m${String(i).padStart(2, '0')}`);
const local = useEngine();
let folder: string;
let arns: string[];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'catalog-cache-'));
  arns = await createMachines(
    local.engine,
    MACHINES.map((name) => ({ name, description: `${name} first` })),
  );
});
afterAll(() => rm(folder, { recursive: true, force: true }));

/** A stdio server over the cache folder, its client recording every list_changed and its stderr. */
async function start(extra: Record<string, string> = {}) {
  const changes: Tool[][] = [];
  const client = new Client(
    { name: 'cache-test', version: '1.0.0' },
    { listChanged: { tools: { debounceMs: 0, onChanged: (_err, tools) => tools && changes.push(tools) } } },
  );
  const env = engineEnv(local.engine.endpoint, {
    STATE_MACHINE_PREFIX: 'cache-',
    SFN_MCP_CATALOG_CACHE: folder,
    ...extra,
  });
  const transport = stdioTransport({ command: process.execPath, args: [CLI], env });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await client.connect(transport);
  return { client, changes, stderr: () => stderr, close: () => client.close() };
}

const cacheFiles = async () => (await readdir(folder)).filter((f) => f.endsWith('.json'));
const described = () => local.engine.calls.counts().DescribeStateMachine ?? 0;

describe('the catalogue kept between runs', () => {
  it('a restart serves the kept catalogue at once, then announces what changed while it was stopped', async () => {
    const first = await start();
    const before = (await first.client.listTools()).tools;
    // tools/list is sorted by name.
    expect(before.map((t) => t.name)).toEqual(['get_execution_result', ...MACHINES.map((n) => n.slice(6))]);
    await waitFor(async () => ((await cacheFiles()).length === 1 ? true : undefined), 'the cache file');
    await first.close();

    // While no server runs: one machine is added, one deleted, one described anew.
    await createMachines(local.engine, [{ name: 'cache-new', description: 'cache-new first' }]);
    await local.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arns[11] }));
    await local.sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: arns[0],
        versionDescription: 'cache-m00 second',
        publish: true,
      }),
    );
    local.engine.calls.reset();

    // Descriptions at one a second: the revalidation cannot have read them all when tools/list answers.
    const second = await start({ SFN_MCP_API_QUOTAS: 'DescribeStateMachine=1/1' });
    try {
      const served = (await second.client.listTools()).tools;
      expect(described()).toBeLessThan(MACHINES.length);
      expect(served).toEqual(before);
      expect(second.stderr()).toContain('catalogue served from the cache; revalidating');

      const changed = await waitFor(
        () => second.changes.at(-1),
        'list_changed after the revalidation',
        60_000,
      );
      const names = changed.map((t) => t.name);
      expect(names).toContain('new');
      expect(names).not.toContain('m11');
      expect(changed.find((t) => t.name === 'm00')?.description).toContain('cache-m00 second');
      expect(second.stderr()).toContain('catalogue revalidated');
      // The revalidated catalogue is kept before the server is closed (the next test reads the file).
      const [file] = await cacheFiles();
      await waitFor(
        async () => ((await readFile(join(folder, file!), 'utf8')).includes('cache-new') ? true : undefined),
        'the revalidated catalogue kept',
        30_000,
      );
    } finally {
      await second.close();
    }
  }, 120_000);

  it('keeps descriptions and schemas only: no credentials, readable by the user alone', async () => {
    const [file] = await cacheFiles();
    const path = join(folder, file!);
    await waitFor(
      async () => ((await readFile(path, 'utf8')).includes('cache-new') ? true : undefined),
      'the new file',
    );
    const text = await readFile(path, 'utf8');
    expect(text).toContain('cache-m00 second');
    for (const secret of [TEST_AWS_CREDENTIALS.accessKeyId, TEST_AWS_CREDENTIALS.secretAccessKey])
      expect(text).not.toContain(secret);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(folder)).toEqual([file]); // no temporary file left behind
  });

  it.each([
    ['a corrupt file', () => '{"format": 1, "catalog": [trunc', 'it is not JSON'],
    [
      'a file of another version',
      (text: string) => JSON.stringify({ ...JSON.parse(text), serverVersion: '0.0.0-other' }),
      'it was written by another version',
    ],
  ])(
    '%s is ignored with a log line, and the catalogue is read afresh',
    async (_what, spoil, reason) => {
      const [file] = await cacheFiles();
      const path = join(folder, file!);
      await writeFile(path, spoil(await readFile(path, 'utf8')));
      const server = await start();
      try {
        const { tools } = await server.client.listTools();
        expect(tools.map((t) => t.name)).toContain('new');
        expect(server.stderr()).toContain(`the catalogue cache is ignored: ${reason}`);
        expect(server.stderr()).not.toContain('catalogue served from the cache');
        // The fresh catalogue replaces the spoilt file.
        await waitFor(async () => {
          const text = await readFile(path, 'utf8');
          return text.startsWith('{"format":1') ? true : undefined;
        }, 'the file rewritten');
      } finally {
        await server.close();
      }
    },
    60_000,
  );
});

/**
 * Every file under `dir`, as paths relative to it, but Node's compile cache, which the bin keeps in the
 * same cache folder whatever SFN_MCP_CATALOG_CACHE says (test/integration/compile-cache.test.ts).
 */
const filesUnder = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((file) => !file.split(sep).includes(COMPILE_CACHE_FOLDER));

describe('where the catalogue is kept', () => {
  let home: string;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'catalog-home-'));
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  /** The platform's cache folder under `home` (env-paths): XDG_CACHE_HOME on Linux, as set below. */
  const platformFolder = (): string | undefined =>
    process.platform === 'linux'
      ? join(home, 'xdg-cache', 'stepfunctions-tool-mcp-server')
      : process.platform === 'darwin'
        ? join(home, 'Library', 'Caches', 'stepfunctions-tool-mcp-server')
        : undefined;
  const homeEnv = () => ({ HOME: home, XDG_CACHE_HOME: join(home, 'xdg-cache') });

  it.skipIf(!['linux', 'darwin'].includes(process.platform))(
    'auto: in the platform cache folder, and nowhere else',
    async () => {
      const server = await start({ ...homeEnv(), SFN_MCP_CATALOG_CACHE: 'auto' });
      try {
        expect((await server.client.listTools()).tools.length).toBeGreaterThan(1);
        // Written to a temporary file first, then renamed: wait for the rename.
        const kept = async () => {
          const files = await filesUnder(home);
          return files.length === 1 && files[0]!.endsWith('.json') ? true : undefined;
        };
        await waitFor(kept, 'the cache file', 30_000);
        const files = await filesUnder(home);
        expect(files).toHaveLength(1);
        expect(join(home, files[0]!)).toMatch(new RegExp(`^${platformFolder()}/[^/]+\\.json$`));
      } finally {
        await server.close();
      }
    },
    60_000,
  );

  it('off: writes nothing, however long the server runs', async () => {
    const listings = () => local.engine.calls.counts().ListStateMachines ?? 0;
    const before = listings();
    const server = await start({ ...homeEnv(), SFN_MCP_CATALOG_CACHE: 'off', SFN_MCP_REFRESH_SECONDS: '1' });
    try {
      expect((await server.client.listTools()).tools.length).toBeGreaterThan(1);
      // Two refreshes after the first discovery: a store would have kept the first catalogue by then.
      await waitFor(() => (listings() >= before + 3 ? true : undefined), 'two refreshes', 30_000);
      expect(await filesUnder(home)).toEqual([]);
      expect(server.stderr()).not.toContain('catalogue cache');
    } finally {
      await server.close();
    }
  }, 60_000);
});
