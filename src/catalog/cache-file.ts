/**
 * The last catalogue, kept on disk so that a restarted server serves its tools at once (LiveCatalog
 * serves it while it revalidates). One file per account and per configuration that shapes the tools
 * (region, endpoints, profile, selection, annotation tags, reserved names), in a folder of the user's
 * cache. It holds what tools/list shows (names, descriptions, input schemas, annotations, the ARNs the
 * tools run) and the machines left out: never credentials, tokens or execution inputs. Written to a
 * temporary file and renamed, so a reader sees the old file or the new one, never half of one. A file
 * that does not parse, or was written by another version of the server, is ignored with a log line.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import type { Logger } from '../log.js';
import { packageJson } from '../package-files.js';
import { errorMessage, fail, ok, type Result } from '../result.js';
import type { Catalog } from './types.js';

/** Bumped whenever the file's shape changes; files of another format are ignored. */
export const CACHE_FORMAT = 1;

const SERVER_VERSION = packageJson.version;

/** A catalogue as it was kept, and when. */
export interface KeptCatalog {
  catalog: Catalog;
  /** Epoch milliseconds when it was written: the end of the discovery that read it. */
  savedAt: number;
}

/** Where LiveCatalog keeps its last catalogue, per account. */
export interface CatalogStore {
  /** The catalogue kept for this account, if there is a readable one. */
  load(account: string): Promise<KeptCatalog | undefined>;
  /** Keeps `catalog` for this account in place of the last one. */
  save(account: string, catalog: Catalog): Promise<void>;
}

const annotations = z.object({
  title: z.string(),
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
});
const machine = z.object({
  arn: z.string(),
  name: z.string(),
  type: z.enum(['STANDARD', 'EXPRESS']),
  invokeArn: z.string(),
  version: z.string().optional(),
  alias: z.string().optional(),
});
// Loose: the fields a tool has beyond these (output schema, event template...) are kept as written.
const tool = z.looseObject({
  name: z.string(),
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()),
  wrapsInput: z.boolean(),
  hasSchema: z.boolean(),
  annotations,
  machine,
});
const exclusion = z.object({
  name: z.string(),
  arn: z.string(),
  reason: z.enum(['prefix', 'list', 'prefix-or-list', 'tag', 'tag-filter-incomplete', 'unreadable']),
  detail: z.string(),
});
const catalogSchema = z.object({
  tools: z.array(tool),
  excluded: z.array(exclusion),
  warnings: z.array(z.string()),
  unmatchedEntries: z.array(z.string()).optional(),
});
const fileSchema = z.object({
  format: z.literal(CACHE_FORMAT),
  serverVersion: z.string(),
  key: z.string(),
  account: z.string(),
  savedAt: z.number(),
  catalog: catalogSchema,
});

/** The file's text. Pure. */
export function encodeCatalogFile(
  catalog: Catalog,
  meta: { key: string; account: string; savedAt: number; serverVersion?: string },
): string {
  const { key, account, savedAt, serverVersion = SERVER_VERSION } = meta;
  return JSON.stringify({ format: CACHE_FORMAT, serverVersion, key, account, savedAt, catalog });
}

/** Why a file is not used: it does not parse as a catalogue file, or another version wrote it. */
export type UnusableFile = { kind: 'corrupt' | 'foreign'; detail: string };

/** The catalogue in a file's text, if this server can use it. Pure. */
export function decodeCatalogFile(
  text: string,
  expected: { key: string; account: string; serverVersion?: string },
): Result<KeptCatalog, UnusableFile> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return fail({ kind: 'corrupt', detail: `it is not JSON (${errorMessage(err)})` });
  }
  const version = (json as { format?: unknown; serverVersion?: unknown } | null) ?? {};
  const serverVersion = expected.serverVersion ?? SERVER_VERSION;
  if (version.format !== CACHE_FORMAT || version.serverVersion !== serverVersion) {
    const was = `format ${String(version.format)}, server ${String(version.serverVersion)}`;
    return fail({ kind: 'foreign', detail: `it was written by another version (${was})` });
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail({
      kind: 'corrupt',
      detail: `${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}`,
    });
  }
  const file = parsed.data;
  if (file.key !== expected.key || file.account !== expected.account) {
    return fail({ kind: 'foreign', detail: 'it belongs to another account or configuration' });
  }
  return ok({ catalog: file.catalog as Catalog, savedAt: file.savedAt });
}

/** A catalogue store in `folder`; `identity` is every setting that shapes the tools. */
export function catalogCacheFile(folder: string, identity: unknown, log: Logger): CatalogStore {
  const keyOf = (account: string) =>
    createHash('sha256').update(JSON.stringify({ identity, account })).digest('hex').slice(0, 24);
  const fileOf = (account: string) => join(folder, `catalog-${keyOf(account)}.json`);
  return {
    async load(account) {
      const file = fileOf(account);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
          log.warn({ err, file }, 'the catalogue cache cannot be read; discovering afresh');
        return undefined;
      }
      const kept = decodeCatalogFile(text, { key: keyOf(account), account });
      if (kept.ok) return kept.value;
      log.warn(
        { file, why: kept.error.kind },
        `the catalogue cache is ignored: ${kept.error.detail}; discovering afresh`,
      );
      return undefined;
    },
    async save(account, catalog) {
      const file = fileOf(account);
      const text = encodeCatalogFile(catalog, { key: keyOf(account), account, savedAt: Date.now() });
      await writeAtomically(file, text);
      log.debug({ file, tools: catalog.tools.length }, 'catalogue cache written');
    },
  };
}

/** Writes a temporary file beside `file`, then renames it over `file`. Private to the user. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}
