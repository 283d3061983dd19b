/** The log scan: every line of every file in a folder, against the patterns of test/helpers/secrets.ts. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_PATTERNS, type SecretPattern } from '../helpers/secrets.js';

export interface LogLeak {
  file: string;
  line: number;
  what: string;
  /** The line, cut to a readable length around the match. */
  excerpt: string;
}

export interface ScanReport {
  files: number;
  lines: number;
  leaks: LogLeak[];
}

function excerptOf(text: string, index: number): string {
  const start = Math.max(0, index - 80);
  return `${start > 0 ? '…' : ''}${text.slice(start, index + 120)}${index + 120 < text.length ? '…' : ''}`;
}

/** Every match of every pattern in every line of the files in `dir`. */
export function scanLogFolder(dir: string, patterns: readonly SecretPattern[] = SECRET_PATTERNS): ScanReport {
  const report: ScanReport = { files: 0, lines: 0, leaks: [] };
  for (const name of readdirSync(dir).sort()) {
    report.files++;
    const lines = readFileSync(join(dir, name), 'utf8').split('\n');
    lines.forEach((text, i) => {
      if (text === '') return;
      report.lines++;
      for (const { what, pattern } of patterns) {
        const match = pattern.exec(text);
        if (match)
          report.leaks.push({ file: name, line: i + 1, what, excerpt: excerptOf(text, match.index) });
      }
    });
  }
  return report;
}

/** The failure message for leaks: where, what, and the line. */
export function leakMessage(dir: string, leaks: readonly LogLeak[], shown = 20): string {
  const lines = leaks.slice(0, shown).map((l) => `  ${l.file}:${l.line}: ${l.what}\n    ${l.excerpt}`);
  const more = leaks.length > shown ? `\n  ... and ${leaks.length - shown} more` : '';
  return (
    `Secrets reached the logs of this test run: ${leaks.length} line(s) in ${dir} ` +
    `(the patterns are in test/helpers/secrets.ts):\n${lines.join('\n')}${more}`
  );
}
