import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../src/config.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README configuration table', () => {
  it.each(SETTINGS.map((s) => [s.flag, s]))('documents %s with its variables and default', (_flag, spec) => {
    const row = readme.split('\n').find((line) => line.startsWith('|') && line.includes(`\`${spec.flag}\``));
    expect(row, `no README table row for ${spec.flag}`).toBeDefined();
    for (const env of spec.env) expect(row).toContain(`\`${env}\``);
    if (spec.default !== undefined) expect(row).toContain(`\`${spec.default}\``);
  });
});
