/**
 * Where the logs of a test run go: every log line a test makes (the stderr of each process it spawns, and
 * its in-process loggers) is appended to a file in one folder per run, which test/log-scan/global-setup.ts
 * creates, names in SFN_MCP_TEST_LOG_DIR, and scans for secrets when the run ends. Outside a test run
 * (benchmarks) that variable is unset and nothing is written.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pino } from 'pino';
import { silentLogger, type Logger } from '../../src/log.js';

export const LOG_DIR_VARIABLE = 'SFN_MCP_TEST_LOG_DIR';

let files = 0;

/** A new file in the run's log folder for `source`; undefined outside a test run. */
function logFile(source: string): string | undefined {
  const dir = process.env[LOG_DIR_VARIABLE];
  if (!dir) return undefined;
  return join(dir, `${source.replace(/[^A-Za-z0-9_.-]/g, '_')}-${process.pid}-${++files}.log`);
}

/**
 * Copies what `stream` (a child's stderr) carries into the run's log folder as it arrives, synchronously,
 * so nothing is lost when a worker ends. The caller keeps reading the stream as before.
 */
export function captureStderr(source: string, stream: Readable | null | undefined): void {
  const file = logFile(source);
  if (!file || !stream) return;
  stream.on('data', (chunk: Buffer | string) => appendFileSync(file, chunk));
}

/**
 * A logger for code a test runs in-process, at debug level so every log statement on the way runs,
 * writing to the run's log folder. Deliberately without the production logger's redaction: the scan then
 * checks the first line of defence (secrets and inputs are never handed to the logger), not the second.
 */
export function testLogger(source: string, level = 'debug'): Logger {
  const file = logFile(source);
  if (!file) return silentLogger();
  return pino({ level, base: undefined }, pino.destination({ dest: file, sync: true }));
}
