/** `stepfunctions-tool-mcp-server engine`: the local Step Functions engine alone, in the foreground. */
import { Command } from 'commander';
import { ConfigError } from '../config/index.js';
import { createLogger } from '../log.js';
import type { Engine, EngineQuotaOptions } from '../engine/types.js';

/** The engine subcommand's flags, as its error messages name them. */
const FLAG_NAMES = {
  control: '--control',
  host: '--host',
  quotasTable: '--quotas',
  quotasScale: '--quotas-scale',
};

/** What the command line says of the emulated quotas. */
interface QuotaFlags {
  /** `--quotas` alone is `true` (the region's table). */
  quotas?: string | true;
  quotasScale?: string;
}

/** Starts the engine and prints the one line a user or script looks for on stdout; logs stay on stderr. */
export async function runEngineCommand(opts: {
  dir?: string;
  port?: number;
  host?: string;
  control?: boolean;
  quotas?: EngineQuotaOptions;
}): Promise<Engine> {
  // The engine's code is loaded only when this command runs.
  const { resolveEngineOptions, startEngine } = await import('../engine/index.js');
  const options = {
    ...(opts.dir !== undefined ? { dir: opts.dir } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.host !== undefined ? { host: opts.host } : {}),
    ...(opts.control ? { control: true } : {}),
    ...(opts.quotas ? { quotas: opts.quotas } : {}),
  };
  const checked = resolveEngineOptions(options, FLAG_NAMES);
  if (!checked.ok) throw new ConfigError(checked.error);
  const log = createLogger({ name: 'engine' });
  const engine = await startEngine({ ...options, log });
  const { loaded, errors } = engine.loadReport;
  log.info({ dir: opts.dir, loaded, failed: errors.length }, 'state machines loaded');
  const serving = loaded.length
    ? `serving ${loaded.length} state machine(s): ${loaded.join(', ')}`
    : 'serving no state machines yet';
  process.stdout.write(`Local Step Functions engine listening on ${engine.endpoint} (${serving})\n`);
  return engine;
}

/** The subcommand, with its own options (it takes none of the server's settings). */
export function engineCommand(fail: (error: unknown) => never): Command {
  return new Command('engine')
    .description('run the local Step Functions engine alone (Step Functions and Schemas APIs over HTTP)')
    .option('--dir <folder>', 'folder of state machines to load')
    .option('--host <host>', 'bind address', '127.0.0.1')
    .option('--port <n>', 'port (0 = any free port)', '4583')
    .option(
      '--control',
      'serve fault injection and the call log under /_local/ (for tests and benchmarks; loopback --host only)',
    )
    .option(
      '--quotas [table]',
      "throttle requests beyond AWS's documented API quotas: `auto` (the region's table), `large` or `other`",
    )
    .option(
      '--quotas-scale <n>',
      'with --quotas: multiply every bucket and refill rate (tests run quotas faster)',
    )
    .action(async (options: { dir?: string; host: string; port: string; control?: boolean } & QuotaFlags) => {
      try {
        const port = Number(options.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          throw new ConfigError(
            `--port: '${options.port}' is not allowed; use a whole number from 0 to 65535`,
          );
        }
        const engine = await runEngineCommand({
          ...(options.dir ? { dir: options.dir } : {}),
          host: options.host,
          port,
          ...(options.control ? { control: true } : {}),
          ...quotaOptions(options),
        });
        const stop = () => void engine.close().then(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      } catch (error) {
        fail(error);
      }
    });
}

/** --quotas and --quotas-scale as startEngine takes them; the values are checked there. */
function quotaOptions(flags: QuotaFlags): { quotas?: EngineQuotaOptions } {
  if (flags.quotas === undefined) {
    if (flags.quotasScale !== undefined) throw new ConfigError('--quotas-scale: needs --quotas');
    return {};
  }
  const table = (flags.quotas === true ? 'auto' : flags.quotas) as EngineQuotaOptions['table'];
  const scale = flags.quotasScale === undefined ? 1 : Number(flags.quotasScale);
  return { quotas: { ...(table ? { table } : {}), scale } };
}
