import type { Bridge } from '../../bridge/index.js';
import type { Logger } from '../../log.js';
import type { Runtime } from '../../runtime.js';
import type { Shutdown } from './shutdown.js';

/** What a transport needs once the AWS side and the bridge are up. */
export interface Serving {
  runtime: Runtime;
  bridge: Bridge;
  shutdown: Shutdown;
  log: Logger;
  version: string;
}
