// Transitional: the bridge lives in src/bridge/index.ts. This file only keeps src/serve.ts and
// test/execution/drain.test.ts building until they import that module; delete it then.
export {
  Bridge,
  SHUTTING_DOWN_MESSAGE,
  STATE_READ_INTERVAL_MS,
  STATE_READS_BURST,
  STATE_READS_PER_SECOND,
} from './bridge/index.js';
