/**
 * Hostile and careless clients for the hostile-input suites (test/integration/hostile-*.test.ts): raw
 * HTTP/1.1 over a TCP socket for what fetch and node:http will not send (any Host, a declared length the
 * body never reaches, invalid UTF-8, keep-alive control), raw JSON-RPC lines to the built CLI over stdio,
 * and the engine's count of executions started (StartExecution + StartSyncExecution).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { PASS_DEFINITION, createMachines, startTestEngine, type Engine } from './engine.js';
import { CLI, EXAMPLES, engineEnv } from './server.js';

/**
 * The engine the hostile suites run against: the example machines (tools named without their `demo-`
 * prefix) plus `demo-echo`, an Express machine with no schema that answers with its input (tool `echo`).
 */
export async function startExamplesEngine(): Promise<Engine> {
  const engine = await startTestEngine(EXAMPLES);
  await createMachines(engine, [{ name: 'demo-echo', type: 'EXPRESS', definition: PASS_DEFINITION }]);
  return engine;
}

/** The environment of a server on that engine, with the examples' input schemas; `extra` adds or overrides. */
export function examplesEnv(engine: Engine, extra: Record<string, string> = {}): Record<string, string> {
  return engineEnv(engine.endpoint, {
    STATE_MACHINE_PREFIX: 'demo-',
    STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: engine.schemaTagKey,
    ...extra,
  });
}

/** Executions the engine has been asked to start so far. */
export function startsOf(engine: Engine): number {
  const counts = engine.calls.counts();
  return (counts.StartExecution ?? 0) + (counts.StartSyncExecution ?? 0);
}

