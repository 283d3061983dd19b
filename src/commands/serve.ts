import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import type { AwsClients } from './aws/clients.js';
import { Bridge } from './bridge.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { resolveHttpAuth } from './mcp/auth/index.js';
import { serveHttp, type Readiness, type RunningHttpServer } from './mcp/http.js';
import { createServerFactory } from './mcp/server.js';
import { startRuntime } from './runtime.js';

/** How long answers produced by draining get to reach their clients before the sockets close. */
const FLUSH_MS = 5_000;
/** Longest wait for in-flight calls to return once drained (Express calls are not released early). */
const DRAIN_CAP_MS = 10_000;
/** /readyz asks AWS at most this often. */
const AWS_PROBE_TTL_MS = 5_000;
const AWS_PROBE_TIMEOUT_MS = 3_000;

/** The `serve` command: start the AWS side, then the chosen transport; stop cleanly on signals. */
export async function serve(config: Config, log: Logger, version: string): Promise<void> {
  // Refuse unsafe HTTP settings before anything starts (one clear line, exit code 2).
  const auth = config.transport === 'http' ? resolveHttpAuth(config) : undefined;

  const runtime = await startRuntime(config, log);
  const bridge = new Bridge(runtime.clients, runtime.config, log);
  // The catalogue follows the account: on an interval, and at once on SIGHUP.
  bridge.start();
  process.on('SIGHUP', () => {
    log.info('SIGHUP: re-reading the catalogue');
    void bridge.refresh();
  });

  const closers: Array<() => Promise<void>> = [];
  const served: { http?: RunningHttpServer } = {};
  let stopping = false;
  const shutdown = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    bridge.stop();
    const http = served.http;
    if (http) {
      // Stop taking work (new requests get 503), then give in-flight calls the grace period.
      http.stopAccepting();
      const idle = await http.waitIdle(config.http.shutdownGraceSeconds * 1000);
      if (!idle) {
        log.info(
          { inFlight: http.inFlight() },
          'grace period over: answering in-flight calls with their execution ARNs',
        );
      }
    }
    // New calls refused; Standard calls still waiting are answered at once with their execution ARN.
    // Express calls are not released by a drain: they get DRAIN_CAP_MS more, then the sockets close.
    await Promise.race([
      bridge
        .drain()
        .catch((error: unknown) => log.warn({ err: (error as Error).message }, 'error while draining')),
      new Promise<void>((resolve) => setTimeout(resolve, DRAIN_CAP_MS).unref()),
    ]);
    if (http) await http.waitIdle(FLUSH_MS);
    for (const close of closers.reverse()) {
      await close().catch((error: unknown) =>
        log.warn({ err: (error as Error).message }, 'error while closing'),
      );
    }
    await runtime.close();
    process.exit(0);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    // A second signal while draining means "now".
    if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
    void shutdown(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  if (config.transport === 'stdio') {
    const handle = serveStdio(createServerFactory(bridge, version, { notifyToolsChanged: true }), {
      onerror: (error) => log.warn({ err: error.message }, 'stdio error'),
    });
    closers.push(() => handle.close());
    // The client closing our stdin ends the session: the engine and sockets would otherwise keep us alive.
    process.stdin.once('end', () => void shutdown('stdin closed'));
    log.info({ transport: 'stdio' }, 'serving MCP over stdio');
    return;
  }

  const awsReachable = awsProbe(runtime.clients, log);
  const http = await serveHttp({
    host: config.host,
    port: config.port,
    provider: bridge,
    version,
    auth: auth!,
    allowedHosts: config.http.allowedHosts,
    allowedOrigins: config.http.allowedOrigins,
    maxBodyBytes: config.http.maxBodyBytes,
    readiness: async (): Promise<Readiness> => {
      const catalogue = bridge.isReady();
      const aws = await awsReachable();
      return {
        ready: catalogue && aws,
        checks: { catalogue: catalogue ? 'loaded' : 'loading', aws: aws ? 'reachable' : 'unreachable' },
      };
    },
    log,
  });
  served.http = http;
  bridge.onToolsChanged(() => http.notifyToolsChanged());
  closers.push(() => http.close());
  log.info(
    {
      transport: 'http',
      url: http.url,
      resource: http.resourceUrl,
      auth: [...(auth!.staticTokens.length > 0 ? ['static-tokens'] : []), ...(auth!.oauth ? ['oauth'] : [])],
      toolScopes: auth!.toolRules !== undefined,
    },
    'serving MCP over Streamable HTTP',
  );
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

/**
 * "AWS reachable" for /readyz: a ListStateMachines of one item through the server's own client,
 * cached for a few seconds so health checks from many load-balancer nodes cost AWS almost nothing.
 */
function awsProbe(clients: AwsClients, log: Logger): () => Promise<boolean> {
  let checkedAt = -Infinity;
  let ok = false;
  let pending: Promise<boolean> | undefined;
  return async () => {
    if (performance.now() - checkedAt < AWS_PROBE_TTL_MS) return ok;
    pending ??= clients.sfn
      .send(new ListStateMachinesCommand({ maxResults: 1 }), {
        abortSignal: AbortSignal.timeout(AWS_PROBE_TIMEOUT_MS),
      })
      .then(
        () => true,
        (error: unknown) => {
          log.warn({ err: (error as Error).name }, 'readiness: AWS Step Functions is not reachable');
          return false;
        },
      )
      .then((result) => {
        ok = result;
        checkedAt = performance.now();
        pending = undefined;
        return result;
      });
    return pending;
  };
}
