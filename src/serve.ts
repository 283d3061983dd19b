import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { Bridge } from './bridge.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { serveHttp } from './mcp/http.js';
import { createServerFactory } from './mcp/server.js';
import { startRuntime } from './runtime.js';

/** The `serve` command: start the AWS side, then the chosen transport; stop cleanly on signals. */
export async function serve(config: Config, log: Logger, version: string): Promise<void> {
  const runtime = await startRuntime(config, log);
  const bridge = new Bridge(runtime.clients, runtime.config, log);
  const factory = createServerFactory(bridge, version);

  const closers: Array<() => Promise<void>> = [];
  let stopping = false;
  const shutdown = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    for (const close of closers.reverse()) {
      await close().catch((error: unknown) =>
        log.warn({ err: (error as Error).message }, 'error while closing'),
      );
    }
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  if (config.transport === 'stdio') {
    const handle = serveStdio(factory, {
      onerror: (error) => log.warn({ err: error.message }, 'stdio error'),
    });
    closers.push(() => handle.close());
    // The client closing our stdin ends the session: the engine and sockets would otherwise keep us alive.
    process.stdin.once('end', () => void shutdown('stdin closed'));
    log.info({ transport: 'stdio' }, 'serving MCP over stdio');
    return;
  }

  const http = await serveHttp(factory, {
    host: config.host,
    port: config.port,
    authTokens: config.authTokens,
    isReady: () => bridge.isReady(),
    log,
  });
  closers.push(() => http.close());
  log.info({ transport: 'http', url: http.url }, 'serving MCP over Streamable HTTP');
  // stdout is free over HTTP: tell the person who started us how to connect.
  process.stdout.write(
    [
      `MCP server (Streamable HTTP) listening on ${http.url}`,
      ...(runtime.engine
        ? [`Local Step Functions engine on ${runtime.engine.endpoint} serving ${config.local}`]
        : []),
      `Connect a client to that URL with the Streamable HTTP transport, for example the MCP Inspector:`,
      `  npx @modelcontextprotocol/inspector   (then choose "Streamable HTTP" and enter ${http.url})`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}
