/** MCP over stdio: one client, which ends the session by closing our stdin. */
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createServerFactory } from '../../mcp/server.js';
import type { Serving } from './serving.js';

export function serveOverStdio({ runtime, bridge, shutdown, log, version }: Serving): void {
  const { requestStateKey } = runtime.config;
  const options = { notifyToolsChanged: true, ...(requestStateKey ? { requestStateKey } : {}) };
  const handle = serveStdio(createServerFactory(bridge, version, options), {
    onerror: (err) => log.warn({ err }, 'stdio error'),
  });
  shutdown.onClose(() => handle.close());
  // The client closing our stdin ends the session: the engine and sockets would otherwise keep us alive.
  process.stdin.once('end', () => shutdown.stopAndExit('stdin closed'));
  log.info({ transport: 'stdio' }, 'serving MCP over stdio');
}
