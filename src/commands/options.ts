/** The settings table (src/config/settings.ts) as commander options, and back from parsed options. */
import { Command, Option } from 'commander';
import { SETTINGS, resolveConfig, type Config, type RawSettings, type SettingSpec } from '../config/index.js';

/** Adds every setting to `command` as a flag; its help names the variables and the default. */
export function addSettings(command: Command): Command {
  for (const spec of SETTINGS) command.addOption(settingOption(spec));
  return command;
}

export function settingOption(spec: SettingSpec): Option {
  const option = new Option(`${spec.flag} ${spec.kind.placeholder}`, optionHelp(spec));
  // A boolean flag alone means true.
  return spec.kind.standsAlone ? option.argParser((value: string | undefined) => value ?? 'true') : option;
}

function optionHelp(spec: SettingSpec): string {
  return `${spec.help} [env: ${spec.env.join(', ')}]${defaultNote(spec)}`;
}

function defaultNote(spec: SettingSpec): string {
  return spec.default ? ` (default: ${spec.default})` : '';
}

/** The program's --help epilogue: each setting's flag, variables and default, one line each. */
export function settingsSummary(): string {
  return SETTINGS.map((s) => `  ${s.flag.padEnd(42)} ${s.env.join(', ')}${defaultNote(s)}`).join('\n');
}

/** The Config that parsed options and the environment describe (flags win). */
export function configFrom(options: Record<string, unknown>, env: NodeJS.ProcessEnv): Config {
  const flags: RawSettings = {};
  for (const spec of SETTINGS) {
    const value = options[spec.key];
    if (value !== undefined) flags[spec.key] = value === true ? 'true' : String(value);
  }
  return resolveConfig(flags, env);
}
