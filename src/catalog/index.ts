/**
 * The catalogue: which state machines become MCP tools, and what those tools look like. What the
 * rest of the server uses of it; the modules' own helpers are imported from the modules.
 */
export type * from './types.js';
export { discoverCatalog, DEFAULT_DISCOVERY_CONCURRENCY } from './discover.js';
export type { CatalogClients, DiscoverOptions } from './discover.js';
export { progressCount, progressText } from './progress.js';
export type { DiscoveryProgress } from './progress.js';
export type { TaggingClient } from './tags.js';
export { LiveCatalog, DEFAULT_RECHECK_EVERY } from './live.js';
export type { ChangeListener, LiveCatalogOptions } from './live.js';
export type { CatalogDiff, RefreshResult } from './refresh.js';
export { compileSchema } from './json-schema.js';
export type { CompiledSchema } from './json-schema.js';
export { WRAPPED_INPUT_PROPERTY } from './schema-object-root.js';
