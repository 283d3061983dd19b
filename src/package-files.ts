/**
 * The package's own files, found from this module upward: the same from the sources (src/), from the
 * bundle (dist/cli.js and dist/chunks/, scripts/build.mjs) and from an installed package, whose code
 * sits at a different depth in each.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'stepfunctions-tool-mcp-server';

export interface PackageJson {
  name: string;
  version: string;
  engines: { node: string };
}

function findRoot(): { root: string; packageJson: PackageJson } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const packageJson = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
      if (packageJson.name === PACKAGE_NAME) return { root: dir, packageJson };
    } catch {
      // no package.json here, or not ours: look higher
    }
    const up = dirname(dir);
    if (up === dir)
      throw new Error(`${PACKAGE_NAME}: its package.json is not above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

const found = findRoot();

/** The folder holding the package's package.json. */
export const packageRoot: string = found.root;
/** The package's package.json. */
export const packageJson: PackageJson = found.packageJson;
