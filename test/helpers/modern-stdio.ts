/**
 * Raw 2026-07-28 JSON-RPC over stdio, through the MCP SDK's own stdio transport to the built CLI: for what
 * the client SDK does not do (its Client refuses `resultType: "task"`), as `modernRequest`
 * (test/helpers/http.ts) does over Streamable HTTP. Each request carries the per-request `_meta` envelope.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/client';
import { modernParams, type ModernAnswer } from './http.js';
import type { Obj } from './raw-requests.js';
import { CLI, stdioTransport } from './server.js';

export interface ModernStdio {
  request(method: string, params: Obj, capabilities?: Obj): Promise<ModernAnswer>;
  close(): Promise<void>;
}

interface Waiting {
  resolve(answer: ModernAnswer): void;
  reject(error: Error): void;
}

/** Spawns the CLI over stdio; requests are answered by id, and fail when the process goes away. */
export async function connectModernStdio(env: Record<string, string>): Promise<ModernStdio> {
  const transport = stdioTransport({ command: process.execPath, args: [CLI], env }, 'modern-stdio-server');
  const waiting = new Map<number, Waiting>();
  transport.onmessage = (message) => {
    const m = message as { id?: unknown; method?: unknown } & ModernAnswer;
    if (typeof m.id !== 'number' || m.method !== undefined) return;
    waiting
      .get(m.id)
      ?.resolve({ ...(m.result ? { result: m.result } : {}), ...(m.error ? { error: m.error } : {}) });
    waiting.delete(m.id);
  };
  transport.onclose = () => {
    for (const w of waiting.values()) w.reject(new Error('the stdio server closed before it answered'));
    waiting.clear();
  };
  await transport.start();
  let next = 0;
  return {
    request: (method, params, capabilities) =>
      new Promise<ModernAnswer>((resolve, reject) => {
        const id = ++next;
        waiting.set(id, { resolve, reject });
        const message = { jsonrpc: '2.0', id, method, params: modernParams(params, capabilities) };
        transport.send(message as JSONRPCMessage).catch((err: unknown) => {
          waiting.delete(id);
          reject(err instanceof Error ? err : new Error(String(err)));
        });
      }),
    close: () => transport.close(),
  };
}
