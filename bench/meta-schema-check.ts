/**
 * The cost of the first meta-schema check of a process: src/catalog/json-schema.ts bundled as the bin
 * bundles it, loaded by a fresh `node` with the bin's footprint flags (src/footprint.ts), which then times
 * loading the module and checking one small schema (`metaSchemaCheck`). Medians of RUNS processes, wall
 * and CPU time. Not part of `npm run bench`: run it alone on an idle machine,
 *
 *   node --import tsx bench/meta-schema-check.ts [path/to/json-schema.ts]
 *
 * (another checkout's module to compare, as long as it exports metaSchemaCheck).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../scripts/bundle-options.mjs';
import { FOOTPRINT_FLAGS } from '../src/footprint.js';
import { fmt, median } from './stats.js';

const RUNS = 5;
const DEFAULT_MODULE = fileURLToPath(new URL('../src/catalog/json-schema.ts', import.meta.url));

// Runs in the fresh process: times the module's import, then the check of one small schema.
const PROBE = `
const ms = () => performance.now();
const cpuMs = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
const [t0, c0] = [ms(), cpuMs()];
const { metaSchemaCheck } = await import('./json-schema.js');
const [t1, c1] = [ms(), cpuMs()];
metaSchemaCheck({ type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } });
const [t2, c2] = [ms(), cpuMs()];
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, loadCpuMs: c1 - c0, checkMs: t2 - t1, checkCpuMs: c2 - c1 }));
`;

type Sample = Record<'loadMs' | 'loadCpuMs' | 'checkMs' | 'checkCpuMs', number>;

const dir = await mkdtemp(join(tmpdir(), 'meta-schema-check-'));
try {
  await build({
    ...BUNDLE_OPTIONS,
    entryPoints: [resolve(process.argv[2] ?? DEFAULT_MODULE)],
    outfile: join(dir, 'json-schema.js'),
    logLevel: 'warning',
  });
  await writeFile(join(dir, 'probe.mjs'), PROBE);
  await writeFile(join(dir, 'package.json'), '{"type":"module"}');
  const samples: Sample[] = [];
  for (let run = 0; run < RUNS; run++) {
    const child = spawnSync(process.execPath, [...FOOTPRINT_FLAGS, join(dir, 'probe.mjs')], {
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`the probe failed: ${child.stderr}`);
    samples.push(JSON.parse(child.stdout) as Sample);
  }
  const of = (key: keyof Sample) => fmt(median(samples.map((s) => s[key])));
  console.log(
    `module: ${process.argv[2] ?? 'src/catalog/json-schema.ts'}; load average ${loadavg()[0]!.toFixed(2)}`,
  );
  console.log(`medians of ${RUNS} processes: load ${of('loadMs')} (CPU ${of('loadCpuMs')}),`);
  console.log(`  first metaSchemaCheck ${of('checkMs')} (CPU ${of('checkCpuMs')})`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
