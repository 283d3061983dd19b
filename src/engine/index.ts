import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../log.js';
import type { EngineContext } from './context.js';
import { CallLog, Faults } from './faults.js';
import { loadFolder } from './loader.js';
import { route } from './router.js';
import { Store } from './store.js';
import type { Engine, EngineOptions, LoadReport } from './types.js';

export type { CallRecord, Engine, EngineOptions, FaultSettings, LoadReport } from './types.js';
export type { TaskContext, TaskHandler, TaskHandlers } from './task-handlers.js';

/** Starts the local Step Functions + Schemas engine on its own HTTP port. */
export async function startEngine(opts: EngineOptions = {}): Promise<Engine> {
  const host = opts.host ?? '127.0.0.1';
  const region = opts.region ?? 'us-east-1';
  const accountId = opts.accountId ?? '123456789012';
  const schemaTagKey = opts.schemaTagKey ?? 'InputSchemaArn';
  const log = opts.log ?? silentLogger();
  if (!/^\d{12}$/.test(accountId)) throw new Error(`accountId must be 12 digits, got '${accountId}'`);

  const ctx: EngineContext = { store: new Store(), scope: { region, accountId }, faults: new Faults(), log };
  const calls = new CallLog();
  const loadReport: LoadReport = opts.dir
    ? await loadFolder(ctx, opts.dir, schemaTagKey)
    : { loaded: [], errors: [] };

  const closing = new AbortController();
  const server = createServer((req, res) => {
    route(req, res, { ctx, calls, closing: closing.signal }).catch((err: unknown) => {
      log.error({ err }, 'request failed outside the router');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const endpoint = `http://${endpointHost(host)}:${address.port}`;
  log.info({ endpoint, stateMachines: ctx.store.machines.size }, 'local Step Functions engine listening');

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing.abort();
      const running = ctx.store.running();
      for (const execution of running)
        execution.stop('Local.EngineClosed', 'The local engine was closed while the execution was running');
      await Promise.all(running.map((e) => e.settled));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      log.info({ endpoint }, 'local Step Functions engine closed');
    })();
    return closed;
  };

  return {
    endpoint,
    region,
    accountId,
    schemaTagKey,
    faults: { set: (f) => ctx.faults.set(f), reset: () => ctx.faults.reset(), get: () => ctx.faults.get() },
    calls: { counts: () => calls.counts(), entries: () => calls.entries(), reset: () => calls.reset() },
    loadReport,
    close,
  };
}

function endpointHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
