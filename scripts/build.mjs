// Builds the bin: src/cli.ts and everything it imports, dependencies included, bundled by esbuild into
// dist/cli.js and the chunks it loads on demand (dist/chunks/: the engine only with --local, the HTTP
// transport only over HTTP, the graph layout only for a picture, the Schemas and Tagging SDK packages only
// for the runs that read schemas or tags in bulk). One bundle instead of hundreds of
// modules is most of what keeps the server's resident set small (README, Performance): the code of the
// MCP and AWS SDKs, held in memory as source text, loses its comments and whitespace, and is ASCII, so
// V8 keeps it one byte a character instead of two. The installed package needs no dependency at run time.
// Types are checked by `npm run typecheck`, not here.
//
//   node scripts/build.mjs [--no-sourcemap]
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from './bundle-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const sourcemap = !process.argv.includes('--no-sourcemap');

await rm(dist, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  ...BUNDLE_OPTIONS,
  entryPoints: [join(root, 'src', 'cli.ts')],
  outdir: dist,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: sourcemap ? 'linked' : false,
  // Drawing a PNG drives a browser through playwright-core, which the operator installs beside the package.
  external: ['playwright-core'],
  metafile: true,
  logLevel: 'warning',
});

// Which sources each output holds: test/integration/module-loading.test.ts reads it to tell which code a
// run loaded. Not part of the package.
const modules = Object.fromEntries(
  Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, out]) => [relative(dist, join(root, file)), Object.keys(out.inputs)]),
);
await writeFile(join(dist, 'modules.json'), JSON.stringify(modules, null, 1));
await writeNotices(result.metafile.inputs);
const size = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .reduce((sum, [, out]) => sum + out.bytes, 0);
process.stderr.write(
  `bin: ${relative(root, dist)}/cli.js and ${Object.keys(modules).length - 1} chunks (${Math.round(size / 1024)} KiB)\n`,
);

/**
 * dist/THIRD-PARTY-NOTICES.txt: the license of every package the bundle holds code of, as each package
 * states it (its license files, or the license named in its package.json when it ships none).
 */
async function writeNotices(inputs) {
  const packages = new Map();
  for (const file of Object.keys(inputs)) {
    // The innermost node_modules: a package nested in another's is a package of its own.
    const m = /^(?:.*[\\/])?node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(file);
    if (m) packages.set(join(root, m[0]), m[1]);
  }
  const sections = [];
  for (const [folder, name] of [...packages].sort(([, a], [, b]) => a.localeCompare(b))) {
    const pkg = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8'));
    const text = await licenseText(folder);
    sections.push(
      `${name}@${pkg.version} (${pkg.license ?? 'see its license'})\n\n${text ?? `License: ${pkg.license}`}`,
    );
  }
  const header = 'The bin (dist/) bundles code of these packages, under their own licenses:\n';
  await mkdir(dist, { recursive: true });
  await writeFile(
    join(dist, 'THIRD-PARTY-NOTICES.txt'),
    [header, ...sections].join(`\n\n${'='.repeat(78)}\n\n`),
  );
}

async function licenseText(folder) {
  for (const name of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE', 'LICENSE-MIT']) {
    const text = await readFile(join(folder, name), 'utf8').catch(() => undefined);
    if (text) return text.trim();
  }
  return undefined;
}
