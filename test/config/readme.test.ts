/**
 * The README's configuration table is the settings table (src/config/settings.ts) written out: one row per
 * setting, in the table's order, with its variables, flag, help and default. When a setting changes, the
 * failure below prints the rows to paste into the README.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKABLE_FORMATS, SETTINGS, type SettingSpec } from '../../src/config/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const HEADER = ['| Environment variable | Flag | Meaning | Default |', '|---|---|---|---|'];

const code = (text: string): string => `\`${text}\``;

function defaultCell(spec: SettingSpec): string {
  if (spec.default === undefined) return 'unset';
  return spec.default === '' ? 'empty' : code(spec.default);
}

/** A Markdown table row; `|` inside a cell is escaped, in code spans too (GitHub's table rule). */
function readmeRow(spec: SettingSpec): string {
  const cells = [spec.env.map(code).join(', '), code(spec.flag), spec.help, defaultCell(spec)];
  return `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
}

/** The README's table: from its header to the first line that is not a table row. */
function readmeTable(): string[] {
  const lines = readme.split('\n');
  const start = lines.indexOf(HEADER[0]!);
  expect(start, 'the README has no configuration table').toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
  return lines.slice(start, end === -1 ? undefined : end);
}

describe('README configuration table', () => {
  it.each(SETTINGS.map((s) => [s.flag, s]))('documents %s with its variables and default', (_flag, spec) => {
    const row = readme.split('\n').find((line) => line.startsWith('|') && line.includes(`\`${spec.flag}\``));
    expect(row, `no README table row for ${spec.flag}`).toBeDefined();
    for (const env of spec.env) expect(row).toContain(`\`${env}\``);
    expect(row).toContain(defaultCell(spec));
  });

  it('is the settings table, row for row and in its order', () => {
    const expected = [...HEADER, ...SETTINGS.map(readmeRow)];
    expect(readmeTable(), `the README's table should read:\n${expected.join('\n')}\n`).toEqual(expected);
  });
});

describe('README format policy', () => {
  it('lists exactly the formats SFN_MCP_CHECK_FORMATS accepts', () => {
    const paragraph = readme.split('\n\n').find((p) => p.startsWith('**Formats.**'));
    expect(paragraph, 'the README has no **Formats.** paragraph').toBeDefined();
    const listed = /\(comma-separated, [^)]*\): ([^(]*) \(the formats of ajv-formats/.exec(
      paragraph!.replaceAll('\n', ' '),
    );
    expect(listed, 'the paragraph lists no formats').not.toBeNull();
    const names = listed![1]!.split(', ').map((name) => name.replace(/^`|`$/g, ''));
    expect(names).toEqual([...CHECKABLE_FORMATS]);
  });
});
