/** A bad setting: the message names the variable or flag and what is allowed. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
