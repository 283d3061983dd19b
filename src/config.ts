/**
 * Transitional: the configuration layer lives in src/config/. This file keeps '../config.js' imports of
 * other layers working until they import './config/index.js'; delete it then.
 */
export * from './config/index.js';
