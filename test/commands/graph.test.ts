import { describe, expect, it } from 'vitest';
import type { Catalog, MachineTool } from '../../src/catalog/types.js';
import { executionOption, findTool, outFormat } from '../../src/commands/graph.js';
import { ConfigError } from '../../src/config/index.js';
import { toolWith } from '../execution/fixtures.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine';

function tool(name: string, machine: string): MachineTool {
  const arn = `${ARN}:${machine}`;
  return toolWith(
    { type: 'object' },
    { name, machine: { name: machine, arn, invokeArn: `${arn}:live`, type: 'STANDARD', alias: 'live' } },
  );
}

const catalog = (tools: MachineTool[]): Catalog => ({ tools, excluded: [], warnings: [] });

describe('graph options', () => {
  it('takes .svg and .png, in any case, and refuses any other --out', () => {
    expect(outFormat('a/b.svg')).toBe('svg');
    expect(outFormat('B.PNG')).toBe('png');
    expect(() => outFormat('picture')).toThrow(ConfigError);
    expect(() => outFormat('p.jpeg')).toThrow(
      "--out: 'p.jpeg' is not allowed; give a file name ending in .svg or .png",
    );
  });

  it('takes a Standard execution ARN, and refuses an Express one or a malformed one', () => {
    const arn = 'arn:aws:states:us-east-1:123456789012:execution:Orders:run-1';
    expect(executionOption(arn)).toMatchObject({ machineName: 'Orders', executionName: 'run-1' });
    expect(() => executionOption('arn:aws:states:us-east-1:123456789012:express:Orders:run-1:id')).toThrow(
      /--execution: this is an Express execution/,
    );
    expect(() => executionOption('Orders/run-1')).toThrow(
      /^--execution: .* is not a Step Functions execution ARN/,
    );
  });
});

describe('findTool', () => {
  const tools = [tool('orders', 'app-orders'), tool('app_orders', 'other')];

  it("finds a tool by its name first, then by its machine's name or ARN", () => {
    expect(findTool(catalog(tools), 'app_orders')).toEqual({ ok: true, value: tools[1] });
    expect(findTool(catalog(tools), 'app-orders')).toEqual({ ok: true, value: tools[0] });
    expect(findTool(catalog(tools), `${ARN}:app-orders`)).toEqual({ ok: true, value: tools[0] });
    expect(findTool(catalog(tools), `${ARN}:app-orders:live`)).toEqual({ ok: true, value: tools[0] });
  });

  it('names the selected tools (the first twenty) when nothing matches', () => {
    const many = Array.from({ length: 25 }, (_, i) => tool(`t${i}`, `m${i}`));
    const found = findTool(catalog(many), 'nope');
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(found.error).toContain('The selected tools: t0, t1,');
    expect(found.error).toContain('t19, and 5 more.');
    expect(findTool(catalog([]), 'nope')).toEqual({
      ok: false,
      error:
        '"nope" is not a selected tool, nor the name or ARN of a selected state machine. No state machine ' +
        'is selected. Run list with the same settings to see why a machine is left out.',
    });
  });
});
