/** The message nesting rule (src/mcp/inbound.ts): a tools/call's arguments count as one level of the message. */
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_DEPTH, messageTooDeep } from '../../src/mcp/inbound.js';

/** `n` arrays inside each other, parsed. */
const nested = (n: number): unknown => JSON.parse('['.repeat(n) + '1' + ']'.repeat(n));
const call = (args: unknown, extra: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'echo', arguments: args, ...extra },
});

describe('messageTooDeep', () => {
  it('allows MAX_MESSAGE_DEPTH levels and refuses one more', () => {
    // message, params, x: three levels around the nested arrays.
    const list = (n: number) => ({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { x: nested(n) } });
    expect(messageTooDeep(list(MAX_MESSAGE_DEPTH - 2))).toBe(false);
    expect(messageTooDeep(list(MAX_MESSAGE_DEPTH - 1))).toBe(true);
    expect(messageTooDeep(list(100_000))).toBe(true);
  });

  it("leaves a tools/call's arguments object to the arguments' own limit, however deep", () => {
    expect(messageTooDeep(call({ a: nested(100_000) }))).toBe(false);
    expect(messageTooDeep(call(JSON.parse('{"__proto__":{"a":[[[[1]]]]}}')))).toBe(false);
  });

  it('still measures the rest of a tools/call, arguments that are not an object, and other methods', () => {
    expect(messageTooDeep(call({}, { _meta: { x: nested(200) } }))).toBe(true);
    expect(messageTooDeep(call(nested(200)))).toBe(true);
    expect(
      messageTooDeep({
        jsonrpc: '2.0',
        id: 1,
        method: 'prompts/get',
        params: { arguments: { a: nested(200) } },
      }),
    ).toBe(true);
    expect(messageTooDeep({ jsonrpc: '2.0', id: 1, result: { arguments: { a: nested(200) } } })).toBe(true);
  });
});
