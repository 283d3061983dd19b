import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SchemasClient } from '@aws-sdk/client-schemas';
import type { Engine } from '../../src/engine/index.js';

/** Shared helpers for the engine tests: real SDK clients pointed at a running engine. */

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function sfnClient(
  engine: Engine,
  extra: Partial<ConstructorParameters<typeof SFNClient>[0]> = {},
): SFNClient {
  // disableHostPrefix: StartSyncExecution would otherwise go to sync-127.0.0.1.
  return new SFNClient({
    region: engine.region,
    endpoint: engine.endpoint,
    credentials,
    disableHostPrefix: true,
    ...extra,
  });
}

export function schemasClient(
  engine: Engine,
  extra: Partial<ConstructorParameters<typeof SchemasClient>[0]> = {},
): SchemasClient {
  return new SchemasClient({ region: engine.region, endpoint: engine.endpoint, credentials, ...extra });
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

export type FolderSpec = Record<string, Record<string, string | object>>;

/** Writes a machine folder: { MachineName: { 'definition.asl.json': {...}, 'handlers.mjs': 'export default ...' } }. */
export async function machineFolder(
  spec: FolderSpec,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sfn-engine-'));
  for (const [machine, files] of Object.entries(spec)) {
    await mkdir(join(dir, machine), { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      await writeFile(
        join(dir, machine, file),
        typeof content === 'string' ? content : JSON.stringify(content, null, 2),
      );
    }
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/test';

export function passMachine(result: unknown = { ok: true }): string {
  return JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', Result: result, End: true } } });
}
