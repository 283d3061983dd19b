/**
 * What a published project carries, kept in step with package.json and the MCP SDK: the licence text
 * package.json names, a changelog whose latest release is this version, a security policy, and README's
 * first lines stating the Node.js versions and MCP protocol revisions.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { minimumVersion } from '../../src/node-version.js';
import { REPO_ROOT } from './pack.js';

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  name: string;
  version: string;
  license: string;
  bin: Record<string, string>;
  engines: { node: string };
};

describe('the project files', () => {
  it('LICENSE is the unmodified Apache License 2.0 text, the licence package.json names', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const license = read('LICENSE');
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004\s/);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    // SHA-256 of the canonical LICENSE-2.0.txt the Apache Software Foundation publishes.
    expect(createHash('sha256').update(license).digest('hex')).toBe(
      'cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30',
    );
  });

  it("CHANGELOG.md is in Keep a Changelog form and starts with package.json's version", () => {
    const changelog = read('CHANGELOG.md');
    expect(changelog).toMatch(/^# Changelog\n/);
    expect(changelog).toContain('[Keep a Changelog]');
    const headings = [...changelog.matchAll(/^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$/gm)];
    // Keep a Changelog: an optional [Unreleased] section on top, then the releases, newest first.
    expect(headings.slice(1).map((h) => h[1])).not.toContain('Unreleased');
    const releases = headings.filter((h) => h[1] !== 'Unreleased');
    expect(releases[0]?.[1]).toBe(pkg.version);
    expect(releases[0]?.[2]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const firstRelease = changelog.slice(releases[0]!.index, releases[1]?.index);
    expect(firstRelease).toMatch(/^### (Added|Changed|Deprecated|Removed|Fixed|Security)$/m);
  });

  it('SECURITY.md asks for private reports through GitHub and says what to include and expect', () => {
    const security = read('SECURITY.md');
    expect(security).toContain('private vulnerability reporting');
    expect(security).toContain('**Report a vulnerability**');
    expect(security).toMatch(/^Please include:$/m);
    expect(security).toMatch(/^What to expect:$/m);
  });

  describe("README's first lines", () => {
    const readme = read('README.md');
    const head = readme.slice(0, readme.indexOf('\n## '));

    it('state the Node.js versions engines.node allows', () => {
      const [major, minor] = minimumVersion(pkg.engines.node);
      expect(head).toContain(`**Node.js** >= ${major}.${minor}`);
    });

    it('state the MCP revisions: the tested ones, and every one the server SDK negotiates', () => {
      for (const revision of ['2025-06-18', '2025-11-25', '2026-07-28', ...SUPPORTED_PROTOCOL_VERSIONS]) {
        expect(head).toContain(revision);
      }
    });

    it('link the licence, the changelog and the security policy', () => {
      expect(head).toContain(pkg.license);
      expect(head).toContain('(CHANGELOG.md)');
      expect(head).toContain('(SECURITY.md)');
    });
  });

  it("README's install section runs the package by the name of its bin", () => {
    const readme = read('README.md');
    expect(Object.keys(pkg.bin)).toEqual([pkg.name]);
    expect(readme).toMatch(/^## Install the package$/m);
    expect(readme).toContain(`npx -y ${pkg.name}`);
    expect(readme).toContain(`npm install -g ${pkg.name}`);
  });
});
