#!/usr/bin/env node
/**
 * The bin (package.json `bin`, and the Dockerfile's entry point). It checks the Node.js version before
 * loading anything else, so that a desktop client starting it with an old system Node gets one line saying
 * what is needed (exit code 2), not a failure deep inside a dependency. Then it sets V8 up for a small
 * footprint (footprint.ts) and turns Node's compile cache on (compile-cache.ts), still before the program
 * is loaded.
 */
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { keepCompiledCode } from './compile-cache.js';
import { NODE_MODULES_BEFORE_FLAGS, footprintFlags } from './footprint.js';
import { nodeVersionProblem } from './node-version.js';

const requireHere = createRequire(import.meta.url);
const { engines } = requireHere('../package.json') as { engines: { node: string } };
const problem = nodeVersionProblem(process.versions.node, engines.node, process.execPath);
if (problem) {
  console.error(problem);
  process.exit(2);
}
const flags = footprintFlags(process.argv.slice(2), process.execArgv, process.env.NODE_OPTIONS);
if (flags.length > 0) for (const name of NODE_MODULES_BEFORE_FLAGS) requireHere(name);
for (const flag of flags) setFlagsFromString(flag);
keepCompiledCode();
await import('./commands/program.js');
