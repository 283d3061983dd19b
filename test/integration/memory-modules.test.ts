/**
 * The SDK packages only some configurations need are loaded only by them: the Schemas client with a
 * schema tag, the Tagging API with SFN_MCP_TAGS_IN_BULK. (The shared-config credentials a profile reads
 * are part of the SDK's default credential chain, so their code is in the bundle's main part, run only
 * for a profile; test/aws/lazy-clients.test.ts reads a profile.)
 * The built server over stdio runs with the module-load recorder (fixtures/record-modules.mjs)
 * preloaded; the engine lives in this test's process.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledSourcesLoaded } from '../helpers/bundle.js';
import { attachSchema, createMachines, startTestEngine, type Engine } from '../helpers/engine.js';
import { connectStdio, engineEnv } from '../helpers/server.js';

const RECORDER = pathToFileURL(fileURLToPath(new URL('./fixtures/record-modules.mjs', import.meta.url))).href;
const OPTIONAL = {
  schemas: 'node_modules/@aws-sdk/client-schemas/',
  tagging: 'node_modules/@aws-sdk/client-resource-groups-tagging-api/',
};

let engine: Engine;
let folder: string;

beforeAll(async () => {
  engine = await startTestEngine();
  const [orders] = await createMachines(engine, [{ name: 'orders', type: 'EXPRESS' }]);
  await attachSchema(engine, orders!, 'input-schema', {
    registry: 'app',
    name: 'Order',
    type: 'JSONSchemaDraft4',
    content: JSON.stringify({ type: 'object', properties: { id: { type: 'string' } } }),
  });
  folder = await mkdtemp(join(tmpdir(), 'memory-modules-'));
});

afterAll(async () => {
  await engine?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

let runs = 0;
/** Serves over stdio with `extra` settings, lists and calls the tool; which optional packages loaded. */
async function optionalPackagesLoaded(extra: Record<string, string>): Promise<string[]> {
  const file = join(folder, `run-${++runs}.log`);
  const env = {
    ...engineEnv(engine.endpoint, extra),
    NODE_OPTIONS: `--import=${RECORDER}`,
    MODULE_LOG_FILE: file,
  };
  const conn = await connectStdio(env);
  try {
    const { tools } = await conn.client.listTools();
    expect(tools.map((t) => t.name)).toContain('orders');
    const result = await conn.client.callTool({ name: 'orders', arguments: { id: 'o-1' } });
    expect(result.isError ?? false).toBe(false);
  } finally {
    await conn.close();
  }
  // The bin is a bundle: the files it loaded are read as the sources they hold (test/helpers/bundle.ts).
  const loaded = bundledSourcesLoaded((await readFile(file, 'utf8')).split('\n'));
  return Object.entries(OPTIONAL)
    .filter(([, path]) => loaded.some((source) => source.startsWith(path)))
    .map(([name]) => name);
}

describe('optional SDK packages', () => {
  it('are not loaded when the configuration needs none of them', async () => {
    expect(await optionalPackagesLoaded({})).toEqual([]);
  });

  it('are loaded by the settings that need them', async () => {
    const credentials = join(folder, 'credentials');
    await writeFile(credentials, '[bench]\naws_access_key_id = test\naws_secret_access_key = test\n');
    expect(
      await optionalPackagesLoaded({
        STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: 'input-schema',
        SFN_MCP_TAGS_IN_BULK: 'true',
        AWS_PROFILE: 'bench',
        AWS_SHARED_CREDENTIALS_FILE: credentials,
        AWS_CONFIG_FILE: join(folder, 'no-config'),
      }),
    ).toEqual(['schemas', 'tagging']);
  });
});
