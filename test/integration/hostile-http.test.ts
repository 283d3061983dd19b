/**
 * Hostile and careless input over Streamable HTTP, against the built server on the local engine's
 * examples (plus an echo machine). One server for the whole table: after every case a normal call still
 * works, and the engine's call log proves that the case itself started no execution. Raw HTTP/1.1 over
 * TCP (test/helpers/hostile.ts), because most cases are what no well-behaved client would send.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';
import type { Engine } from '../helpers/engine.js';
import {
  RawConnection,
  examplesEnv,
  startExamplesEngine,
  messagesOf,
  rawExchange,
  requestHead,
  rpcError,
  startsOf,
  type RawAnswer,
} from '../helpers/hostile.js';

const TOKEN = 'hostile-suite-static-token-5f1c2e9a';
const MAX_MESSAGE_DEPTH = 100;

let engine: Engine;
let server: HttpServer;
let host: string;

beforeAll(async () => {
  engine = await startExamplesEngine();
  server = await startHttpServer(
    examplesEnv(engine, { SFN_MCP_AUTH_TOKENS: TOKEN, SFN_MCP_LOG_LEVEL: 'info' }),
  );
  host = new URL(server.url).host;
});

afterAll(async () => {
  await server?.close();
  await engine?.close();
});

/** Headers of a well-formed 2025-11-25 POST to /mcp; `extra` overrides or adds. */
function mcpHeaders(extra: Record<string, string | number> = {}): Record<string, string | number> {
  return {
    host,
    authorization: `Bearer ${TOKEN}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2025-11-25',
    ...extra,
  };
}

/** POSTs `body` to /mcp with these headers (Content-Length added unless given) and reads the answer. */
async function post(
  body: string | Buffer,
  headers: Record<string, string | number> = mcpHeaders(),
  path = '/mcp',
): Promise<RawAnswer> {
  const bytes = Buffer.from(body);
  const { answer, connection } = await rawExchange(
    server.url,
    requestHead('POST', path, { 'content-length': bytes.length, ...headers }),
    bytes,
  );
  connection.close();
  return answer;
}

const rpc = (method: string, params: unknown = {}, id: unknown = 1): Record<string, unknown> => ({
  jsonrpc: '2.0',
  id,
  method,
  params,
});
const json = (value: unknown): string => JSON.stringify(value);
const call = (name: string, args: unknown, id: unknown = 1) =>
  rpc('tools/call', { name, arguments: args }, id);
/** `n` arrays inside each other. */
const nested = (n: number): string => '['.repeat(n) + '1' + ']'.repeat(n);

/** The tool error for arguments deeper than the arguments limit, whatever the tool. */
const DEEP_ARGUMENTS = (tool: string): RegExp =>
  new RegExp(
    `^Invalid arguments for tool "${tool}"; nothing was started or read\\. Fix these and call again:\\n` +
      '- \\(root\\): nested more than 64 levels deep; arguments may nest objects and arrays at most 64 levels deep$',
  );

/** The 2026-07-28 envelope a modern request carries. */
const envelope = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** The text of a tools/call answer's result (its first content block). */
function resultText(answer: RawAnswer): { isError: boolean; text: string } {
  const result = messagesOf(answer)[0]?.result as
    { isError?: boolean; content: Array<{ text: string }> } | undefined;
  expect(result, answer.body).toBeDefined();
  return { isError: result!.isError === true, text: result!.content[0]!.text };
}

/** A valid call of a read-only Express tool: it must work after every hostile case, and start one execution. */
async function normalCallWorks(): Promise<void> {
  const before = startsOf(engine);
  const answer = await post(json(call('customer_lookup', { customerId: 'C-1001' }, 'normal')));
  expect(answer.status, answer.body).toBe(200);
  const { isError, text } = resultText(answer);
  expect(isError, text).toBe(false);
  expect(text).toContain('Ana Souza');
  expect(startsOf(engine)).toBe(before + 1);
}

interface Case {
  name: string;
  send: () => Promise<RawAnswer>;
  status: number;
  /** The JSON-RPC error code of the (first) answer, when it is an error. */
  code?: number;
  /** What the answer must say. */
  says?: RegExp;
  /** A tools/call refused inside the call: an isError result saying this. */
  toolError?: RegExp;
}

const malformed: Case[] = [
  { name: 'a body that is not JSON', send: () => post('{"jsonrpc":'), status: 400, code: -32700 },
  { name: 'an empty body', send: () => post(''), status: 400, code: -32700 },
  { name: 'JSON with trailing garbage', send: () => post(`${json(rpc('tools/list'))}}}`), status: 400 },
  { name: 'a JSON number', send: () => post('42'), status: 400 },
  { name: 'a JSON string', send: () => post('"tools/list"'), status: 400 },
  { name: 'JSON null', send: () => post('null'), status: 400 },
  { name: 'an object that is no JSON-RPC message', send: () => post('{"hello":"world"}'), status: 400 },
  { name: 'jsonrpc 1.0', send: () => post(json({ ...rpc('tools/list'), jsonrpc: '1.0' })), status: 400 },
  { name: 'a method that is a number', send: () => post(json({ ...rpc('x'), method: 7 })), status: 400 },
  {
    name: 'invalid UTF-8',
    send: () =>
      post(
        Buffer.concat([
          Buffer.from('{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"x":"'),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from('"}}'),
        ]),
      ),
    status: 400,
    code: -32700,
    says: /UTF-8/,
  },
  // A byte-order mark is not part of the text (the WHATWG decoder drops it): the message is served.
  { name: 'a UTF-8 byte-order mark', send: () => post(`\ufeff${json(rpc('tools/list'))}`), status: 200 },
  {
    name: 'params nested 10,000 deep',
    send: () => post(`{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"x":${nested(10_000)}}}`),
    status: 400,
    code: -32600,
    says: new RegExp(`at most ${MAX_MESSAGE_DEPTH}`),
  },
  {
    name: 'arguments nested 10,000 deep (60 KB): a tool error naming the arguments limit',
    send: () =>
      post(
        `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"a":${nested(10_000)}}}}`,
      ),
    status: 200,
    toolError: DEEP_ARGUMENTS('echo'),
  },
  {
    name: 'arguments nested 500,000 deep (1 MB, under the body limit), to a tool with an input schema',
    send: () =>
      post(
        `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"customer_lookup","arguments":{"customerId":${nested(500_000)}}}}`,
      ),
    status: 200,
    toolError: DEEP_ARGUMENTS('customer_lookup'),
  },
  {
    name: 'arguments nested 10,000 deep on a 2026-07-28 request',
    send: () =>
      post(
        `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"_meta":${json(envelope)},"name":"echo","arguments":{"a":${nested(10_000)}}}}`,
        mcpHeaders({ 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'echo' }),
      ),
    status: 200,
    toolError: DEEP_ARGUMENTS('echo'),
  },
  {
    name: 'a batch whose second message nests 10,000 deep (2025-03-26)',
    send: () =>
      post(
        `[${json(rpc('tools/list', {}, 1))},{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{"x":${nested(10_000)}}}]`,
        mcpHeaders({ 'mcp-protocol-version': '2025-03-26' }),
      ),
    status: 400,
    code: -32600,
    says: new RegExp(`at most ${MAX_MESSAGE_DEPTH}`),
  },
  {
    name: '1 MB of unclosed brackets (not JSON)',
    send: () => post('['.repeat(1_000_000)),
    status: 400,
    code: -32700,
    says: /not valid JSON/,
  },
  {
    name: 'arguments nested 80 deep (under the message limit, over the arguments limit)',
    send: () =>
      post(
        `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"a":${nested(79)}}}}`,
      ),
    status: 200,
    toolError: DEEP_ARGUMENTS('echo'),
  },
  {
    name: '_meta nested 10,000 deep on a 2026-07-28 request',
    send: () =>
      post(
        `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"x":${nested(10_000)}}}}`,
        mcpHeaders({ 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' }),
      ),
    status: 400,
    code: -32600,
  },
];

const batches: Case[] = [
  ...(['2025-06-18', '2025-11-25'] as const).map((revision): Case => ({
    name: `a batch of 100 tools/call under ${revision}`,
    send: () =>
      post(
        json(Array.from({ length: 100 }, (_, i) => call('customer_lookup', { customerId: 'C-1001' }, i + 1))),
        mcpHeaders({ 'mcp-protocol-version': revision }),
      ),
    status: 400,
    code: -32600,
    says: /batch/i,
  })),
  {
    name: 'a batch under 2026-07-28',
    send: () =>
      post(
        json([
          rpc('tools/call', { name: 'echo', arguments: {}, _meta: envelope }, 1),
          rpc('tools/list', { _meta: envelope }, 2),
        ]),
        mcpHeaders({ 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'echo' }),
      ),
    status: 400,
    code: -32600,
    says: /batch/i,
  },
  {
    name: 'two tools/call sharing one id, under 2025-03-26 (batches allowed)',
    send: () =>
      post(
        json([
          call('customer_lookup', { customerId: 'C-1001' }, 7),
          call('customer_lookup', { customerId: 'C-1002' }, 7),
        ]),
        mcpHeaders({ 'mcp-protocol-version': '2025-03-26' }),
      ),
    status: 400,
    code: -32600,
    says: /7/,
  },
  {
    name: 'two requests sharing one id, without a protocol version header (2025-03-26 assumed)',
    send: () => {
      const { 'mcp-protocol-version': _omitted, ...headers } = mcpHeaders();
      return post(json([rpc('tools/list', {}, 'x'), call('echo', {}, 'x')]), headers);
    },
    status: 400,
    code: -32600,
  },
  {
    name: 'an empty batch',
    send: () => post('[]', mcpHeaders({ 'mcp-protocol-version': '2025-03-26' })),
    status: 400,
  },
  {
    name: 'a batch of 101 under 2025-03-26',
    send: () =>
      post(
        json(Array.from({ length: 101 }, (_, i) => rpc('tools/list', {}, i))),
        mcpHeaders({ 'mcp-protocol-version': '2025-03-26' }),
      ),
    status: 400,
  },
  {
    name: 'a batch holding an initialize under 2025-03-26',
    send: () =>
      post(
        json([
          rpc(
            'initialize',
            { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
            1,
          ),
          rpc('tools/list', {}, 2),
        ]),
        mcpHeaders({ 'mcp-protocol-version': '2025-03-26' }),
      ),
    status: 400,
  },
];

const protocol: Case[] = [
  {
    name: 'a 2026-07-28 header on a request without the envelope',
    send: () =>
      post(
        json(rpc('tools/list')),
        mcpHeaders({ 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' }),
      ),
    status: 400,
  },
  {
    name: 'arguments over the 256 KiB Step Functions input limit',
    send: () => post(json(call('echo', { text: 'x'.repeat(262_144) }))),
    status: 200,
    toolError: /Input too large/,
  },
  {
    name: 'get_execution_result with something that is no execution ARN',
    send: () => post(json(call('get_execution_result', { executionArn: 'arn:aws:states:::nope' }))),
    status: 200,
    toolError: /Refused: "arn:aws:states:::nope" is not/,
  },
  {
    name: 'tasks/get with an invented task id',
    send: () => post(json(rpc('tasks/get', { taskId: 'A'.repeat(5_000) }))),
    status: 200,
    code: -32602,
  },
  {
    name: 'a tool name of 100 KB',
    send: () => post(json(call('t'.repeat(100_000), {}))),
    status: 200,
    code: -32602,
  },
  { name: 'params that are null', send: () => post(json(rpc('tools/list', null))), status: 400 },
  {
    name: 'a message with fields JSON-RPC does not know',
    send: () => post(json({ ...rpc('tools/list'), extra: { nested: [1, 2] } })),
    status: 400,
  },
  { name: 'an unknown method', send: () => post(json(rpc('tools/destroy'))), status: 200, code: -32601 },
  {
    name: 'an unknown tool',
    send: () => post(json(call('no_such_tool', {}))),
    status: 200,
    code: -32602,
    says: /Unknown tool/,
  },
  {
    name: 'arguments that are an array',
    send: () => post(json(call('echo', [1, 2]))),
    status: 200,
    code: -32602,
  },
  {
    name: 'arguments that are a string',
    send: () => post(json(call('echo', 'x'))),
    status: 200,
    code: -32602,
  },
  {
    name: 'tools/call without a name',
    send: () => post(json(rpc('tools/call', { arguments: {} }))),
    status: 200,
    code: -32602,
  },
  {
    name: 'arguments the schema refuses',
    send: () => post(json(call('customer_lookup', { customerId: 42 }))),
    status: 200,
    toolError: /customerId: must be string/,
  },
  {
    name: '__proto__ at the top of the arguments, under additionalProperties: false',
    send: () =>
      post(
        '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"customer_lookup","arguments":{"__proto__":{"customerId":"C-1001"},"customerId":"C-1001"}}}',
      ),
    status: 200,
    toolError: /additional property '__proto__'/,
  },
  {
    name: 'an id of 21 digits (beyond a safe integer)',
    send: () => post('{"jsonrpc":"2.0","id":123456789012345678901,"method":"tools/list","params":{}}'),
    status: 400,
  },
  {
    name: 'an id of 100 KB',
    send: () => post(json(rpc('tools/list', {}, 'i'.repeat(100_000)))),
    status: 200,
  },
  { name: 'an id that is an object', send: () => post(json(rpc('tools/list', {}, { a: 1 }))), status: 400 },
  { name: 'an id of null', send: () => post(json(rpc('tools/list', {}, null))), status: 400 },
  {
    name: 'a notification of an unknown method',
    send: () => post(json({ jsonrpc: '2.0', method: 'notifications/whatever', params: {} })),
    status: 202,
  },
  {
    name: 'a response to a request the server never sent',
    send: () => post(json({ jsonrpc: '2.0', id: 99, result: {} })),
    status: 202,
  },
  {
    name: 'a tools/call on 2026-07-28 whose Mcp-Name header names another tool',
    send: () =>
      post(
        json(
          rpc('tools/call', {
            name: 'customer_lookup',
            arguments: { customerId: 'C-1001' },
            _meta: envelope,
          }),
        ),
        mcpHeaders({ 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'echo' }),
      ),
    status: 400,
    code: -32020,
  },
];

/** Sends `body` in 1 KiB writes, yielding to the event loop between them (a body that trickles in). */
async function trickle(body: string): Promise<RawAnswer> {
  const connection = await RawConnection.open(server.url);
  try {
    connection.write(
      requestHead('POST', '/mcp', { ...mcpHeaders(), 'content-length': Buffer.byteLength(body) }),
    );
    for (let at = 0; at < body.length; at += 1024) {
      connection.write(body.slice(at, at + 1024));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return await connection.answer();
  } finally {
    connection.close();
  }
}

/** Sends a head and part of the declared body, then closes: there is no answer to read (status 0). */
async function cutOff(): Promise<RawAnswer> {
  const connection = await RawConnection.open(server.url);
  connection.write(
    requestHead('POST', '/mcp', { ...mcpHeaders(), 'content-length': 10_000 }) + '{"jsonrpc":"2.0",',
  );
  connection.socket.end();
  await connection.closed;
  connection.close();
  return { status: 0, headers: {}, body: '' };
}

/** One request written exactly as given (for heads node:http would refuse to send). */
async function rawHead(head: string, body = ''): Promise<RawAnswer> {
  const { answer, connection } = await rawExchange(server.url, head, body);
  connection.close();
  return answer;
}

const transport: Case[] = [
  {
    name: 'a body that trickles in, 1 KiB at a time',
    send: () => trickle(json(rpc('tools/list', { filler: 't'.repeat(50_000) }))),
    status: 200,
  },
  { name: 'a body cut off midway (the client goes away)', send: cutOff, status: 0 },
  {
    name: 'Transfer-Encoding and Content-Length together (request smuggling)',
    send: () =>
      rawHead(
        requestHead('POST', '/mcp', { ...mcpHeaders(), 'content-length': 5, 'transfer-encoding': 'chunked' }),
        '0\r\n\r\n',
      ),
    status: 400,
  },
  {
    name: 'two Content-Length headers that disagree',
    send: () =>
      rawHead(`POST /mcp HTTP/1.1\r\nhost: ${host}\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}`),
    status: 400,
  },
  {
    name: 'a header line without a colon',
    send: () => rawHead(`GET /healthz HTTP/1.1\r\nhost: ${host}\r\nnonsense\r\n\r\n`),
    status: 400,
  },
  {
    name: 'an HTTP/1.0 request',
    send: () => {
      const body = json(rpc('tools/list'));
      const head = requestHead('POST', '/mcp', {
        ...mcpHeaders(),
        'content-length': Buffer.byteLength(body),
      });
      return rawHead(head.replace('HTTP/1.1', 'HTTP/1.0'), body);
    },
    status: 200,
  },
  {
    name: 'Content-Type text/plain',
    send: () => post(json(rpc('tools/list')), mcpHeaders({ 'content-type': 'text/plain' })),
    status: 415,
  },
  {
    name: 'no Content-Type',
    send: () => {
      const { 'content-type': _omitted, ...headers } = mcpHeaders();
      return post(json(rpc('tools/list')), headers);
    },
    status: 415,
  },
  {
    name: 'an Accept without text/event-stream',
    send: () => post(json(rpc('tools/list')), mcpHeaders({ accept: 'application/json' })),
    status: 406,
  },
  {
    name: 'an unsupported protocol version header',
    send: () => post(json(rpc('tools/list')), mcpHeaders({ 'mcp-protocol-version': '1999-01-01' })),
    status: 400,
  },
  {
    name: 'GET /mcp (no sessions, no stream)',
    send: async () =>
      (await rawExchange(server.url, requestHead('GET', '/mcp', mcpHeaders({ accept: 'text/event-stream' }))))
        .answer,
    status: 405,
  },
  {
    name: 'DELETE /mcp',
    send: async () => (await rawExchange(server.url, requestHead('DELETE', '/mcp', mcpHeaders()))).answer,
    status: 405,
  },
  {
    name: 'a declared body over the limit (2 MiB), nothing sent',
    send: () => post('', mcpHeaders({ 'content-length': 2 * 1024 * 1024 })),
    status: 413,
  },
  {
    name: 'a chunked body over the limit',
    send: async () => {
      const chunk = 'a'.repeat(64 * 1024);
      const chunks = Array.from({ length: 20 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join(
        '',
      );
      const { answer, connection } = await rawExchange(
        server.url,
        requestHead('POST', '/mcp', mcpHeaders({ 'transfer-encoding': 'chunked' })),
        `${chunks}0\r\n\r\n`,
      );
      connection.close();
      return answer;
    },
    status: 413,
  },
  {
    name: 'a 40 KB path',
    send: async () =>
      (await rawExchange(server.url, requestHead('GET', `/${'p'.repeat(40_000)}`, { host }))).answer,
    status: 404,
  },
  {
    name: 'a 100 KB header (over the 64 KiB default)',
    send: () => post(json(rpc('tools/list')), mcpHeaders({ 'x-filler': 'f'.repeat(100 * 1024) })),
    status: 431,
  },
];

const refused: Case[] = [
  {
    name: 'no token',
    send: () => post(json(rpc('tools/list')), mcpHeaders({ authorization: '' })),
    status: 401,
  },
  {
    name: 'a wrong token',
    send: () => post(json(rpc('tools/list')), mcpHeaders({ authorization: 'Bearer nope' })),
    status: 401,
  },
  {
    name: 'Basic credentials',
    send: () => post(json(rpc('tools/list')), mcpHeaders({ authorization: 'Basic dXNlcjpwYXNz' })),
    status: 401,
  },
  {
    name: 'a forged Host',
    send: () => post(json(rpc('tools/list')), mcpHeaders({ host: 'attacker.example' })),
    status: 403,
  },
  {
    name: 'a forged Origin',
    send: () => post(json(rpc('tools/list')), mcpHeaders({ origin: 'https://attacker.example' })),
    status: 403,
  },
  {
    name: 'a call with no token, dressed as another tool in Mcp-* headers',
    send: () =>
      post(
        json(call('customer_lookup', { customerId: 'C-1001' })),
        mcpHeaders({ authorization: '', 'mcp-method': 'tools/call', 'mcp-name': 'echo' }),
      ),
    status: 401,
  },
];

describe.each([
  ['malformed and deep JSON', malformed],
  ['batches', batches],
  ['JSON-RPC and MCP misuse', protocol],
  ['transport misuse', transport],
  ['refusals before the body', refused],
])('%s', (_group, cases) => {
  it.each(cases)('$name', async (c) => {
    const before = startsOf(engine);
    const answer = await c.send();
    expect(answer.status, answer.body.slice(0, 500)).toBe(c.status);
    if (c.code !== undefined) expect(rpcError(answer)?.code, answer.body.slice(0, 500)).toBe(c.code);
    if (c.says) expect(answer.body).toMatch(c.says);
    if (c.toolError) {
      const { isError, text } = resultText(answer);
      expect(isError).toBe(true);
      expect(text).toMatch(c.toolError);
    }
    expect(startsOf(engine), 'the case started no execution').toBe(before);
    await normalCallWorks();
  });
});

describe('a request refused before its body is read', () => {
  /** Far more than kernel buffers hold: a server still reading the body takes all of it. */
  const PUMP_LIMIT = 40 * 1024 * 1024;

  interface Refusal {
    name: string;
    path: string;
    headers: Record<string, string>;
    status: number;
    declared?: number;
  }
  it.each<Refusal>([
    { name: 'no token (401)', path: '/mcp', headers: { authorization: '' }, status: 401 },
    { name: 'a forged Host (403)', path: '/mcp', headers: { host: 'attacker.example' }, status: 403 },
    {
      name: 'a forged Origin (403)',
      path: '/mcp',
      headers: { origin: 'https://attacker.example' },
      status: 403,
    },
    // Under the old 64 MiB "discard" bound, the one a 413 used to read to the end.
    {
      name: 'a declared length over the body limit (413)',
      path: '/mcp',
      headers: {},
      status: 413,
      declared: 48 * 1024 * 1024,
    },
    { name: 'an unknown path (404)', path: '/elsewhere', headers: {}, status: 404 },
  ])('$name: answered with Connection: close, then the body is not read', async (c) => {
    const connection = await RawConnection.open(server.url);
    try {
      const declared = c.declared ?? 2 ** 31;
      connection.write(requestHead('POST', c.path, { ...mcpHeaders(c.headers), 'content-length': declared }));
      const answer = await connection.answer();
      expect(answer.status).toBe(c.status);
      expect(answer.headers.connection).toBe('close');
      const written = await connection.pumpUntilClosed(PUMP_LIMIT);
      expect(connection.isClosed, `still open after ${written} bytes of body`).toBe(true);
      expect(written).toBeLessThan(PUMP_LIMIT);
    } finally {
      connection.close();
    }
    await normalCallWorks();
  });

  it('reads a small body sent whole before the answer is read, so the client gets the answer, not a reset', async () => {
    const connection = await RawConnection.open(server.url);
    try {
      const body = Buffer.alloc(5 * 1024 * 1024, 0x20);
      connection.write(
        requestHead('POST', '/mcp', { ...mcpHeaders({ authorization: '' }), 'content-length': body.length }),
      );
      connection.write(body);
      const answer = await connection.answer();
      expect(answer.status).toBe(401);
      expect(answer.headers.connection).toBe('close');
      await connection.closed;
    } finally {
      connection.close();
    }
  });

  it('answers a refused Expect: 100-continue at once, without inviting the body', async () => {
    const connection = await RawConnection.open(server.url);
    try {
      connection.write(
        requestHead('POST', '/mcp', {
          ...mcpHeaders({ authorization: '' }),
          'content-length': 2 ** 31,
          expect: '100-continue',
        }),
      );
      const answer = await connection.answer();
      expect(answer.status).toBe(401);
      await connection.closed;
    } finally {
      connection.close();
    }
  });
});

describe('connection management', () => {
  it('honours Connection: close on an /mcp answer (an SSE stream)', async () => {
    const body = json(rpc('tools/list'));
    const { answer, connection } = await rawExchange(
      server.url,
      requestHead('POST', '/mcp', {
        ...mcpHeaders(),
        connection: 'close',
        'content-length': Buffer.byteLength(body),
      }),
      body,
    );
    try {
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toContain('text/event-stream');
      expect(answer.headers.connection).toBe('close');
      await connection.closed;
    } finally {
      connection.close();
    }
  });

  it('keeps a connection for the next request otherwise', async () => {
    const body = json(rpc('tools/list'));
    const head = requestHead('POST', '/mcp', { ...mcpHeaders(), 'content-length': Buffer.byteLength(body) });
    const { answer, connection } = await rawExchange(server.url, head, body);
    try {
      expect(answer.status).toBe(200);
      expect(answer.headers.connection).toBe('keep-alive');
      connection.write(head + body);
      expect((await connection.answer()).status).toBe(200);
      expect(connection.isClosed).toBe(false);
    } finally {
      connection.close();
    }
  });
});

interface AccessLine {
  kind: string;
  status: number;
  path: string;
  authenticated?: boolean;
  mcpMethod?: string;
  tool?: string;
  client?: string;
}

describe('the access log', () => {
  const accessLinesOf = (text: string): AccessLine[] =>
    text
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as AccessLine)
      .filter((l) => l.kind === 'access');

  /**
   * Where this test's lines begin: after the line of a request to a path of its own (the lines of
   * earlier cases may still be on their way when a test starts).
   */
  async function mark(): Promise<number> {
    const path = `/mark-${Math.random().toString(36).slice(2)}`;
    await rawExchange(server.url, requestHead('GET', path, { host, connection: 'close' }));
    return waitFor(() => {
      const at = server.stderr().indexOf(`"path":"${path}"`);
      return at === -1 ? undefined : server.stderr().indexOf('\n', at) + 1 || undefined;
    }, `the access line of ${path}`);
  }

  /** The access lines written since `from`, once there are `count` of them. */
  function accessLines(from: number, count: number): Promise<AccessLine[]> {
    return waitFor(() => {
      const lines = accessLinesOf(server.stderr().slice(from));
      return lines.length >= count ? lines : undefined;
    }, `${count} access lines`);
  }

  it('logs what the server parsed once the caller was let in, never what Mcp-* headers claim', async () => {
    const from = await mark();
    const forged = { 'mcp-method': 'tools/call', 'mcp-name': 'ANYTHING' };
    expect((await post(json(rpc('tools/list')), mcpHeaders({ authorization: '', ...forged }))).status).toBe(
      401,
    );
    expect((await post(json(rpc('tools/list')), mcpHeaders(forged))).status).toBe(200);
    const [refused, served] = await accessLines(from, 2);
    expect(refused).toMatchObject({ status: 401, authenticated: false });
    expect(refused).not.toHaveProperty('mcpMethod');
    expect(refused).not.toHaveProperty('tool');
    expect(served).toMatchObject({ status: 200, authenticated: true, mcpMethod: 'tools/list' });
    expect(served!.client).toMatch(/^static:[0-9a-f]{8}$/);
    expect(served).not.toHaveProperty('tool');
  });

  it('cuts every value a client chose to 200 characters, marked as cut', async () => {
    const from = await mark();
    const long = 'x'.repeat(15_000);
    await post(json(call(long, {})), mcpHeaders({ 'mcp-name': long }));
    await post(json(rpc(long)), mcpHeaders());
    await rawExchange(server.url, requestHead('GET', `/${long}`, { host, connection: 'close' }));
    const lines = await accessLines(from, 3);
    expect(lines[0]!.tool).toMatch(/^x{200}…\(cut, 15000 characters\)$/);
    expect(lines[1]!.mcpMethod).toMatch(/^x{200}…\(cut, 15000 characters\)$/);
    expect(lines[2]!.path).toMatch(/^\/x{199}…\(cut, 15001 characters\)$/);
    for (const l of lines) expect(JSON.stringify(l).length).toBeLessThan(1_000);
  });
});
