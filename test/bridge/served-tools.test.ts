/**
 * What the bridge serves for a catalogue (src/bridge/served-tools.ts) and the meta tools' pure parts
 * (src/bridge/meta-tools/): the mode at the budget, the listing, search pages and refusals, run arguments.
 */
import { describe, expect, it } from 'vitest';
import type { Catalog, MachineTool } from '../../src/catalog/types.js';
import { resolveConfig } from '../../src/config/index.js';
import { servedTools } from '../../src/bridge/served-tools.js';
import { searchWorkflows } from '../../src/bridge/meta-tools/search-tool.js';
import { findWorkflow, parseRunArgs } from '../../src/bridge/meta-tools/run-tool.js';

function tool(name: string, type: 'STANDARD' | 'EXPRESS' = 'EXPRESS'): MachineTool {
  const arn = `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
  return {
    name,
    description: `Workflow ${name}.`,
    inputSchema: { type: 'object', properties: { id: { type: 'string' } } },
    wrapsInput: false,
    hasSchema: true,
    annotations: { title: name },
    machine: { arn, name, type, invokeArn: arn },
  };
}

const catalogOf = (count: number): Catalog => ({
  tools: Array.from({ length: count }, (_, i) =>
    tool(`wf_${String(i).padStart(3, '0')}`, i % 2 ? 'STANDARD' : 'EXPRESS'),
  ),
  excluded: [],
  warnings: [],
});
const config = (env: Record<string, string> = {}) => ({ config: resolveConfig({}, env) });
const listed = (served: ReturnType<typeof servedTools>) => served.definitions.map((d) => d.name);
const structured = (result: { structuredContent?: Record<string, unknown> }) =>
  result.structuredContent as { total: number; results: Array<{ name: string }>; nextOffset?: number };

describe('servedTools', () => {
  it('lists one tool per machine, sorted by name, while machine tools and the companion fit the budget', () => {
    const served = servedTools(catalogOf(4), config({ SFN_MCP_TOOL_BUDGET: '5' }));
    expect(served.mode).toBe('per-machine');
    expect(served.perMachineTools).toBe(5);
    expect(listed(served)).toEqual(['get_execution_result', 'wf_000', 'wf_001', 'wf_002', 'wf_003']);
  });

  it('one tool over the budget: search and run in place of the machine tools, the companion kept', () => {
    const served = servedTools(catalogOf(5), config({ SFN_MCP_TOOL_BUDGET: '5' }));
    expect(served.mode).toBe('large-catalogue');
    expect(listed(served)).toEqual(['get_execution_result', 'run_workflow', 'search_workflows']);
    const run = served.definitions.find((d) => d.name === 'run_workflow');
    expect(run?.taskSupport).toBe('optional');
    expect(served.definitions.find((d) => d.name === 'search_workflows')?.taskSupport).toBeUndefined();
  });

  it('counts the companion tool only when it is served, and never switches with a budget of 0', () => {
    expect(
      servedTools(catalogOf(5), config({ SFN_MCP_TOOL_BUDGET: '5', SFN_MCP_RESULT_TOOL: 'false' })).mode,
    ).toBe('per-machine');
    expect(servedTools(catalogOf(500), config({ SFN_MCP_TOOL_BUDGET: '0' })).mode).toBe('per-machine');
  });

  it('switches at the default budget of 40 tools', () => {
    expect(servedTools(catalogOf(39), config()).mode).toBe('per-machine');
    expect(servedTools(catalogOf(40), config()).mode).toBe('large-catalogue');
  });
});

describe('search_workflows (pure)', () => {
  const tools = catalogOf(25).tools;

  it('returns name, description, inputSchema and annotations of each match, a page at a time', () => {
    const first = structured(searchWorkflows(tools, {}));
    expect(first.total).toBe(25);
    expect(first.results).toHaveLength(10);
    expect(first.results[0]).toEqual({
      name: 'wf_000',
      description: 'Workflow wf_000.',
      inputSchema: { type: 'object', properties: { id: { type: 'string' } } },
      annotations: { title: 'wf_000' },
    });
    expect(first.nextOffset).toBe(10);
    const last = structured(searchWorkflows(tools, { limit: 10, offset: 20 }));
    expect(last.results.map((r) => r.name)).toEqual(['wf_020', 'wf_021', 'wf_022', 'wf_023', 'wf_024']);
    expect(last.nextOffset).toBeUndefined();
  });

  it('answers the same query the same way, text and structured content alike', () => {
    const a = searchWorkflows(tools, { query: 'wf_007 wf_003', limit: 5 });
    const b = searchWorkflows([...tools].reverse(), { query: 'wf_007 wf_003', limit: 5 });
    expect(b).toEqual(a);
    expect(JSON.parse(a.content[0]!.text)).toEqual(a.structuredContent);
  });

  it('refuses bad arguments with the rule that failed, searching nothing', () => {
    const refused = searchWorkflows(tools, { query: 3, limit: 500, extra: true });
    expect(refused.isError).toBe(true);
    const text = refused.content[0]!.text;
    expect(text).toContain('Invalid arguments for tool "search_workflows"; nothing was searched.');
    expect(text).toContain('/query: must be string');
    expect(text).toContain('/limit: must be <= 50');
    expect(text).toContain("(root): must NOT have additional property 'extra'");
  });
});

describe('run_workflow arguments', () => {
  it('takes a workflow name and an arguments object (absent: none)', () => {
    expect(parseRunArgs({ workflow: 'wf_001', arguments: { id: 'x' } })).toEqual({
      ok: true,
      value: { workflow: 'wf_001', arguments: { id: 'x' } },
    });
    expect(parseRunArgs({ workflow: 'wf_001' })).toEqual({
      ok: true,
      value: { workflow: 'wf_001', arguments: undefined },
    });
  });

  it('refuses a missing workflow, arguments that are not an object, and anything else', () => {
    const refused = parseRunArgs({ arguments: [1], input: {} });
    expect(refused.ok).toBe(false);
    const message = refused.ok ? '' : refused.error;
    expect(message).toContain('Invalid arguments for tool "run_workflow"; no execution was started.');
    expect(message).toContain("(root): must have required property 'workflow'");
    expect(message).toContain('/arguments: must be object');
    expect(message).toContain("(root): must NOT have additional property 'input'");
  });

  it('finds only workflows among those given, and words a missing one like a hidden one', () => {
    const tools = catalogOf(3).tools;
    expect(findWorkflow(tools, 'wf_002')).toMatchObject({ ok: true, value: { name: 'wf_002' } });
    const missing = findWorkflow(tools, 'wf_009');
    const hidden = findWorkflow(tools.slice(0, 1), 'wf_002');
    expect(missing).toEqual({
      ok: false,
      error:
        'No workflow named "wf_009" is served; no execution was started. Call search_workflows to find the workflow and its exact name.',
    });
    expect(hidden.ok ? '' : hidden.error).toBe((missing.ok ? '' : missing.error).replace('wf_009', 'wf_002'));
  });
});
