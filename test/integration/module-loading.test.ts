/**
 * A run loads only the code it needs: the engine's only with --local, the HTTP transport and its
 * authentication only over HTTP. The built server runs with a module-load recorder preloaded
 * (fixtures/record-modules.mjs); the engine for the AWS runs lives in this test's process, not the server's.
 * The bin is a bundle: the files it loaded are read as the sources they hold (test/helpers/bundle.ts).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_MODULES_BEFORE_FLAGS } from '../../src/footprint.js';
import { bundledSourcesLoaded } from '../helpers/bundle.js';
import { createMachines, useEngine } from '../helpers/engine.js';
import { CLI, EXAMPLES, connectStdio, engineEnv, startHttpServer } from '../helpers/server.js';

const RECORDER = pathToFileURL(fileURLToPath(new URL('./fixtures/record-modules.mjs', import.meta.url))).href;
const local = useEngine();
let folder: string;

beforeAll(async () => {
  await createMachines(local.engine, [{ name: 'hello' }, { name: 'quick', type: 'EXPRESS' }]);
  folder = await mkdtemp(join(tmpdir(), 'module-loading-'));
});

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

let runs = 0;
/** The server's environment with the recorder preloaded, and a function that reads what it loaded. */
function recorded(env: Record<string, string>): {
  env: Record<string, string>;
  loaded: () => Promise<string[]>;
  packages: () => Promise<string[]>;
  builtins: () => Promise<string[]>;
} {
  const file = join(folder, `run-${++runs}.log`);
  const lines = async () => (await readFile(file, 'utf8')).split('\n');
  const sources = async () => bundledSourcesLoaded(await lines());
  return {
    env: { ...env, NODE_OPTIONS: `--import=${RECORDER}`, MODULE_LOG_FILE: file },
    // The server's own modules in the bundle files it loaded.
    loaded: async () =>
      (await sources())
        .filter((source) => source.startsWith('src/'))
        .map((source) => source.slice('src/'.length).replace(/\.ts$/, '.js')),
    // The packages whose code it loaded.
    packages: async () => [
      ...new Set(
        (await sources()).flatMap((source) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1] ?? []),
      ),
    ],
    // Node's own public modules it loaded (the recorder writes them at exit).
    builtins: async () => (await lines()).filter((l) => l.startsWith('builtin:')).map((l) => l.slice(8)),
  };
}

const ENGINE = /^engine\//;
const HTTP = /^(mcp\/http\.js|mcp\/auth\/|commands\/serve\/http\.js)/;

describe('what a run loads', () => {
  it('over stdio against an endpoint: neither the engine nor the HTTP code, even while calling tools', async () => {
    const run = recorded(engineEnv(local.engine.endpoint));
    const conn = await connectStdio(run.env);
    try {
      const { tools } = await conn.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['get_execution_result', 'hello', 'quick']);
      for (const name of ['hello', 'quick']) {
        const result = await conn.client.callTool({ name, arguments: {} });
        expect(result.isError ?? false, name).toBe(false);
      }
    } finally {
      await conn.close();
    }
    const loaded = await run.loaded();
    // The recorder saw the server: the program, the stdio transport and the bridge.
    expect(loaded).toEqual(
      expect.arrayContaining([
        'cli.js',
        'commands/program.js',
        'commands/serve/stdio.js',
        'bridge/index.js',
        'runtime.js',
      ]),
    );
    expect(loaded.filter((m) => ENGINE.test(m))).toEqual([]);
    expect(loaded.filter((m) => HTTP.test(m))).toEqual([]);
  });

  it("Node's own modules a served run loads are loaded before the footprint flags are set", async () => {
    // What is loaded before src/cli.ts sets the flags: Node's start, the bin's own imports, the list.
    const before = recorded({ PATH: process.env.PATH ?? '' });
    const preload =
      "import { createRequire } from 'node:module'; import 'node:v8'; const load = createRequire(import.meta.url); " +
      `for (const name of ${JSON.stringify(NODE_MODULES_BEFORE_FLAGS)}) load(name);`;
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', preload], { env: before.env });
    const run = recorded(engineEnv(local.engine.endpoint));
    const conn = await connectStdio(run.env);
    try {
      expect((await conn.client.listTools()).tools.length).toBe(3);
      expect((await conn.client.callTool({ name: 'hello', arguments: {} })).isError ?? false).toBe(false);
    } finally {
      await conn.close();
    }
    // A module loaded only once the flags are set is compiled again (src/footprint.ts): list it there.
    const beforeFlags = new Set(await before.builtins());
    const builtins = await run.builtins();
    expect(builtins).toContain('http');
    expect(builtins.filter((name) => !beforeFlags.has(name))).toEqual([]);
  });

  it('over HTTP: the HTTP code, still not the engine', async () => {
    const run = recorded(engineEnv(local.engine.endpoint));
    const server = await startHttpServer(run.env);
    try {
      const client = await server.connect();
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
    const loaded = await run.loaded();
    expect(loaded).toEqual(
      expect.arrayContaining(['mcp/http/index.js', 'mcp/auth/index.js', 'commands/serve/http.js']),
    );
    expect(loaded.filter((m) => ENGINE.test(m))).toEqual([]);
  });

  it('with --local: the local.engine, and no HTTP code over stdio', async () => {
    const run = recorded(engineEnv(local.engine.endpoint));
    const conn = await connectStdio(run.env, ['--local', EXAMPLES]);
    try {
      expect((await conn.client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await conn.close();
    }
    const loaded = await run.loaded();
    expect(loaded).toContain('engine/index.js');
    expect(loaded.filter((m) => HTTP.test(m))).toEqual([]);
  });

  it('the dry run (list) and --version: no MCP SDK, which only serving needs', async () => {
    for (const args of [['list', '--json'], ['--version']]) {
      const run = recorded(engineEnv(local.engine.endpoint));
      const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args], { env: run.env });
      expect(stdout.length, args.join(' ')).toBeGreaterThan(0);
      const packages = await run.packages();
      if (args[0] === 'list') expect(packages).toContain('@aws-sdk/client-sfn');
      expect(
        packages.filter((p) => p.startsWith('@modelcontextprotocol/')),
        args.join(' '),
      ).toEqual([]);
    }
  });
});