export interface RawAnswer {
  status: number;
  /** Header names in lower case; repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: string;
}

/** The answer's JSON-RPC messages: the JSON body, or the `data:` lines of an SSE body. */
export function messagesOf(answer: RawAnswer): Array<Record<string, unknown>> {
  if (answer.body.trim() === '') return [];
  if (answer.headers['content-type']?.includes('text/event-stream')) {
    return answer.body
      .split('\n')
      .filter((line) => line.startsWith('data: ') && line.length > 6)
      .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
  }
  const parsed = JSON.parse(answer.body) as unknown;
  return (Array.isArray(parsed) ? parsed : [parsed]) as Array<Record<string, unknown>>;
}

/** The JSON-RPC error of the answer's first message, if it has one. */
export function rpcError(answer: RawAnswer): { code: number; message: string } | undefined {
  return messagesOf(answer)[0]?.error as { code: number; message: string } | undefined;
}

/** One raw HTTP/1.1 connection: what was received, and whether the server has closed it. */
export class RawConnection {
  readonly socket: Socket;
  private received = Buffer.alloc(0);
  /** Resolves when the server ends or resets the connection (or it errors). */
  readonly closed: Promise<void>;
  private waiters: Array<() => void> = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      const done = () => {
        this.wake();
        resolve();
      };
      socket.once('end', done);
      socket.once('close', done);
      socket.on('error', done);
    });
  }

  static async open(url: string): Promise<RawConnection> {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    await once(socket, 'connect');
    return new RawConnection(socket);
  }

  get isClosed(): boolean {
    return this.socket.destroyed || this.socket.readableEnded;
  }

  /** Writes raw bytes; false when the connection is already gone. */
  write(data: string | Buffer): boolean {
    if (this.socket.destroyed) return false;
    this.socket.write(data);
    return true;
  }

  /**
   * The next complete answer on the connection (Content-Length, chunked, or up to the close), removed
   * from what was received. Rejects when the connection closes without one.
   */
  async answer(): Promise<RawAnswer> {
    for (;;) {
      const parsed = parseAnswer(this.received, this.isClosed);
      if (parsed) {
        this.received = this.received.subarray(parsed.length);
        return parsed.answer;
      }
      if (this.isClosed) throw new Error(`connection closed without an answer: ${this.received.toString()}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /**
   * Sends body bytes (64 KiB at a time, waiting for the socket to drain) until the server closes the
   * connection or `limit` bytes have been written. Returns how many bytes were written.
   */
  async pumpUntilClosed(limit: number): Promise<number> {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let written = 0;
    while (!this.isClosed && written < limit) {
      written += chunk.length;
      if (!this.socket.write(chunk)) {
        await Promise.race([once(this.socket, 'drain'), this.closed]);
      }
    }
    return written;
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** One answer parsed from the front of `data`, with how many bytes it took; undefined if incomplete. */
function parseAnswer(data: Buffer, closed: boolean): { answer: RawAnswer; length: number } | undefined {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd === -1) return undefined;
  const [statusLine = '', ...lines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  if (status === 100) return { answer: { status, headers, body: '' }, length: headEnd + 4 };
  const rest = data.subarray(headEnd + 4);
  const body = bodyOf(rest, headers, closed);
  if (!body) return undefined;
  return { answer: { status, headers, body: body.text }, length: headEnd + 4 + body.length };
}

function bodyOf(
  rest: Buffer,
  headers: Record<string, string>,
  closed: boolean,
): { text: string; length: number } | undefined {
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    return rest.length >= length ? { text: rest.subarray(0, length).toString('utf8'), length } : undefined;
  }
  if (headers['transfer-encoding']?.includes('chunked')) return dechunk(rest);
  return closed ? { text: rest.toString('utf8'), length: rest.length } : undefined;
}

function dechunk(data: Buffer): { text: string; length: number } | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd === -1) return undefined;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) {
      if (data.length < lineEnd + 4) return undefined;
      return { text: Buffer.concat(parts).toString('utf8'), length: lineEnd + 4 };
    }
    if (data.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** The head of a request: request line, then each header as given (no defaults are added). */
export function requestHead(method: string, path: string, headers: Record<string, string | number>): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return [`${method} ${path} HTTP/1.1`, ...lines, '', ''].join('\r\n');
}

/** One request on a fresh connection; the answer, and the connection (still open or not) for more checks. */
export async function rawExchange(
  url: string,
  head: string,
  body: string | Buffer = '',
): Promise<{ answer: RawAnswer; connection: RawConnection }> {
  const connection = await RawConnection.open(url);
  connection.write(Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body)]));
  try {
    return { answer: await connection.answer(), connection };
  } catch (error) {
    connection.close();
    throw error;
  }
}

/** The built CLI over stdio, driven with raw lines: what an SDK client cannot send. */
export class RawStdio {
  readonly process: ChildProcess;
  private out = '';
  private err = '';
  private readonly messages: Array<Record<string, unknown>> = [];
  private waiters: Array<() => void> = [];

  constructor(env: Record<string, string>, args: string[] = []) {
    this.process = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (c: Buffer) => (this.err += c.toString()));
    this.process.stdout!.on('data', (c: Buffer) => {
      this.out += c.toString();
      let newline = this.out.indexOf('\n');
      while (newline !== -1) {
        const line = this.out.slice(0, newline);
        this.out = this.out.slice(newline + 1);
        if (line.trim() !== '') this.messages.push(JSON.parse(line) as Record<string, unknown>);
        newline = this.out.indexOf('\n');
      }
      this.wake();
    });
    this.process.once('exit', () => this.wake());
  }

  get stderr(): string {
    return this.err;
  }

  /** Everything the server has written to stdout so far, parsed. */
  received(): Array<Record<string, unknown>> {
    return [...this.messages];
  }

  /** Writes one line (a newline is added). */
  send(line: string | Buffer): void {
    this.process.stdin!.write(Buffer.concat([Buffer.from(line), Buffer.from('\n')]));
  }

  /** Sends a JSON-RPC message and waits for the answer carrying `id`. */
  async request(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.send(JSON.stringify({ jsonrpc: '2.0', ...message }));
    return this.answerTo(message.id);
  }

  /** Waits for the first message (from now on, or already received from index `from` on) that `matches`. */
  async next(matches: (m: Record<string, unknown>) => boolean, from = 0): Promise<Record<string, unknown>> {
    for (;;) {
      const found = this.messages.slice(from).find(matches);
      if (found) return found;
      if (this.process.exitCode !== null || this.process.signalCode !== null) {
        throw new Error(`server exited (${this.process.exitCode}):\n${this.err}`);
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The answer carrying `id` (the last one, when several came), among the messages from index `from` on. */
  async answerTo(id: unknown, from = 0): Promise<Record<string, unknown>> {
    await this.next((m) => m.id === id && (m.result !== undefined || m.error !== undefined), from);
    return this.messages
      .slice(from)
      .filter((m) => m.id === id)
      .at(-1)!;
  }

  async close(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = once(this.process, 'exit');
    this.process.kill('SIGKILL');
    await exited;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
