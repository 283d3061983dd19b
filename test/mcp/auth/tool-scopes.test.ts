/** The scope-to-tools mapping (src/mcp/auth/tool-scopes.ts): parsing, matching, and the filtered provider. */
import { describe, expect, it } from 'vitest';
import {
  allowedTools,
  filterProvider,
  globToRegExp,
  parseToolScopes,
  scopesOfRules,
} from '../../../src/mcp/auth/tool-scopes.js';
import type { ToolProvider } from '../../../src/mcp/provider.js';

describe('parseToolScopes', () => {
  it('reads scope=glob|glob;scope2=glob, trimming and merging repeated scopes', () => {
    expect(parseToolScopes(' orders = orders_* | get_execution_result ; admin=*; orders=refund ')).toEqual([
      {
        scope: 'orders',
        patterns: ['orders_*', 'get_execution_result', 'refund'],
        regexps: [/^orders_.*$/, /^get_execution_result$/, /^refund$/],
      },
      { scope: 'admin', patterns: ['*'], regexps: [/^.*$/] },
    ]);
  });

  it('accepts URI-like scopes (Entra, Cognito resource servers)', () => {
    expect(parseToolScopes('api://sfn/tools.run=*;https://mcp.example.com/orders=orders_*')).toEqual([
      { scope: 'api://sfn/tools.run', patterns: ['*'], regexps: [/^.*$/] },
      { scope: 'https://mcp.example.com/orders', patterns: ['orders_*'], regexps: [/^orders_.*$/] },
    ]);
  });

  it.each([
    ['orders', /not scope=glob/],
    ['=orders_*', /not scope=glob/],
    ['orders=', /names no tools/],
    ['orders= | ', /names no tools/],
    ['or"ders=x', /not a valid OAuth scope/],
    ['orders=orders.*', /not a tool-name glob/],
    [' ; ', /empty/],
  ])('refuses %j with a message that says why', (spec, message) => {
    expect(() => parseToolScopes(spec)).toThrow(message);
  });
});

describe('compiling the globs', () => {
  it('happens once, in parseToolScopes: each rule carries its RegExps', () => {
    const [orders, admin] = parseToolScopes('orders=orders_*|get_?;admin=*');
    expect(orders!.regexps).toEqual([/^orders_.*$/, /^get_.$/]);
    expect(admin!.regexps).toEqual([/^.*$/]);
  });

  it('never happens in allowedTools, which only selects the rules of the scopes held', () => {
    // A rule whose RegExps disagree with its globs shows which of the two allowedTools goes by.
    const rules = [{ scope: 's', patterns: ['orders_*'], regexps: [/^refund_.*$/] }];
    const allow = allowedTools(rules, ['s']);
    expect(allow('refund_payment')).toBe(true);
    expect(allow('orders_create')).toBe(false);
  });
});

describe('globToRegExp', () => {
  it('matches * as any run and ? as one character, anchored at both ends', () => {
    expect(globToRegExp('orders_*').test('orders_create')).toBe(true);
    expect(globToRegExp('orders_*').test('orders_')).toBe(true);
    expect(globToRegExp('orders_*').test('my_orders_create')).toBe(false);
    expect(globToRegExp('stock_?').test('stock_a')).toBe(true);
    expect(globToRegExp('stock_?').test('stock_ab')).toBe(false);
    expect(globToRegExp('a-b').test('a-b')).toBe(true);
  });
});

describe('allowedTools', () => {
  const rules = parseToolScopes('orders=orders_*|get_execution_result;reports=*_report;admin=*');

  it('allows the union of the tools of every scope held', () => {
    const allow = allowedTools(rules, ['orders', 'reports', 'openid']);
    expect(['orders_create', 'get_execution_result', 'sales_report'].every(allow)).toBe(true);
    expect(allow('refund_payment')).toBe(false);
  });

  it('allows everything to a wildcard scope', () => {
    expect(allowedTools(rules, ['admin'])('anything_at_all')).toBe(true);
  });

  it('allows nothing to scopes the mapping does not name, or to no scopes', () => {
    expect(allowedTools(rules, ['openid', 'profile'])('orders_create')).toBe(false);
    expect(allowedTools(rules, [])('orders_create')).toBe(false);
  });

  it('lists the scopes it knows, for scopes_supported', () => {
    expect(scopesOfRules(rules)).toEqual(['orders', 'reports', 'admin']);
  });
});

describe('filterProvider', () => {
  const calls: string[] = [];
  const provider: ToolProvider = {
    instructions: 'hello',
    listTools: async () =>
      ['orders_create', 'refund_payment'].map((name) => ({ name, description: name, inputSchema: {} })),
    callTool: async (name) => {
      calls.push(name);
      return { content: [{ type: 'text', text: name }] };
    },
  };
  const filtered = filterProvider(provider, allowedTools(parseToolScopes('orders=orders_*'), ['orders']));
  const signal = new AbortController().signal;

  it('lists only the allowed tools and keeps the instructions', async () => {
    expect((await filtered.listTools()).map((t) => t.name)).toEqual(['orders_create']);
    expect(filtered.instructions).toBe('hello');
  });

  it('calls an allowed tool, and answers a hidden one exactly as an unknown one (undefined), never running it', async () => {
    expect(await filtered.callTool('orders_create', {}, { signal })).toEqual({
      content: [{ type: 'text', text: 'orders_create' }],
    });
    expect(await filtered.callTool('refund_payment', {}, { signal })).toBeUndefined();
    expect(calls).toEqual(['orders_create']);
  });
});

describe('filterProvider with MCP tasks', () => {
  const started: string[] = [];
  const state = {
    status: 'working' as const,
    statusMessage: '',
    createdAt: '',
    lastUpdatedAt: '',
    ttlMs: null,
    pollIntervalMs: 1,
  };
  const provider: ToolProvider = {
    listTools: async () => [],
    callTool: async () => undefined,
    tasks: {
      startTask: async (name) => {
        started.push(name);
        return { kind: 'task', taskId: `t-${name}`, task: state };
      },
      getTask: async () => state,
      awaitTask: async () => state,
      cancelTask: async () => state,
    },
  };
  const filtered = filterProvider(provider, (name) => name.startsWith('orders_'));
  const signal = new AbortController().signal;

  it('starts tasks for allowed tools only, and passes task reads through', async () => {
    expect(await filtered.tasks!.startTask('orders_create', {}, { signal })).toMatchObject({
      taskId: 't-orders_create',
    });
    expect(await filtered.tasks!.startTask('refund_payment', {}, { signal })).toBeUndefined();
    expect(started).toEqual(['orders_create']);
    expect(await filtered.tasks!.getTask('t-orders_create', { signal })).toBe(state);
  });

  it('offers no tasks when the provider has none', () => {
    expect(
      filterProvider({ listTools: async () => [], callTool: async () => undefined }, () => true).tasks,
    ).toBeUndefined();
  });
});
