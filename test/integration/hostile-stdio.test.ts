/**
 * Hostile and careless input over stdio: raw lines written to the built server's stdin (what the SDK
 * client cannot send), against the local engine's examples plus an echo machine. One server for the
 * whole table: after every case a normal call still works, and the engine's call log proves that the
 * case itself started no execution.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../helpers/engine.js';
import { RawStdio, examplesEnv, startExamplesEngine, startsOf } from '../helpers/hostile.js';
import { waitFor } from '../helpers/wait-for.js';

const MAX_MESSAGE_DEPTH = 100;
/** The tool error for arguments deeper than the arguments limit, whatever the tool. */
const DEEP_ARGUMENTS = (tool: string): RegExp =>
  new RegExp(
    `^Invalid arguments for tool "${tool}"; nothing was started or read\\. Fix these and call again:\\n` +
      '- \\(root\\): nested more than 64 levels deep; arguments may nest objects and arrays at most 64 levels deep$',
  );
const BATCH_REFUSED =
  /^Invalid Request: JSON-RPC batches are not accepted under protocol revision 2025-11-25 \(revision 2025-06-18 removed them\); send each message on its own line\. Nothing in the batch was run\.$/;

let engine: Engine;
let io: RawStdio;
let nextId = 0;

beforeAll(async () => {
  engine = await startExamplesEngine();
  io = new RawStdio(examplesEnv(engine));
  const init = await io.request({
    id: 'init',
    method: 'initialize',
    params: {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'hostile', version: '1' },
    },
  });
  expect(init.result).toBeDefined();
  io.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
});

afterAll(async () => {
  await io?.close();
  await engine?.close();
});

type Message = Record<string, unknown>;

const line = (message: Message): string => JSON.stringify({ jsonrpc: '2.0', ...message });
const call = (id: unknown, name: string, args: unknown): Message => ({
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});
const nested = (n: number): string => '['.repeat(n) + '1' + ']'.repeat(n);

/** The text of a tools/call answer (its first content block) and whether it is an error. */
function resultText(answer: Message): { isError: boolean; text: string } {
  const result = answer.result as { isError?: boolean; content: Array<{ text: string }> } | undefined;
  expect(result, JSON.stringify(answer).slice(0, 500)).toBeDefined();
  return { isError: result!.isError === true, text: result!.content[0]!.text };
}

/** A valid call must work after every case, and start one execution. */
async function normalCallWorks(): Promise<Message> {
  const before = startsOf(engine);
  const answer = await io.request(call(`normal-${nextId++}`, 'customer_lookup', { customerId: 'C-1001' }));
  const { isError, text } = resultText(answer);
  expect(isError, text).toBe(false);
  expect(text).toContain('Ana Souza');
  expect(startsOf(engine)).toBe(before + 1);
  return answer;
}

interface Case {
  name: string;
  /** The raw line to write. */
  line: string | Buffer;
  /** The id the answer carries (null: a batch's refusal); absent: no answer is due (the line is dropped, and logged). */
  answerId?: unknown;
  code?: number;
  says?: RegExp;
  toolError?: RegExp;
  /** Executions the case itself starts (a valid call); 0 when absent. */
  starts?: number;
}

