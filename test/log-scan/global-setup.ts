/**
 * The log scan of `npm test`. Before any test file runs, this makes one folder for the run's logs (in the
 * OS temp folder) and names it in SFN_MCP_TEST_LOG_DIR, which the test workers inherit:
 * test/helpers/log-capture.ts appends there the stderr of every process the tests spawn (servers over
 * stdio and HTTP, `list`, the engine command) and the lines of the in-process loggers (the engine's, the
 * execution tests'). When the run ends, every line is scanned for the tests' secrets and marked inputs
 * (test/helpers/secrets.ts); one match throws here, which vitest reports as an error and which makes
 * `npm test` exit non-zero. The folder is kept for reading after a failure, removed otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_DIR_VARIABLE } from '../helpers/log-capture.js';
import { leakMessage, scanLogFolder } from './scan.js';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'sfn-mcp-test-logs-'));
  process.env[LOG_DIR_VARIABLE] = dir;
  return () => {
    delete process.env[LOG_DIR_VARIABLE];
    const report = scanLogFolder(dir);
    if (report.leaks.length > 0) {
      // vitest reports a teardown's error but keeps the exit code it had: set it ourselves.
      process.exitCode = 1;
      throw new Error(leakMessage(dir, report.leaks));
    }
    console.log(`Log scan: ${report.lines} log lines in ${report.files} files, no secret found.`);
    rmSync(dir, { recursive: true, force: true });
  };
}
