/** Which machines become tools, for every selection setting, through the real MCP client. */
import { beforeAll, describe, expect, it } from 'vitest';
import { connectStdio, engineEnv } from '../helpers/server.js';
import { createMachines, type MachineSpec, useEngine } from '../helpers/engine.js';

const local = useEngine();
let arns: Record<string, string>;

beforeAll(async () => {
  const specs: MachineSpec[] = [
    { name: 'shop-orders', tags: { team: 'shop', exposed: 'yes' } },
    { name: 'shop-refunds', tags: { team: 'shop' } },
    { name: 'billing-charge', tags: { team: 'billing', exposed: 'yes' } },
    { name: 'other' },
    { name: 'Shop-upper' },
  ];
  const created = await createMachines(local.engine, specs);
  arns = Object.fromEntries(specs.map((s, i) => [s.name, created[i]!]));
});

async function toolNames(env: Record<string, string>): Promise<{ names: string[]; stderr: string }> {
  const conn = await connectStdio(engineEnv(local.engine.endpoint, env));
  try {
    const { tools } = await conn.client.listTools();
    // The companion tool is served beside every selection; the machine tools are what varies.
    const names = tools.map((t) => t.name).filter((n) => n !== 'get_execution_result');
    return { names: names.sort(), stderr: conn.stderr() };
  } finally {
    await conn.close();
  }
}

describe('selection', () => {
  it('serves every machine when neither prefix nor list is set', async () => {
    const { names } = await toolNames({});
    expect(names).toEqual(['Shop_upper', 'billing_charge', 'other', 'shop_orders', 'shop_refunds']);
  });

  it('selects by prefix, case-sensitively, and removes the prefix from tool names', async () => {
    expect((await toolNames({ STATE_MACHINE_PREFIX: 'shop-' })).names).toEqual(['orders', 'refunds']);
  });

  it('selects by list, trimming entries and dropping empty ones', async () => {
    expect((await toolNames({ STATE_MACHINE_LIST: ' billing-charge ,, other,' })).names).toEqual([
      'billing_charge',
      'other',
    ]);
  });

  it('selects the union of prefix and list', async () => {
    expect((await toolNames({ STATE_MACHINE_PREFIX: 'shop-', STATE_MACHINE_LIST: 'other' })).names).toEqual([
      'orders',
      'other',
      'refunds',
    ]);
  });

  it('keeps only machines tagged key=value after the name check', async () => {
    expect(
      (await toolNames({ STATE_MACHINE_TAG_KEY: 'exposed', STATE_MACHINE_TAG_VALUE: 'yes' })).names,
    ).toEqual(['billing_charge', 'shop_orders']);
    expect(
      (
        await toolNames({
          STATE_MACHINE_PREFIX: 'shop-',
          STATE_MACHINE_TAG_KEY: 'team',
          STATE_MACHINE_TAG_VALUE: 'shop',
        })
      ).names,
    ).toEqual(['orders', 'refunds']);
  });

  it('selects nothing and warns when only the tag key is set', async () => {
    const { names, stderr } = await toolNames({ STATE_MACHINE_TAG_KEY: 'team' });
    expect(names).toEqual([]);
    expect(stderr).toContain('STATE_MACHINE_TAG_VALUE');
  });

  it('selects nothing and warns when only the tag value is set', async () => {
    const { names, stderr } = await toolNames({ STATE_MACHINE_TAG_VALUE: 'shop' });
    expect(names).toEqual([]);
    expect(stderr).toContain('STATE_MACHINE_TAG_KEY');
  });

  it('accepts ARNs in the list', async () => {
    const list = `${arns['shop-refunds']}, other`;
    expect((await toolNames({ STATE_MACHINE_LIST: list })).names).toEqual(['other', 'shop_refunds']);
  });

  it('refuses a malformed ARN in the list at start, naming the variable', async () => {
    const { runCli } = await import('../helpers/server.js');
    const { code, stderr } = await runCli(
      ['list'],
      engineEnv(local.engine.endpoint, { STATE_MACHINE_LIST: 'arn:aws:states:oops' }),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('STATE_MACHINE_LIST');
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('selection across pages', () => {
  it('serves all of more than 100 machines (the reference stops at the first page), with no tool budget', async () => {
    const many = Array.from({ length: 130 }, (_, i) => ({ name: `bulk-${String(i).padStart(3, '0')}` }));
    await createMachines(local.engine, many);
    const { names } = await toolNames({ STATE_MACHINE_PREFIX: 'bulk-', SFN_MCP_TOOL_BUDGET: '0' });
    expect(names).toHaveLength(130);
    expect(names[0]).toBe('_000');
    expect(names[129]).toBe('_129');
    expect(local.engine.calls.counts().ListStateMachines).toBeGreaterThan(0);
  });
});
