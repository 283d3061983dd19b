/**
 * `npm run pack:report`: packs a clean copy of the checkout (test/package/pack.ts) and prints the tarball's
 * file count, packed and unpacked size, and what each top-level folder adds. Leaves nothing behind.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packCleanCheckout, packReport } from './pack.js';

const root = await mkdtemp(join(tmpdir(), 'sfn-mcp-pack-report-'));
try {
  console.log(packReport(await packCleanCheckout(root)));
} finally {
  await rm(root, { recursive: true, force: true });
}
