/**
 * The V8 settings the bin applies for a small footprint (src/footprint.ts): when, and that this Node's
 * V8 knows every one of them (v8.setFlagsFromString ignores a flag it does not know, silently).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isBuiltin } from 'node:module';
import { FOOTPRINT_FLAGS, NODE_MODULES_BEFORE_FLAGS, footprintFlags } from '../src/footprint.js';

describe('footprintFlags', () => {
  it('applies to serve and list, with or without a subcommand named', () => {
    expect(footprintFlags([], [], undefined)).toEqual(FOOTPRINT_FLAGS);
    expect(footprintFlags(['serve', '--transport', 'http'], [], '')).toEqual(FOOTPRINT_FLAGS);
    expect(footprintFlags(['list', '--json'], [], '  ')).toEqual(FOOTPRINT_FLAGS);
    expect(footprintFlags(['--local', 'examples/state-machines'], [], undefined)).toEqual(FOOTPRINT_FLAGS);
  });

  it('leaves V8 alone for the engine and graph subcommands, which compute', () => {
    expect(footprintFlags(['engine', '--port', '0'], [], undefined)).toEqual([]);
    expect(footprintFlags(['graph', 'orders', '--out', 'o.svg'], [], undefined)).toEqual([]);
  });

  it("leaves V8 alone when Node was started with options of the operator's", () => {
    expect(footprintFlags([], ['--max-semi-space-size=16'], undefined)).toEqual([]);
    expect(footprintFlags([], [], '--max-old-space-size=512')).toEqual([]);
  });
});

describe('FOOTPRINT_FLAGS', () => {
  it("are all flags this Node's V8 knows", () => {
    const known = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    for (const flag of FOOTPRINT_FLAGS) {
      const name = flag.replace(/^--(no-)?/, '').replace(/=.*$/, '');
      expect(known, flag).toContain(`--${name} `);
    }
  });
});

describe('NODE_MODULES_BEFORE_FLAGS', () => {
  it("are Node's own modules, each named once", () => {
    for (const name of NODE_MODULES_BEFORE_FLAGS) expect(isBuiltin(name), name).toBe(true);
    expect(new Set(NODE_MODULES_BEFORE_FLAGS).size).toBe(NODE_MODULES_BEFORE_FLAGS.length);
  });
});
