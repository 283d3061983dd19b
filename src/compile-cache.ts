/**
 * Node's compile cache for the bin: V8 keeps the code it compiled from the bundle in the platform's
 * cache folder, and the next start reads it instead of compiling again, which takes about 45 ms of CPU
 * off every start (README, Performance). Desktop clients start the server for every session.
 *
 * The folder is the user's own (not the system's temporary folder, where another user could leave code
 * for V8 to load). Node checks every file against the source it was made from and ignores one that does
 * not match, so a new version, a file two servers wrote at once, or a damaged file costs one compilation,
 * never a failure. NODE_DISABLE_COMPILE_CACHE=1 turns it off, and NODE_COMPILE_CACHE names another folder:
 * both are Node's own settings, read before the bin runs.
 */
// Not `import { enableCompileCache }`: a Node without it (older than 22.1) would refuse to load the bin
// before src/cli.ts could say which Node it needs.
import nodeModule from 'node:module';
import { join } from 'node:path';
import { defaultCacheFolder } from './cache-folder.js';

/** The cache's folder, under the server's cache folder. */
export const COMPILE_CACHE_FOLDER = 'compile-cache';

/** Turns the cache on for the modules loaded from now on. A folder that cannot be written leaves it off. */
export function keepCompiledCode(): void {
  nodeModule.enableCompileCache(join(defaultCacheFolder(), COMPILE_CACHE_FOLDER));
}
