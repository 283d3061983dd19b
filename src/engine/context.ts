import type { ArnScope } from '../aws/arn.js';
import type { Logger } from '../log.js';
import type { Control } from './faults.js';
import type { EngineQuotas } from './quotas.js';
import type { Store } from './store.js';

/** What every request handler may use: the account, its ARN scope, the logger and, when on, the controls. */
export interface EngineContext {
  store: Store;
  scope: ArnScope;
  log: Logger;
  /** Fault injection and the call log; absent unless the engine was started with `control: true`. */
  control?: Control;
  /** AWS's API throttling quotas; absent unless the engine was started with `quotas`. */
  quotas?: EngineQuotas;
}
