/** The catalogue file: what it holds, what makes it unusable, and the store over a folder. */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CACHE_FORMAT,
  catalogCacheFile,
  decodeCatalogFile,
  encodeCatalogFile,
} from '../../src/catalog/cache-file.js';
import type { Catalog } from '../../src/catalog/types.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders';
const CATALOG: Catalog = {
  tools: [
    {
      name: 'orders',
      description: 'Takes an order.',
      inputSchema: { type: 'object', properties: { id: { type: 'string' } } },
      wrapsInput: false,
      hasSchema: true,
      annotations: { title: 'orders', readOnlyHint: true },
      machine: { arn: ARN, name: 'orders', type: 'STANDARD', invokeArn: ARN },
    },
  ],
  excluded: [
    { name: 'other', arn: `${ARN}x`, reason: 'prefix', detail: 'name does not start with the prefix' },
  ],
  warnings: ['a warning'],
};
const META = { key: 'k1', account: '123456789012', serverVersion: '1.2.3' };

describe('encode and decode', () => {
  it('round-trips a catalogue with the time it was kept', () => {
    const text = encodeCatalogFile(CATALOG, { ...META, savedAt: 42 });
    expect(JSON.parse(text)).toMatchObject({
      format: CACHE_FORMAT,
      serverVersion: '1.2.3',
      account: META.account,
    });
    expect(decodeCatalogFile(text, META)).toEqual({ ok: true, value: { catalog: CATALOG, savedAt: 42 } });
  });

  it.each([
    ['not JSON', 'nope', 'corrupt', /^it is not JSON/],
    ['another format', JSON.stringify({ format: 99, serverVersion: '1.2.3' }), 'foreign', /format 99/],
    ['another version', JSON.stringify({ format: CACHE_FORMAT, serverVersion: '9' }), 'foreign', /server 9/],
    [
      'a tool without a name',
      encodeCatalogFile(
        { ...CATALOG, tools: [{ ...CATALOG.tools[0]!, name: 7 as unknown as string }] },
        {
          ...META,
          savedAt: 1,
        },
      ),
      'corrupt',
      /^catalog\.tools\.0\.name: /,
    ],
    [
      'another account',
      encodeCatalogFile(CATALOG, { ...META, account: '210987654321', savedAt: 1 }),
      'foreign',
      /another account/,
    ],
  ])('refuses %s', (_what, text, kind, detail) => {
    const decoded = decodeCatalogFile(text, META);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.error.kind).toBe(kind);
      expect(decoded.error.detail).toMatch(detail);
    }
  });
});

describe('the store over a folder', () => {
  let folder: string;
  const lines: string[] = [];
  const log = pino({ level: 'debug', base: undefined }, { write: (l: string) => void lines.push(l) });
  beforeAll(async () => (folder = await mkdtemp(join(tmpdir(), 'cache-file-'))));
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('finds nothing, quietly, where nothing was kept; keeps one file per account and configuration', async () => {
    const store = catalogCacheFile(join(folder, 'sub'), { region: 'us-east-1' }, log);
    expect(await store.load('123456789012')).toBeUndefined();
    expect(lines.filter((l) => l.includes('"level":40'))).toEqual([]);
    await store.save('123456789012', CATALOG);
    await store.save('210987654321', CATALOG);
    await catalogCacheFile(join(folder, 'sub'), { region: 'eu-west-1' }, log).save('123456789012', CATALOG);
    expect((await readdir(join(folder, 'sub'))).filter((f) => f.startsWith('catalog-'))).toHaveLength(3);
    const kept = await store.load('123456789012');
    expect(kept?.catalog).toEqual(CATALOG);
  });

  it('ignores a spoilt file with one warning naming it', async () => {
    const store = catalogCacheFile(folder, { region: 'us-east-1' }, log);
    await store.save('123456789012', CATALOG);
    const [file] = (await readdir(folder)).filter((f) => f.startsWith('catalog-'));
    await writeFile(join(folder, file!), '{');
    lines.length = 0;
    expect(await store.load('123456789012')).toBeUndefined();
    const warning = JSON.parse(lines.find((l) => l.includes('"level":40'))!) as { msg: string; file: string };
    expect(warning.msg).toMatch(/^the catalogue cache is ignored: it is not JSON .*; discovering afresh$/);
    expect(warning.file).toBe(join(folder, file!));
  });
});
