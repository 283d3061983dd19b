import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EngineContext } from './context.js';
import { CallLog, Faults } from './faults.js';
import { loadFolder } from './loader.js';
import { resolveEngineOptions } from './options.js';
import { EngineQuotas, setQuotas } from './quotas.js';
import { route } from './router.js';
import { Store } from './store.js';
import type { Engine, EngineOptions, LoadReport } from './types.js';

export type {
  CallRecord,
  Engine,
  EngineOptions,
  EngineQuotaOptions,
  FaultSettings,
  LoadReport,
} from './types.js';
export type { QuotaThrottles } from './quotas.js';
export type { TaskContext, TaskHandler, TaskHandlers } from './task-handlers.js';
export { resolveEngineOptions, type OptionNames } from './options.js';

/**
 * Starts the local Step Functions + Schemas engine on its own HTTP port. Fault injection and the call log
 * (in code and under /_local) exist only with `control: true`, on a loopback address; AWS's API
 * throttling quotas are emulated only with `quotas`.
 */
export async function startEngine(opts: EngineOptions = {}): Promise<Engine> {
  const resolved = resolveEngineOptions(opts);
  if (!resolved.ok) throw new Error(resolved.error);
  const { host, region, accountId, schemaTagKey, outputSchemaTagKey, log } = resolved.value;
  const ctx: EngineContext = {
    store: new Store(),
    scope: { region, accountId },
    log,
    ...(resolved.value.control ? { control: { faults: new Faults(), calls: new CallLog() } } : {}),
    ...(resolved.value.quotas
      ? { quotas: new EngineQuotas(resolved.value.quotas.table, resolved.value.quotas.scale) }
      : {}),
  };
  const loadReport: LoadReport = resolved.value.dir
    ? await loadFolder(ctx, resolved.value.dir, { input: schemaTagKey, output: outputSchemaTagKey })
    : { loaded: [], errors: [] };

  const closing = new AbortController();
  const server = createServer((req, res) => {
    route(req, res, { ctx, closing: closing.signal }).catch((err: unknown) => {
      log.error({ err }, 'request failed outside the router');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await listen(server, resolved.value.port, host);
  const address = server.address() as AddressInfo;
  const endpoint = `http://${endpointHost(host)}:${address.port}`;
  log.info(
    {
      endpoint,
      stateMachines: ctx.store.machines.size,
      control: ctx.control !== undefined,
      ...(resolved.value.quotas ? { quotas: resolved.value.quotas } : {}),
    },
    'local Step Functions engine listening',
  );

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
    outputSchemaTagKey,
    ...controls(ctx),
    quotas: quotasOf(ctx),
    loadReport,
    close,
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The in-process faults and call log; on an engine without the controls, each use says how to turn them on. */
function controls(ctx: EngineContext): Pick<Engine, 'control' | 'faults' | 'calls'> {
  const control = ctx.control;
  const off = (what: string): never => {
    throw new Error(
      `engine.${what} is off: start the engine with startEngine({ control: true }) (engine --control) to use it`,
    );
  };
  return {
    control: control !== undefined,
    faults: {
      set: (f) => (control ? control.faults.set(f) : off('faults')),
      reset: () => (control ? control.faults.reset() : off('faults')),
      get: () => (control ? control.faults.get() : off('faults')),
    },
    calls: {
      counts: () => (control ? control.calls.counts() : off('calls')),
      entries: () => (control ? control.calls.entries() : off('calls')),
      reset: () => (control ? control.calls.reset() : off('calls')),
    },
  };
}

/** The emulated quotas, or none: then nothing is throttled and nothing counted. */
function quotasOf(ctx: EngineContext): Engine['quotas'] {
  return {
    get table() {
      return ctx.quotas?.table;
    },
    get scale() {
      return ctx.quotas?.scale ?? 1;
    },
    throttled: () => ctx.quotas?.throttled() ?? { total: 0, byOperation: {} },
    reset: () => ctx.quotas?.reset(),
    set: (options) => setQuotas(ctx, options),
  };
}

function endpointHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
