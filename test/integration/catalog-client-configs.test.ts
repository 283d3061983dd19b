/**
 * The client configuration examples in examples/clients: each parses, has the shape its client
 * reads, and its local-checkout form (with the path filled in) really starts the built server
 * over stdio, which the real MCP client then lists tools from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { useEngine } from '../helpers/engine.js';
import { EXAMPLES, stdioTransport } from '../helpers/server.js';
import { TEST_AWS_CREDENTIALS } from '../helpers/secrets.js';

const DIR = fileURLToPath(new URL('../../examples/clients', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PLACEHOLDER = '/path/to/stepfunctions-tool-mcp-server';
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

interface ServerEntry {
  type?: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  timeout?: number;
}

/** VS Code reads `servers` with a `type`; Claude Desktop, Amazon Q and Cursor read `mcpServers`. */
function entries(file: string, config: Record<string, unknown>): Array<[string, ServerEntry]> {
  const key = file.startsWith('vscode.') ? 'servers' : 'mcpServers';
  expect(Object.keys(config)).toEqual([key]);
  const servers = config[key] as Record<string, ServerEntry>;
  return Object.entries(servers);
}

const local = useEngine({ dir: EXAMPLES });
describe('examples/clients', () => {
  it('has an npx and a local-checkout form for every client, and one for the local engine', () => {
    for (const client of ['claude-desktop', 'amazon-q', 'vscode', 'cursor']) {
      expect(files).toContain(`${client}.npx.json`);
      expect(files).toContain(`${client}.local-checkout.json`);
    }
    expect(files).toContain('local-engine.json');
  });

  it.each(files)('%s has the shape its client reads', (file) => {
    const config = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Record<string, unknown>;
    const list = entries(file, config);
    expect(list.length).toBe(1);
    for (const [name, entry] of list) {
      expect(name).toMatch(/^[a-z][a-z-]*$/);
      if (file.startsWith('vscode.')) expect(entry.type).toBe('stdio');
      else expect(entry.type).toBeUndefined();
      if (file.startsWith('amazon-q.')) expect(entry.timeout).toBeGreaterThanOrEqual(60_000);
      expect(Object.values(entry.env ?? {}).every((v) => typeof v === 'string')).toBe(true);
      if (file.includes('.npx.')) {
        expect(entry.command).toBe('npx');
        expect(entry.args).toEqual(['-y', 'stepfunctions-tool-mcp-server']);
      } else {
        expect(entry.command).toBe('node');
        expect(entry.args[0]).toBe(`${PLACEHOLDER}/dist/cli.js`);
      }
    }
  });

  it.each(files.filter((f) => !f.includes('.npx.')))(
    '%s starts the server and lists tools through the real MCP client',
    async (file) => {
      const text = readFileSync(join(DIR, file), 'utf8').replaceAll(PLACEHOLDER, ROOT.replace(/\/$/, ''));
      const [[, entry]] = entries(file, JSON.parse(text) as Record<string, unknown>) as [
        [string, ServerEntry],
      ];
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        ...entry.env,
        // Nothing kept in the user's cache folder by a test.
        SFN_MCP_CATALOG_CACHE: 'off',
      };
      if (file !== 'local-engine.json') {
        // The same configuration, pointed at the local engine instead of an AWS account.
        delete env.AWS_PROFILE;
        Object.assign(env, {
          AWS_ENDPOINT_URL: local.engine.endpoint,
          AWS_ACCESS_KEY_ID: TEST_AWS_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_AWS_CREDENTIALS.secretAccessKey,
          AWS_EC2_METADATA_DISABLED: 'true',
        });
      }
      const client = new Client({ name: 'client-config-test', version: '1.0.0' });
      await client.connect(
        stdioTransport({
          command: entry.command === 'node' ? process.execPath : entry.command,
          args: entry.args,
          env,
        }),
      );
      try {
        const { tools } = await client.listTools();
        // The eight example machines (plus the companion tool, when it is served).
        const names = tools.map((t) => t.name).filter((n) => n !== 'get_execution_result');
        expect(names).toHaveLength(8);
        expect(names).toContain(file === 'local-engine.json' ? 'demo_customer_lookup' : 'customer_lookup');
      } finally {
        await client.close();
      }
    },
  );
});
