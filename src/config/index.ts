/** The configuration layer: the settings table, how it is read, and the Config a run uses. */
export type { AwsConfig, Config, HttpSecurityConfig } from './config.js';
export { ConfigError } from './error.js';
export { splitList, type SettingKind } from './kinds.js';
export { readSetting, resolveConfig } from './resolve.js';
export {
  LOG_LEVELS,
  MAX_WAIT_SECONDS,
  SETTINGS,
  TRANSPORTS,
  settingLabel,
  type LogLevel,
  type RawSettings,
  type SettingKey,
  type SettingSpec,
  type SettingValues,
  type Transport,
} from './settings.js';
