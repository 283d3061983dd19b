/** MCP over stdio: one client, which ends the session by closing our stdin. */
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createServerFactory } from '../../mcp/server.js';
import type { Serving } from './serving.js';

export function serveOverStdio({ bridge, shutdown, log, version }: Serving): void {
  const handle = serveStdio(createServerFactory(bridge, version, { notifyToolsChanged: true }), {
    onerror: (err) => log.warn({ err }, 'stdio error'),
  });
  shutdown.onClose(() => handle.close());
  // The client closing our stdin ends the session: the engine and sockets would otherwise keep us alive.
  process.stdin.once('end', () => shutdown.stopAndExit('stdin closed'));
  log.info({ transport: 'stdio' }, 'serving MCP over stdio');
}
