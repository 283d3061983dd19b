/**
 * V8 settings the bin applies before loading anything else, for a small resident set. The server spends
 * its life waiting on stdio and on AWS; V8's defaults are tuned for programs that compute. Measured with
 * `npm run bench` (README, Performance): together they take the peak RSS after 200 machines and 200
 * calls from about 128 MB to about 80 MB, and after 5,000 machines from about 190 MB to about 120 MB, for
 * some more CPU while discovering (the interpreter instead of compiled code).
 *
 * V8 reads these while the program runs, so setting them first thing (v8.setFlagsFromString) is as
 * good as passing them to node, which a desktop client starting `node dist/cli.js` would not do.
 * Changing other settings that way can crash V8 (those it reads only at start-up): keep to this list,
 * which every integration test runs with.
 */

export const FOOTPRINT_FLAGS: readonly string[] = [
  // The young generation stays at its initial 1 MB semi-spaces; V8 would grow them to 16 MB (32 MB
  // resident) as soon as start-up allocates a lot, and never give the pages back.
  '--semi-space-growth-factor=1',
  // Heap growth, compaction and memory reduction in favour of size.
  '--optimize-for-size',
  // JavaScript runs in the interpreter: the baseline and optimizing compilers, their code and their
  // working memory cost about 20 MB resident, for code that mostly waits.
  '--no-sparkplug',
  '--no-maglev',
  '--no-opt',
  // The bytecode of functions not run since the last full collection is dropped (and compiled again if
  // they ever run): most of the code loaded at start-up runs once.
  '--bytecode-old-age=1',
];

/**
 * Node's own modules the server uses, loaded before the flags are set. Node ships its modules' code
 * compiled, and V8 accepts such code only if it was made under the same flags: once any of the flags
 * above is set, each Node module loaded afterwards is compiled again from source. Loading these first
 * takes about 25 ms off a start (README, Performance). Those Node loads before the bin runs, and the
 * bin's own imports, need not be listed; one missing here is only compiled again
 * (test/integration/module-loading.test.ts names it).
 */
export const NODE_MODULES_BEFORE_FLAGS: readonly string[] = [
  'node:stream',
  'node:stream/promises',
  'node:string_decoder',
  'node:fs/promises',
  'node:crypto',
  'node:os',
  'node:net',
  'node:tls',
  'node:http',
  'node:https',
  'node:http2',
  'node:zlib',
  'node:child_process',
  'node:worker_threads',
  'node:perf_hooks',
  'node:timers/promises',
  'node:assert',
  'node:dgram',
];

/**
 * The flags to set for a run of the bin with these arguments: none for the local engine alone (the
 * `engine` subcommand runs workflows, not a server waiting on I/O) nor for `graph` (one picture, laid out
 * by ELK: computing, then exiting), and none when Node was started with options of its own (command line
 * or NODE_OPTIONS): the operator's tuning is left as it is. Pure.
 */
export function footprintFlags(
  args: readonly string[],
  execArgv: readonly string[],
  nodeOptions: string | undefined,
): readonly string[] {
  if (args[0] === 'engine' || args[0] === 'graph') return [];
  if (execArgv.length > 0 || (nodeOptions ?? '').trim() !== '') return [];
  return FOOTPRINT_FLAGS;
}
