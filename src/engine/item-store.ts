import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isObject } from '../result.js';
import type { ItemRequest, ItemStore, ItemsAnswer } from './asl/runtime.js';
import type { MachineRecord } from './store.js';
import { callHandler, findHandler } from './task-handlers.js';

/**
 * The local stand-in for Amazon S3 that a Distributed Map reads its items from (ItemReader) and writes
 * its results to (ResultWriter). Two sources, in this order:
 *  - a handler in the machine's handlers.mjs named `<MapStateName>.ItemReader` / `<MapStateName>.ResultWriter`;
 *  - the folder `s3/<Bucket>/<Key>` beside the machine's definition (machines loaded from a folder only):
 *    `s3:getObject` reads a file, `s3:listObjectsV2` lists the files under a prefix, `s3:putObject` writes
 *    the ResultWriter's files.
 * docs/engine.md documents both.
 */

const S3 = 's3';

function bucketAndKey(args: unknown, key: 'Key' | 'Prefix'): { bucket: string; key: string } {
  const a = isObject(args) ? args : {};
  if (typeof a.Bucket !== 'string' || !a.Bucket)
    throw new Error(
      `the ${key === 'Key' ? 'ItemReader' : 'S3'} parameters need a Bucket, got ${JSON.stringify(args)}`,
    );
  const value = a[key];
  if (key === 'Key' && (typeof value !== 'string' || !value))
    throw new Error(`the ItemReader parameters need a Key, got ${JSON.stringify(args)}`);
  return { bucket: a.Bucket, key: typeof value === 'string' ? value : '' };
}

/** A path under `<folder>/s3/<bucket>/`; refuses keys that climb out of it. */
function inBucket(folder: string, bucket: string, key: string): string {
  const root = resolve(folder, S3, bucket);
  const path = resolve(root, key);
  if (path !== root && !path.startsWith(root + sep))
    throw new Error(`the S3 key '${key}' points outside the bucket folder`);
  return path;
}

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(path)));
    else if (e.isFile()) out.push(path);
  }
  return out;
}

/** listObjectsV2's items: every object of the bucket folder whose key starts with Prefix, by key. */
async function listObjects(folder: string, args: unknown): Promise<unknown[]> {
  const { bucket, key: prefix } = bucketAndKey(args, 'Prefix');
  const root = inBucket(folder, bucket, '');
  const items = [];
  for (const path of (await listFiles(root)).sort()) {
    const key = relative(root, path).split(sep).join('/');
    if (!key.startsWith(prefix)) continue;
    const [body, info] = await Promise.all([readFile(path), stat(path)]);
    items.push({
      Etag: `"${createHash('md5').update(body).digest('hex')}"`,
      Key: key,
      LastModified: info.mtime.toISOString(),
      Size: info.size,
      StorageClass: 'STANDARD',
    });
  }
  return items;
}

async function readFromFolder(folder: string | undefined, request: ItemRequest): Promise<ItemsAnswer> {
  if (folder === undefined) throw noSource(request, 'ItemReader');
  if (request.resource.endsWith(':listObjectsV2'))
    return { items: await listObjects(folder, request.arguments) };
  const { bucket, key } = bucketAndKey(request.arguments, 'Key');
  const path = inBucket(folder, bucket, key);
  try {
    return { text: await readFile(path, 'utf8') };
  } catch {
    throw new Error(`the local S3 stand-in has no object s3://${bucket}/${key} (the file ${path})`);
  }
}

function noSource(request: ItemRequest, part: 'ItemReader' | 'ResultWriter'): Error {
  return new Error(
    `the local engine has no S3 for the ${part} of Map state '${request.stateName}': load the machine from a ` +
      `folder (its objects live in <folder>/s3/<Bucket>/<Key>) or export '${request.stateName}.${part}' from ` +
      'its handlers.mjs',
  );
}

export function localItemStore(machine: MachineRecord): ItemStore {
  const handlerFor = (request: ItemRequest, part: string) =>
    findHandler(machine.handlers, `${request.stateName}.${part}`, undefined);
  const context = (request: ItemRequest, signal: AbortSignal) => ({
    stateName: request.stateName,
    resource: request.resource,
    executionArn: request.executionArn,
    executionName: request.executionName,
    stateMachineArn: machine.arn,
    stateMachineName: machine.name,
    signal,
  });
  return {
    async read(request, signal) {
      const handler = handlerFor(request, 'ItemReader');
      if (!handler) return readFromFolder(machine.folder, request);
      const answer = await callHandler(handler, request.arguments, context(request, signal));
      return typeof answer === 'string' ? { text: answer } : { items: answer as unknown[] };
    },
    async write(request, files, signal) {
      const handler = handlerFor(request, 'ResultWriter');
      if (handler) {
        await callHandler(handler, { ...(request.arguments as object), files }, context(request, signal));
        return;
      }
      if (machine.folder === undefined) throw noSource(request, 'ResultWriter');
      const { bucket } = bucketAndKey(request.arguments, 'Prefix');
      for (const file of files) {
        const path = inBucket(machine.folder, bucket, file.key);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.body);
      }
    },
  };
}
