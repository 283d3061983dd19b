/**
 * `stepfunctions-tool-mcp-server serve`: the AWS side, the bridge, then the chosen transport. The MCP SDK
 * comes with the transport's code, loaded once discovery has begun: its loading overlaps the wait for
 * AWS's first answers, and the other commands (`list`, `--version`, a refused setting) never load it.
 */
import { Bridge } from '../bridge/index.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log.js';
import { startRuntime, type Runtime } from '../runtime.js';
import type { HttpPlan } from './serve/http.js';
import { Shutdown } from './serve/shutdown.js';

export async function serve(config: Config, log: Logger, version: string): Promise<void> {
  // Unsafe HTTP settings are refused before anything starts (one clear line, exit code 2).
  const http = config.transport === 'http' ? await loadHttp(config) : undefined;
  const runtime = await startRuntime(config, log);
  const bridge = startBridge(runtime, log);
  const shutdown = new Shutdown({ log, bridge, runtime, graceSeconds: config.http.shutdownGraceSeconds });
  shutdown.listenForSignals();
  const serving = { runtime, bridge, shutdown, log, version };
  if (http) await http.start(serving);
  else (await import('./serve/stdio.js')).serveOverStdio(serving);
}

/** The HTTP code (src/mcp/http/, src/mcp/auth/) is loaded only for an HTTP run. */
async function loadHttp(config: Config): Promise<HttpPlan> {
  const { prepareHttp } = await import('./serve/http.js');
  return prepareHttp(config);
}

/** The catalogue follows the account: on an interval, and at once on SIGHUP. */
function startBridge(runtime: Runtime, log: Logger): Bridge {
  const bridge = new Bridge(runtime.clients, runtime.config, log);
  bridge.start();
  process.on('SIGHUP', () => {
    log.info('SIGHUP: re-reading the catalogue');
    void bridge.refresh();
  });
  return bridge;
}
