/** The platform's cache folder for this server: $XDG_CACHE_HOME or ~/.cache on Linux, and the like. */
import envPaths from 'env-paths';

export function defaultCacheFolder(): string {
  return envPaths('stepfunctions-tool-mcp-server', { suffix: '' }).cache;
}
