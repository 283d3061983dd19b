/**
 * Property tests of tool naming (src/catalog/naming.ts): whatever the machine names, the tool names are
 * valid MCP tool names (1 to 128 of A-Z a-z 0-9 _ - .) and within what this server promises (at most 64
 * of A-Z a-z 0-9 _, no leading digit), unique, clear of reserved names, the same whatever the order of
 * the listing, and the reference server's name whenever that one is free. fast-check prints the seed
 * and the shrunk counterexample of a failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignToolNames, baseToolName, MAX_TOOL_NAME_LENGTH } from '../../src/catalog/naming.js';

const RUNS = 300;

/** The MCP tool-name rule (1-128 characters from this set) and this server's narrower one. */
const MCP_TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const SERVED_TOOL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = ['get_execution_result'];

/** Machine names: AWS allows 1-80 characters; any Unicode here, and look-alikes that clean to the same name. */
const machineName = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
  fc.string({
    unit: fc.constantFrom('a', 'A', '-', '.', '_', ' ', '1', 'é', '🚀'),
    minLength: 1,
    maxLength: 90,
  }),
  fc.constantFrom('get_execution_result', 'get-execution-result', 'app-', 'app-get_execution_result'),
  fc.nat(70).map((n) => `${'x'.repeat(60)}${n}`),
);
const prefix = fc.constantFrom('', 'app-', 'a', 'x'.repeat(60));
const machineSet = fc.uniqueArray(machineName, { minLength: 1, maxLength: 12 });

describe('assignToolNames', () => {
  it('gives every machine a valid, unique tool name clear of the reserved names', () => {
    fc.assert(
      fc.property(machineSet, prefix, (machines, p) => {
        const names = assignToolNames(machines, p, RESERVED);
        expect([...names.keys()].sort()).toEqual([...machines].sort());
        const tools = [...names.values()];
        for (const tool of tools) {
          expect(tool).toMatch(MCP_TOOL_NAME);
          expect(tool).toMatch(SERVED_TOOL_NAME);
          expect(tool.length).toBeLessThanOrEqual(MAX_TOOL_NAME_LENGTH);
          expect(RESERVED).not.toContain(tool);
        }
        expect(new Set(tools).size).toBe(tools.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('is stable: the same names whatever the order of the listing, and on every run', () => {
    fc.assert(
      fc.property(
        machineSet.chain((m) => fc.tuple(fc.constant(m), fc.shuffledSubarray(m, { minLength: m.length }))),
        prefix,
        ([machines, shuffled], p) => {
          const first = Object.fromEntries(assignToolNames(machines, p, RESERVED));
          expect(Object.fromEntries(assignToolNames(shuffled, p, RESERVED))).toEqual(first);
          expect(Object.fromEntries(assignToolNames([...machines, ...shuffled], p, RESERVED))).toEqual(first);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("keeps the reference server's name when it is short enough, unreserved and no other machine's", () => {
    fc.assert(
      fc.property(machineSet, prefix, (machines, p) => {
        const names = assignToolNames(machines, p, RESERVED);
        const bases = machines.map((m) => baseToolName(m, p));
        machines.forEach((machine, i) => {
          const base = bases[i]!;
          const free =
            base.length <= MAX_TOOL_NAME_LENGTH &&
            !RESERVED.includes(base) &&
            bases.filter((b) => b === base).length === 1 &&
            ![...names].some(([other, tool]) => tool === base && other !== machine);
          if (free) expect(names.get(machine)).toBe(base);
        });
      }),
      { numRuns: RUNS },
    );
  });
});
