/**
 * Reading the settings: flags win over the environment, empty environment values count as unset, and a
 * value that does not parse stops the run with one line naming where it came from and what is allowed.
 * This is the one place that reads the environment's settings.
 */
import { buildConfig, type Config } from './config.js';
import { ConfigError } from './error.js';
import {
  SETTINGS,
  settingSpec,
  type RawSettings,
  type SettingKey,
  type SettingSpec,
  type SettingValues,
} from './settings.js';

type Setting = SettingSpec<SettingKey>;

/** The configuration the flags and environment describe; throws ConfigError on the first bad value. */
export function resolveConfig(flags: RawSettings, env: NodeJS.ProcessEnv): Config {
  return buildConfig(readSettings(flags, env));
}

/** Every setting's value. */
export function readSettings(flags: RawSettings, env: NodeJS.ProcessEnv): SettingValues {
  const values: Partial<Record<SettingKey, unknown>> = {};
  for (const spec of SETTINGS) values[spec.key] = readValue(spec, flags, env);
  // Each key holds what its own kind's schema produced, which is what SettingValues says.
  return values as SettingValues;
}

/** One setting's value, for a command that needs only it (the engine subcommand's log level). */
export function readSetting<K extends SettingKey>(
  key: K,
  flags: RawSettings,
  env: NodeJS.ProcessEnv,
): SettingValues[K] {
  return readValue(settingSpec(key), flags, env) as SettingValues[K];
}

function readValue(spec: Setting, flags: RawSettings, env: NodeJS.ProcessEnv): unknown {
  const { text, source } = rawText(spec, flags, env);
  if (text === undefined) return undefined;
  const parsed = spec.kind.schema.safeParse(text);
  if (parsed.success) return parsed.data;
  throw new ConfigError(`${source}: '${text}' ${parsed.error.issues[0]?.message ?? 'is not allowed'}`);
}

/** The setting's text and where it came from: the flag, the first environment variable set, or the default. */
function rawText(
  spec: Setting,
  flags: RawSettings,
  env: NodeJS.ProcessEnv,
): { text: string | undefined; source: string } {
  const flag = flags[spec.key];
  if (flag !== undefined) return { text: String(flag), source: spec.flag };
  for (const name of spec.env) {
    const value = env[name]?.trim();
    if (value) return { text: value, source: name };
  }
  return { text: spec.default, source: spec.env[0] };
}
