/** Which tools a selection is served as (src/bridge/meta-tools/mode.ts). */
import { describe, expect, it } from 'vitest';
import { catalogueMode, describeMode } from '../../../src/bridge/meta-tools/mode.js';

describe('catalogueMode', () => {
  it('serves one tool per machine up to the budget, and the search and run tools above it', () => {
    expect(catalogueMode(39, 40)).toBe('per-machine');
    expect(catalogueMode(40, 40)).toBe('per-machine');
    expect(catalogueMode(41, 40)).toBe('large-catalogue');
  });

  it('takes a budget of 0 as no limit', () => {
    expect(catalogueMode(100_000, 0)).toBe('per-machine');
  });

  it('says which mode in words', () => {
    expect(describeMode('per-machine', 9, 40)).toBe(
      "one tool per machine; tools/list holds 9 tools (the machines' and the server's own), within the tool budget of 40",
    );
    expect(describeMode('per-machine', 9, 0)).toContain('no tool budget');
    expect(describeMode('large-catalogue', 41, 40)).toBe(
      'large catalogue; one tool per machine would make 41 tools, over the tool budget of 40, so tools/list ' +
        'holds search_workflows and run_workflow in place of the machine tools',
    );
  });
});