const cases: Case[] = [
  { name: 'a line that is not JSON', line: '{"jsonrpc":' },
  { name: 'an empty line', line: '' },
  { name: 'a line of spaces', line: '    ' },
  { name: 'JSON null', line: 'null' },
  { name: '1 MB of unclosed brackets', line: '['.repeat(1_000_000) },
  { name: 'an id that is an object', line: line({ id: { a: 1 }, method: 'tools/list' }) },
  {
    name: 'a batch of 100 tools/call (refused with id null, naming the revision; nothing runs)',
    line: JSON.stringify(
      Array.from({ length: 100 }, (_, i) => ({
        jsonrpc: '2.0',
        ...call(i, 'customer_lookup', { customerId: 'C-1001' }),
      })),
    ),
    answerId: null,
    code: -32600,
    says: BATCH_REFUSED,
  },
  {
    name: 'a batch of two requests sharing an id (refused whole; nothing runs)',
    line: JSON.stringify([
      { jsonrpc: '2.0', ...call('b1', 'customer_lookup', { customerId: 'C-1001' }) },
      { jsonrpc: '2.0', ...call('b1', 'customer_lookup', { customerId: 'C-1001' }) },
    ]),
    answerId: null,
    code: -32600,
    says: BATCH_REFUSED,
  },
  { name: 'an empty batch', line: '[]', answerId: null, code: -32600, says: BATCH_REFUSED },
  {
    name: 'a batch after blanks, ending in CR LF',
    line: `  \t${JSON.stringify([{ jsonrpc: '2.0', method: 'notifications/initialized' }])}\r`,
    answerId: null,
    code: -32600,
    says: BATCH_REFUSED,
  },
  { name: 'a notification of an unknown method', line: line({ method: 'notifications/whatever' }) },
  { name: 'a response to a request never sent', line: line({ id: 'never', result: {} }) },
  {
    name: 'an unknown method',
    line: line({ id: 'm1', method: 'tools/destroy' }),
    answerId: 'm1',
    code: -32601,
  },
  {
    name: 'an unknown tool',
    line: line(call('m2', 'no_such_tool', {})),
    answerId: 'm2',
    code: -32602,
    says: /Unknown tool/,
  },
  { name: 'arguments that are an array', line: line(call('m3', 'echo', [1])), answerId: 'm3', code: -32602 },
  {
    name: 'params nested 10,000 deep',
    line: `{"jsonrpc":"2.0","id":"d1","method":"tools/list","params":{"x":${nested(10_000)}}}`,
    answerId: 'd1',
    code: -32600,
    says: new RegExp(`at most ${MAX_MESSAGE_DEPTH} levels`),
  },
  {
    name: 'arguments nested 10,000 deep (a tool error naming the arguments limit)',
    line: `{"jsonrpc":"2.0","id":"d2","method":"tools/call","params":{"name":"echo","arguments":{"a":${nested(10_000)}}}}`,
    answerId: 'd2',
    toolError: DEEP_ARGUMENTS('echo'),
  },
  {
    name: 'arguments nested 1,000,000 deep, to a tool with an input schema',
    line: `{"jsonrpc":"2.0","id":"d5","method":"tools/call","params":{"name":"customer_lookup","arguments":{"customerId":${nested(1_000_000)}}}}`,
    answerId: 'd5',
    toolError: DEEP_ARGUMENTS('customer_lookup'),
  },
  {
    name: 'arguments nested 10,000 deep, to get_execution_result',
    line: `{"jsonrpc":"2.0","id":"d6","method":"tools/call","params":{"name":"get_execution_result","arguments":{"executionArn":${nested(10_000)}}}}`,
    answerId: 'd6',
    toolError: DEEP_ARGUMENTS('get_execution_result'),
  },
  {
    name: 'a tools/call whose _meta nests 10,000 deep (the message limit still holds)',
    line: `{"jsonrpc":"2.0","id":"d7","method":"tools/call","params":{"name":"echo","arguments":{},"_meta":{"x":${nested(10_000)}}}}`,
    answerId: 'd7',
    code: -32600,
    says: new RegExp(`at most ${MAX_MESSAGE_DEPTH} levels`),
  },
  {
    name: 'arguments that are an array nested 10,000 deep (not an object: the message limit holds)',
    line: `{"jsonrpc":"2.0","id":"d8","method":"tools/call","params":{"name":"echo","arguments":${nested(10_000)}}}`,
    answerId: 'd8',
    code: -32600,
  },
  {
    name: '_meta nested 10,000 deep',
    line: `{"jsonrpc":"2.0","id":"d3","method":"tools/list","params":{"_meta":{"x":${nested(10_000)}}}}`,
    answerId: 'd3',
    code: -32600,
  },
  {
    name: 'arguments nested 80 deep (over the arguments limit)',
    line: `{"jsonrpc":"2.0","id":"d4","method":"tools/call","params":{"name":"echo","arguments":{"a":${nested(79)}}}}`,
    answerId: 'd4',
    toolError: DEEP_ARGUMENTS('echo'),
  },
  {
    name: 'arguments nested 64 deep (at the arguments limit: served)',
    line: `{"jsonrpc":"2.0","id":"d9","method":"tools/call","params":{"name":"echo","arguments":{"a":${nested(63)}}}}`,
    answerId: 'd9',
    starts: 1,
  },
  {
    name: '__proto__ at the top of the arguments, under additionalProperties: false',
    line: '{"jsonrpc":"2.0","id":"p1","method":"tools/call","params":{"name":"customer_lookup","arguments":{"__proto__":{},"customerId":"C-1001"}}}',
    answerId: 'p1',
    toolError: /additional property '__proto__'/,
  },
  {
    name: 'invalid UTF-8 inside a string (read as U+FFFD, as the SDK decodes)',
    line: Buffer.concat([
      Buffer.from(
        '{"jsonrpc":"2.0","id":"u1","method":"tools/call","params":{"name":"customer_lookup","arguments":{"customerId":"',
      ),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}}}'),
    ]),
    answerId: 'u1',
    toolError: /customerId: must match pattern/,
  },
  { name: 'jsonrpc 1.0', line: JSON.stringify({ jsonrpc: '1.0', id: 'v1', method: 'tools/list' }) },
  { name: 'params that are null', line: line({ id: 'n1', method: 'tools/list', params: null }) },
  {
    name: 'a second initialize',
    line: line({
      id: 'again',
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    }),
    answerId: 'again',
  },
  {
    name: 'arguments over the 256 KiB Step Functions input limit',
    line: line(call('big', 'echo', { text: 'x'.repeat(262_144) })),
    answerId: 'big',
    toolError: /Input too large/,
  },
  {
    name: 'tasks/get with an invented task id',
    line: line({ id: 't1', method: 'tasks/get', params: { taskId: 'A'.repeat(5_000) } }),
    answerId: 't1',
    code: -32602,
  },
  {
    name: 'an id of 100 KB',
    line: line({ id: 'i'.repeat(100_000), method: 'tools/list' }),
    answerId: 'i'.repeat(100_000),
  },
  {
    name: 'a 5 MB line',
    line: line({ id: 'big', method: 'tools/list', params: { filler: 'f'.repeat(5_000_000) } }),
    answerId: 'big',
  },
];

