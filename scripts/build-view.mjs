// Bundles the in-chat workflow view (src/view/app) into one self-contained HTML page: the script and the
// styles inline, nothing fetched from the network (MCP Apps hosts run it under a CSP without network).
// Run by `npm run build`; the server reads dist/view/workflow-view.html when a client asks for the view.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'view', 'workflow-view.html');

/**
 * zod, which the MCP Apps SDK brings, re-exports every one of its locales as `z.locales` (about 260 KiB of the
 * page, all evaluated when the page starts). The view uses none: zod registers English itself, from its own
 * module. `z.locales` is left holding English only.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

const bundle = await build({
  entryPoints: [join(root, 'src', 'view', 'app', 'main.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  write: false,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [zodEnglishOnly],
});
// A "</script" inside the code would end the inline script early.
const code = bundle.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
const page = await readFile(join(root, 'src', 'view', 'app', 'page.html'), 'utf8');
const html = page.replace('<!--VIEW_SCRIPT-->', () => `<script type="module">${code}</script>`);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, html);
process.stderr.write(`view: ${out} (${Math.round(html.length / 1024)} KiB)\n`);
