#!/usr/bin/env node
/**
 * The bin (package.json `bin`, and the Dockerfile's entry point). It checks the Node.js version before
 * loading anything else, so that a desktop client starting it with an old system Node gets one line saying
 * what is needed (exit code 2), not a failure deep inside a dependency.
 */
import { createRequire } from 'node:module';
import { nodeVersionProblem } from './node-version.js';

const { engines } = createRequire(import.meta.url)('../package.json') as { engines: { node: string } };
const problem = nodeVersionProblem(process.versions.node, engines.node, process.execPath);
if (problem) {
  console.error(problem);
  process.exit(2);
}
await import('./commands/program.js');