describe('raw lines', () => {
  it.each(cases)('$name', async (c) => {
    const before = startsOf(engine);
    const seen = io.received().length;
    io.send(c.line);
    if (c.answerId !== undefined) {
      const answer = await io.answerTo(c.answerId, seen);
      const error = answer.error as { code: number; message: string } | undefined;
      if (c.code !== undefined) expect(error?.code, JSON.stringify(answer).slice(0, 300)).toBe(c.code);
      if (c.says) expect(error?.message).toMatch(c.says);
      if (c.toolError) {
        const { isError, text } = resultText(answer);
        expect(isError).toBe(true);
        expect(text).toMatch(c.toolError);
      }
      if (c.code === undefined && !c.toolError)
        expect(answer.error, JSON.stringify(answer.error)).toBeUndefined();
      if (c.starts) expect(resultText(answer).isError, resultText(answer).text).toBe(false);
    }
    const normal = await normalCallWorks();
    // Nothing else was answered in between (notifications aside).
    const answers = io
      .received()
      .slice(seen)
      .filter((m) => m.id !== undefined && m.id !== c.answerId);
    expect(answers).toEqual([normal]);
    expect(startsOf(engine), 'only the normal call started an execution').toBe(before + (c.starts ?? 0) + 1);
  });
});

describe('request ids and arguments kept as received', () => {
  it('refuses a request whose id is still in use by one in progress; only the first runs', async () => {
    const before = startsOf(engine);
    const args = { datasets: ['orders'], dateRange: { from: '2024-01-01', to: '2024-01-31' }, format: 'CSV' };
    const seen = io.received().length;
    io.send(line(call('twice', 'data_export', args)));
    io.send(line(call('twice', 'data_export', args)));
    const refusal = await io.next((m) => m.id === null && m.error !== undefined, seen);
    expect((refusal.error as { message: string }).message).toMatch(/"twice" is already in use/);
    const first = await io.answerTo('twice');
    expect(resultText(first).isError, resultText(first).text).toBe(false);
    expect(startsOf(engine)).toBe(before + 1);
    await normalCallWorks();
  });

  it('frees the id of a request the client cancelled (the SDK never answers it)', async () => {
    const args = { datasets: ['orders'], dateRange: { from: '2024-01-01', to: '2024-01-31' }, format: 'CSV' };
    const before = startsOf(engine);
    io.send(line(call('cancelled', 'data_export', args)));
    await waitFor(() => (startsOf(engine) > before ? true : undefined), 'the execution to start');
    io.send(line({ method: 'notifications/cancelled', params: { requestId: 'cancelled', reason: 'test' } }));
    const reused = await io.request({ id: 'cancelled', method: 'tools/list' });
    expect(reused.error, JSON.stringify(reused.error)).toBeUndefined();
    expect(reused.result).toHaveProperty('tools');
  });

  it('passes a __proto__ key on to the execution when the schema allows it (the echo machine answers with its input)', async () => {
    const answer = await io.request({
      id: 'p2',
      method: 'tools/call',
      params: JSON.parse('{"name":"echo","arguments":{"__proto__":{"kept":true},"a":1}}') as Message,
    });
    const { isError, text } = resultText(answer);
    expect(isError, text).toBe(false);
    expect(text).toContain('"__proto__":{"kept":true}');
  });
});
