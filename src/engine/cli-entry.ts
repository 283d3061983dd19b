import { createLogger } from '../log.js';
import { startEngine } from './index.js';
import type { Engine } from './types.js';

/** `stepfunctions-tool-mcp-server engine --dir <folder> --port <n>`: the engine alone, in the foreground. */
export async function runEngineCommand(opts: {
  dir?: string;
  port?: number;
  host?: string;
}): Promise<Engine> {
  const log = createLogger({ name: 'engine' });
  const engine = await startEngine({
    ...(opts.dir !== undefined ? { dir: opts.dir } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.host !== undefined ? { host: opts.host } : {}),
    log,
  });
  const { loaded, errors } = engine.loadReport;
  log.info({ dir: opts.dir, loaded, failed: errors.length }, 'state machines loaded');
  const serving = loaded.length
    ? `serving ${loaded.length} state machine(s): ${loaded.join(', ')}`
    : 'serving no state machines yet';
  // stdout carries the one line a user or script looks for; logs stay on stderr.
  process.stdout.write(`Local Step Functions engine listening on ${engine.endpoint} (${serving})\n`);
  return engine;
}
