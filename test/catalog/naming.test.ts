import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assignToolNames, baseToolName, MAX_TOOL_NAME_LENGTH, nameHash } from '../../src/catalog/naming.js';

const hash8 = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 8);
const names = (machines: string[], prefix = ''): Record<string, string> =>
  Object.fromEntries(assignToolNames(machines, prefix));

describe('baseToolName (the reference names)', () => {
  it('removes the prefix when the name starts with it', () => {
    expect(baseToolName('app-orders', 'app-')).toBe('orders');
    expect(baseToolName('orders', 'app-')).toBe('orders');
    expect(baseToolName('App-orders', 'app-')).toBe('App_orders');
  });

  it('replaces dots, dashes and spaces with underscores', () => {
    expect(baseToolName('my.state-machine v2', '')).toBe('my_state_machine_v2');
  });

  it('replaces each Unicode code point with one underscore', () => {
    expect(baseToolName('café', '')).toBe('caf_');
    expect(baseToolName('注文処理', '')).toBe('____');
    // One astral code point (two UTF-16 code units) is one underscore, as in Python.
    expect(baseToolName('run🚀now', '')).toBe('run_now');
  });

  it('puts an underscore before a leading digit', () => {
    expect(baseToolName('3dPrint', '')).toBe('_3dPrint');
    expect(baseToolName('app-2fa', 'app-')).toBe('_2fa');
  });

  it('falls back to the full name when the name equals the prefix', () => {
    expect(baseToolName('app-', 'app-')).toBe('app_');
    expect(baseToolName('9lives', '9lives')).toBe('_9lives');
  });
});

describe('assignToolNames', () => {
  it('keeps short unique names as they are', () => {
    expect(names(['app-orders', 'app-billing'], 'app-')).toEqual({
      'app-orders': 'orders',
      'app-billing': 'billing',
    });
  });

  it('cuts names over 64 characters and adds a stable hash of the full machine name', () => {
    const long = 'A'.repeat(80);
    const name = names([long])[long]!;
    expect(name).toBe(`${'A'.repeat(55)}_${hash8(long)}`);
    expect(name).toHaveLength(MAX_TOOL_NAME_LENGTH);
  });

  it('keeps a name of exactly 64 characters', () => {
    const exact = 'B'.repeat(64);
    expect(names([exact])[exact]).toBe(exact);
  });

  it('hashes the full machine name, not the stripped one', () => {
    const long = `app-${'x'.repeat(76)}`;
    expect(names([long], 'app-')[long]).toBe(`${'x'.repeat(55)}_${hash8(long)}`);
  });

  it('gives every name in a collision its own hash suffix', () => {
    expect(names(['order.create', 'order-create', 'order_create'])).toEqual({
      'order.create': `order_create_${hash8('order.create')}`,
      'order-create': `order_create_${hash8('order-create')}`,
      order_create: `order_create_${hash8('order_create')}`,
    });
  });

  it('treats a machine equal to the prefix like any other name in collisions', () => {
    // "app-" falls back to "app_", which collides with the machine named "app_".
    expect(names(['app-', 'app_'], 'app-')).toEqual({
      'app-': `app__${hash8('app-')}`,
      app_: `app__${hash8('app_')}`,
    });
  });

  it('keeps long colliding names within 64 characters', () => {
    const a = `${'n'.repeat(70)}.a`;
    const b = `${'n'.repeat(70)}-a`;
    const result = names([a, b]);
    expect(result[a]).toBe(`${'n'.repeat(55)}_${hash8(a)}`);
    expect(result[b]).toBe(`${'n'.repeat(55)}_${hash8(b)}`);
    expect(result[a]).not.toBe(result[b]);
  });

  it("suffixes a plain name that meets another machine's hashed name", () => {
    const long = 'L'.repeat(70);
    const hashed = `${'L'.repeat(55)}_${hash8(long)}`;
    const result = names([long, hashed]);
    expect(new Set(Object.values(result)).size).toBe(2);
    expect(result[hashed]).toBe(`${hashed.slice(0, 55)}_${hash8(hashed)}`);
    for (const v of Object.values(result)) expect(v.length).toBeLessThanOrEqual(64);
  });

  it('does not depend on the order of the machines', () => {
    const machines = ['a.b', 'a-b', 'c', '1x', 'z'.repeat(90), 'app-', 'app_'];
    const forward = names(machines, 'app-');
    const backward = names([...machines].reverse(), 'app-');
    expect(backward).toEqual(forward);
    expect(new Set(Object.values(forward)).size).toBe(machines.length);
  });

  it('always yields valid, unique, bounded names', () => {
    const machines = [
      'x',
      'x.',
      'x-',
      'x_',
      '🚀',
      '_',
      '-',
      '0',
      ...Array.from({ length: 20 }, (_, i) => `${'q'.repeat(60 + i)}`),
    ];
    const result = Object.values(names(machines));
    expect(new Set(result).size).toBe(machines.length);
    for (const n of result) {
      expect(n).toMatch(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/);
    }
  });

  it('exposes the hash it uses', () => {
    expect(nameHash('abc')).toBe(hash8('abc'));
  });
});

describe('assignToolNames with reserved names', () => {
  const RESERVED = ['get_execution_result'];

  it('gives a machine whose name would equal a reserved name the hash suffix, like a collision', () => {
    const names = assignToolNames(['get_execution_result', 'Orders'], '', RESERVED);
    expect(names.get('get_execution_result')).toBe(`get_execution_result_${hash8('get_execution_result')}`);
    expect(names.get('Orders')).toBe('Orders');
  });

  it('applies after the prefix is removed and characters are replaced', () => {
    const names = assignToolNames(
      ['prod-get-execution-result', 'prod-get_execution_results'],
      'prod-',
      RESERVED,
    );
    expect(names.get('prod-get-execution-result')).toBe(
      `get_execution_result_${hash8('prod-get-execution-result')}`,
    );
    expect(names.get('prod-get_execution_results')).toBe('get_execution_results');
  });

  it('suffixes every machine of a collision on a reserved name, each with its own hash', () => {
    const names = assignToolNames(['get.execution.result', 'get_execution_result'], '', RESERVED);
    expect([...names.values()].sort()).toEqual(
      [
        `get_execution_result_${hash8('get.execution.result')}`,
        `get_execution_result_${hash8('get_execution_result')}`,
      ].sort(),
    );
  });

  it('changes nothing without reserved names', () => {
    expect(assignToolNames(['get_execution_result'], '').get('get_execution_result')).toBe(
      'get_execution_result',
    );
  });
});
