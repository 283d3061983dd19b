import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { minimumVersion, nodeVersionProblem } from '../../src/node-version.js';

const engines = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    engines: { node: string };
  }
).engines;

describe('minimumVersion', () => {
  it('reads the >= forms of engines.node, missing parts being 0', () => {
    expect(minimumVersion('>=22.12')).toEqual([22, 12, 0]);
    expect(minimumVersion('>= 22.12.3')).toEqual([22, 12, 3]);
    expect(minimumVersion('  >=24 ')).toEqual([24, 0, 0]);
  });

  it('refuses the forms the check cannot honour, naming the value and the allowed form', () => {
    for (const range of ['^22.12', '22.12', '>=22 <25', '>22', '>=v22', '']) {
      expect(() => minimumVersion(range)).toThrow(
        `engines.node must be of the form '>=X.Y.Z', not '${range}'`,
      );
    }
  });

  it("reads this package's own engines.node", () => {
    expect(minimumVersion(engines.node)).toEqual([22, 12, 0]);
  });
});

describe('nodeVersionProblem', () => {
  it('names the version needed, the version found and the Node that was started', () => {
    expect(nodeVersionProblem('20.20.2', '>=22.12', '/usr/bin/node')).toBe(
      'stepfunctions-tool-mcp-server needs Node.js >=22.12 but was started with Node.js 20.20.2 ' +
        '(/usr/bin/node); install Node.js 22.12 or newer, or point the MCP client\'s "command" at a newer node',
    );
  });

  it('is one line, without the path when none is given', () => {
    const problem = nodeVersionProblem('v18.19.0', '>=22.12');
    expect(problem).toBe(
      'stepfunctions-tool-mcp-server needs Node.js >=22.12 but was started with Node.js 18.19.0; ' +
        'install Node.js 22.12 or newer, or point the MCP client\'s "command" at a newer node',
    );
    expect(problem).not.toContain('\n');
  });

  it('flags every version below the minimum, by major, minor and patch', () => {
    for (const found of ['0.10.48', '14.8.0', '20.20.2', '21.99.99', '22.0.0', '22.11.9']) {
      expect(nodeVersionProblem(found, '>=22.12'), found).toContain(`started with Node.js ${found}`);
    }
    expect(nodeVersionProblem('22.12.0', '>=22.12.1')).toContain('install Node.js 22.12.1 or newer');
  });

  it('accepts the minimum and everything above it', () => {
    for (const found of ['22.12.0', '22.12.1', '22.23.3', '23.0.0', '24.1.0', '100.0.0', 'v22.12.0']) {
      expect(nodeVersionProblem(found, '>=22.12'), found).toBeUndefined();
    }
  });

  it('reads pre-release and nightly version strings by their numbers', () => {
    expect(nodeVersionProblem('22.12.0-nightly20241201abc', '>=22.12')).toBeUndefined();
    expect(nodeVersionProblem('22.11.0-rc.1', '>=22.12')).toContain('Node.js 22.11.0-rc.1');
  });

  it("passes the Node running this test, which package.json's engines.node must allow", () => {
    expect(nodeVersionProblem(process.versions.node, engines.node)).toBeUndefined();
  });
});
