/** Raw HTTP helpers for the Streamable HTTP tests: JSON-RPC posts, chosen Host headers, big bodies, bearer clients. */
import { request as httpRequest } from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Obj } from './raw-requests.js';
import { newClient, type ProtocolRevision } from './server.js';

export const MCP_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2025-11-25',
};

/** A JSON-RPC request body (2025-era, stateless: no initialize needed). */
export function rpc(method: string, params: Record<string, unknown> = {}, id = 1): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method, params });
}

/** POSTs a JSON-RPC body to /mcp with fetch. */
export function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { ...MCP_HEADERS, ...headers }, body });
}

/** The JSON-RPC message of a 200 answer, whether it came as JSON or as one SSE event. */
export async function rpcResult(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  const data = response.headers.get('content-type')?.includes('text/event-stream')
    ? text
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .at(-1)!
    : text;
  return JSON.parse(data) as Record<string, unknown>;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One request with node:http, which (unlike fetch) lets a test choose the Host header. Resolves on
 * the answer even when the server answers before the whole body is sent (413) and closes the socket.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(options.body);
  });
}

/** A 2026-07-28 request's params with its per-request `_meta` envelope (revision, client, capabilities). */
export function modernParams(params: Obj, capabilities: Obj = {}): Obj {
  return {
    ...params,
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'raw-test', version: '1.0.0' },
      'io.modelcontextprotocol/clientCapabilities': capabilities,
    },
  };
}

/** What a raw 2026-07-28 request gets back. */
export interface ModernAnswer {
  result?: Obj;
  error?: { code: number; message: string };
}

/**
 * One 2026-07-28 request as raw JSON-RPC over HTTP (JSON or SSE answers), with the per-request `_meta`
 * envelope: for what the client SDK does not do (tasks, answering a task's questions).
 */
export async function modernRequest(
  url: string,
  method: string,
  params: Obj,
  opts: { capabilities?: Obj; name?: string } = {},
): Promise<ModernAnswer> {
  const id = Math.floor(Math.random() * 1e9);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      ...(opts.name ? { 'mcp-name': opts.name } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params: modernParams(params, opts.capabilities) }),
  });
  const body = await response.text();
  const messages = response.headers.get('content-type')?.includes('text/event-stream')
    ? body
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => JSON.parse(l.slice(5)) as Obj)
    : [JSON.parse(body) as Obj];
  const answer = messages.find((m) => m.id === id);
  if (!answer) throw new Error(`no answer to ${method} (HTTP ${response.status}): ${body}`);
  return answer as ModernAnswer;
}

/** The real MCP client over Streamable HTTP, sending `Authorization: Bearer <token>` when given. */
export async function connectClient(
  url: string,
  token: string | undefined,
  revision: ProtocolRevision = '2025-11-25',
): Promise<Client> {
  const client = newClient(revision);
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      ...(token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : {}),
    }),
  );
  return client;
}

/** Percentile of a sorted list of numbers. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
