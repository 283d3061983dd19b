import type { Logger } from '../log.js';
import type { ArnScope } from './arn.js';
import type { Faults } from './faults.js';
import type { Store } from './store.js';

/** What every request handler may use: the account, its ARN scope, faults and the logger. */
export interface EngineContext {
  store: Store;
  scope: ArnScope;
  faults: Faults;
  log: Logger;
}
