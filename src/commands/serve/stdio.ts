/** MCP over stdio: one client, which ends the session by closing our stdin. */
import { StdioServerTransport, serveStdio } from '@modelcontextprotocol/server/stdio';
import { createServerFactory } from '../../mcp/server.js';
import { batchLineWatcher, batchRefusalMessage } from '../../mcp/stdio-batches.js';
import type { Serving } from './serving.js';

/** The SDK's stdio transport, remembering the protocol revision the handshake negotiated. */
class StdioWire extends StdioServerTransport {
  revision: string | undefined;

  setProtocolVersion(version: string): void {
    this.revision = version;
  }
}

export function serveOverStdio({ runtime, bridge, shutdown, log, version }: Serving): void {
  const { requestStateKey } = runtime.config;
  const options = { notifyToolsChanged: true, ...(requestStateKey ? { requestStateKey } : {}) };
  const wire = new StdioWire();
  const handle = serveStdio(createServerFactory(bridge, version, options), {
    transport: wire,
    onerror: (err) => log.warn({ err }, 'stdio error'),
  });
  // The transport drops a batch unanswered (src/mcp/stdio-batches.ts): answer it, so the client need not time out.
  const watchBatches = batchLineWatcher((batch) => {
    log.warn({ batch: batch.length, revision: wire.revision }, 'refused a JSON-RPC batch on stdio');
    wire.send(batchRefusalMessage(wire.revision)).catch((err: unknown) => {
      log.warn({ err }, 'could not answer a JSON-RPC batch on stdio');
    });
  });
  process.stdin.on('data', watchBatches);
  shutdown.onClose(() => {
    process.stdin.off('data', watchBatches);
    return handle.close();
  });
  // The client closing our stdin ends the session: the engine and sockets would otherwise keep us alive.
  process.stdin.once('end', () => shutdown.stopAndExit('stdin closed'));
  log.info({ transport: 'stdio' }, 'serving MCP over stdio');
}
