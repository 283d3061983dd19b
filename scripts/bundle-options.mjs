// How the bin is bundled (scripts/build.mjs), shared with bench/quotas.ts, which bundles its floor client
// the same way so that the two start alike.
export const BUNDLE_OPTIONS = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // Comments and whitespace go; names stay as written.
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
  legalComments: 'none',
  // Bundled CommonJS code calls `require` for Node's own modules.
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
};
