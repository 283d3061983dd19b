/**
 * What a run of the built server loaded. The bin is a bundle (scripts/build.mjs): the files a run loads
 * are told apart by the sources each holds, which the build lists in dist/modules.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI } from './server.js';

const DIST = join(CLI, '..');
const DIST_URL = pathToFileURL(DIST).href + '/';

/**
 * The sources (paths from the repository's root: `src/engine/index.ts`,
 * `node_modules/@aws-sdk/client-schemas/...`) in the bundle files among `urls`, the module URLs a run
 * loaded; other URLs are ignored.
 */
export function bundledSourcesLoaded(urls: readonly string[]): string[] {
  const bundled = JSON.parse(readFileSync(join(DIST, 'modules.json'), 'utf8')) as Record<string, string[]>;
  return urls
    .filter((url) => url.startsWith(DIST_URL) && url.endsWith('.js'))
    .flatMap((url) => {
      const inputs = bundled[url.slice(DIST_URL.length)];
      if (!inputs) throw new Error(`${url} is not in dist/modules.json: rebuild with npm run build`);
      return inputs;
    });
}
