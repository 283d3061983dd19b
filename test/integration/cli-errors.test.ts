/** Start-up errors are one clear line naming the setting, with exit code 2, and nothing is left running. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineEnv, runCli, startHttpServer, type HttpServer } from '../helpers/server.js';
import { useEngine } from '../helpers/engine.js';
import { SETTINGS } from '../../src/config/index.js';

const local = useEngine();
let server: HttpServer;

beforeAll(async () => {
  server = await startHttpServer(engineEnv(local.engine.endpoint));
});

afterAll(async () => {
  await server?.close();
});

describe('start-up errors', () => {
  it('names the port setting when the port is taken', async () => {
    const port = new URL(server.url).port;
    const { code, stderr } = await runCli(
      ['--transport', 'http', '--port', port],
      engineEnv(local.engine.endpoint),
    );
    expect(code).toBe(2);
    expect(stderr).toContain(`SFN_MCP_PORT / --port: 127.0.0.1:${port} is already in use`);
  });

  it('names the variable for a bad value', async () => {
    const { code, stderr } = await runCli(
      [],
      engineEnv(local.engine.endpoint, { SFN_MCP_WAIT_BUDGET_SECONDS: '-5' }),
    );
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      "stepfunctions-tool-mcp-server: SFN_MCP_WAIT_BUDGET_SECONDS: '-5' is not allowed; use a whole number from 0 to 604800",
    );
  });

  it('refuses a synchronous endpoint that is not an http(s) URL', async () => {
    const { code, stdout, stderr } = await runCli(
      [],
      engineEnv(local.engine.endpoint, { SFN_MCP_SYNC_ENDPOINT_URL: 'vpce-1.sync-states.amazonaws.com' }),
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      "stepfunctions-tool-mcp-server: SFN_MCP_SYNC_ENDPOINT_URL: 'vpce-1.sync-states.amazonaws.com' is not an http(s) URL",
    );
  });
});

describe('--help', () => {
  it('lists every setting with its variables, for serve, list and the program', async () => {
    for (const args of [['serve', '--help'], ['list', '--help'], ['--help']]) {
      const { code, stdout } = await runCli(args, engineEnv(local.engine.endpoint));
      expect(code, args.join(' ')).toBe(0);
      for (const spec of SETTINGS) {
        expect(stdout, `${args.join(' ')}: ${spec.flag}`).toContain(spec.flag);
        for (const env of spec.env) expect(stdout, `${args.join(' ')}: ${env}`).toContain(env);
      }
    }
  });
});
