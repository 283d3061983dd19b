/**
 * Test harness: the built CLI (dist/cli.js) driven by the real MCP client SDK, over stdio and
 * Streamable HTTP, against the local engine reached over HTTP with the real AWS SDK clients.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport, type StdioServerParameters } from '@modelcontextprotocol/client/stdio';
import { captureStderr } from './log-capture.js';
import { TEST_AWS_CREDENTIALS } from './secrets.js';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const EXAMPLES = fileURLToPath(new URL('../../examples/state-machines', import.meta.url));

export type ProtocolRevision = '2025-06-18' | '2025-11-25' | '2026-07-28';
export const REVISIONS: ProtocolRevision[] = ['2025-06-18', '2025-11-25', '2026-07-28'];

/**
 * Environment for a server that talks to an engine at `endpoint`. Nothing leaks in from the machine. The
 * credentials carry the log scan's marker (test/helpers/secrets.ts), so a log line holding them fails the run.
 */
export function engineEnv(endpoint: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: TEST_AWS_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_AWS_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL: endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    // Info: the lines an operator's server writes, which the log scan (test/log-scan/) reads.
    SFN_MCP_LOG_LEVEL: 'info',
    // No catalogue kept in the user's cache folder: every test server discovers afresh unless it asks.
    SFN_MCP_CATALOG_CACHE: 'off',
    ...extra,
  };
}

/** Client capabilities a test client declares, e.g. `{ elicitation: { form: {} } }`. */
export type TestClientCapabilities = NonNullable<ConstructorParameters<typeof Client>[1]>['capabilities'];

export function newClient(
  revision: ProtocolRevision = '2025-11-25',
  capabilities?: TestClientCapabilities,
): Client {
  return new Client(
    { name: 'sfn-mcp-test', version: '1.0.0' },
    {
      ...(capabilities ? { capabilities } : {}),
      ...(revision === '2026-07-28'
        ? { versionNegotiation: { mode: { pin: '2026-07-28' as const } } }
        : { supportedProtocolVersions: [revision] }),
    },
  );
}

export interface Connected {
  client: Client;
  stderr: () => string;
  /** The server process's id (null once it is gone), e.g. to kill it in a fault test. */
  pid: () => number | null;
  close(): Promise<void>;
}

/**
 * The SDK's stdio transport for a server process, its stderr piped and copied to the run's logs
 * (test/helpers/log-capture.ts). Every test that spawns a server over stdio makes its transport here.
 */
export function stdioTransport(params: StdioServerParameters, source = 'stdio-server'): StdioClientTransport {
  const transport = new StdioClientTransport({ ...params, stderr: 'pipe' });
  captureStderr(source, transport.stderr as Readable | null);
  return transport;
}

/** Spawns the CLI over stdio and connects the SDK client to it. */
export async function connectStdio(
  env: Record<string, string>,
  args: string[] = [],
  revision: ProtocolRevision = '2025-11-25',
  capabilities?: TestClientCapabilities,
): Promise<Connected> {
  const transport = stdioTransport({ command: process.execPath, args: [CLI, ...args], env });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = newClient(revision, capabilities);
  await client.connect(transport);
  return { client, stderr: () => stderr, pid: () => transport.pid, close: () => client.close() };
}

export interface HttpServer {
  url: string;
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  connect(revision?: ProtocolRevision, capabilities?: TestClientCapabilities): Promise<Client>;
  close(): Promise<void>;
}

/** Spawns the CLI with --transport http on a free port and waits for the line that gives its URL. */
export async function startHttpServer(env: Record<string, string>, args: string[] = []): Promise<HttpServer> {
  const child = spawn(process.execPath, [CLI, '--transport', 'http', '--port', '0', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  captureStderr('http-server', child.stderr);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 20_000);
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
  const clients: Client[] = [];
  return {
    url,
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    connect: async (revision = '2025-11-25', capabilities) => {
      const client = newClient(revision, capabilities);
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      clients.push(client);
      return client;
    },
    close: async () => {
      await Promise.allSettled(clients.map((c) => c.close()));
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    },
  };
}

/** Runs the CLI to completion (for `list` and configuration errors). */
export async function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  captureStderr(`cli-${args[0] ?? 'serve'}`, child.stderr);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}
