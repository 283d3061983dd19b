/** The configuration layer: the settings table, how it is read, and the Config a run uses. */
export type { AwsConfig, Config, HttpSecurityConfig, SelectionConfig } from './config.js';
export { ConfigError } from './error.js';
export { splitList } from './kinds.js';
export { readSetting, resolveConfig } from './resolve.js';
export {
  CHECKABLE_FORMATS,
  EVENT_ENVELOPE_MODES,
  MAX_WAIT_SECONDS,
  SETTINGS,
  settingEnvName,
  settingLabel,
  type EventEnvelopeMode,
  type LogLevel,
  type OperationsLevel,
  type RawSettings,
  type SettingKey,
  type SettingSpec,
  type SettingValues,
  type Transport,
} from './settings.js';
