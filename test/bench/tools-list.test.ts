/**
 * The tools/list benchmark's machinery (bench/tools-list.ts, documentedFleetPlan in bench/fleet.ts):
 * how a size is counted, the documented account, and one measurement of the examples in both
 * description modes through the built server. The figures themselves are the benchmark's to report.
 */
import { describe, expect, it } from 'vitest';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { documentedFleetPlan } from '../../bench/fleet.js';
import { measureList, sizeOf } from '../../bench/tools-list.js';
import { engineEnv, EXAMPLES } from '../helpers/server.js';

describe('sizeOf', () => {
  it('counts the JSON of a tool list in UTF-8 bytes and o200k_base tokens, and a text as it is', () => {
    const tools = [{ name: 'café', description: 'Makes coffee.' }];
    const json = '[{"name":"café","description":"Makes coffee."}]';
    expect(sizeOf(tools)).toEqual({ tools: 1, bytes: json.length + 1, tokens: countTokens(json) });
    expect(sizeOf('{"total":0}')).toEqual({ tools: 0, bytes: 11, tokens: countTokens('{"total":0}') });
  });
});

describe('the documented account', () => {
  it('gives every machine a schema, both kinds in turn, and selects the first ones', () => {
    const plan = documentedFleetPlan(10, 4);
    expect(plan.every((m) => m.schema !== undefined)).toBe(true);
    expect(plan.map((m) => m.schema!.type).slice(0, 2)).toEqual(['OpenApi3', 'JSONSchemaDraft4']);
    expect(plan.filter((m) => m.selected).map((m) => m.name)).toEqual(plan.slice(0, 4).map((m) => m.name));
  });
});

describe('one measurement', () => {
  it('lists the examples in both description modes: the schema block only adds to the lean list', async () => {
    const env = (inDescription: boolean) =>
      engineEnv('http://127.0.0.1:9', { SFN_MCP_SCHEMA_IN_DESCRIPTION: String(inDescription) });
    const lean = await measureList(env(false), ['--local', EXAMPLES]);
    const full = await measureList(env(true), ['--local', EXAMPLES]);
    expect(lean.list.tools).toBe(full.list.tools);
    expect(lean.list.tools).toBeGreaterThan(1);
    expect(full.list.bytes).toBeGreaterThan(lean.list.bytes);
    expect(full.list.tokens).toBeGreaterThan(lean.list.tokens);
  });
});
