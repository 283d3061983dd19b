/** The catalogue: which state machines become MCP tools, and what those tools look like. */
export type * from './types.js';
export {
  discoverCatalog,
  listStateMachines,
  runDiscovery,
  tagsNeeded,
  DiscoveryMemo,
  DEFAULT_DISCOVERY_CONCURRENCY,
} from './discover.js';
export type {
  CatalogClients,
  DiscoverOptions,
  DiscoveryProgress,
  RunOptions,
  RunResult,
} from './discover.js';
export { LiveCatalog, DEFAULT_RECHECK_EVERY } from './live.js';
export type { ChangeListener, LiveCatalogOptions } from './live.js';
export { diffCatalogs, hasChanges, refreshCatalog } from './refresh.js';
export type { CatalogDiff, RefreshResult } from './refresh.js';
export { readTagsInBulk } from './tags.js';
export type { TaggingClient } from './tags.js';
export { annotationsFromTags, ANNOTATION_TAGS } from './annotations.js';
export { qualifierLine } from './description.js';
export type { QualifierInfo } from './description.js';
export { assembleCatalog, buildTool, SchemaMemo } from './assemble.js';
export type { BuiltTool, MachineDetails, SchemaConversionHook, UsableSchema } from './assemble.js';
export {
  checkName,
  checkTags,
  compileSelection,
  parseStateMachineListEntry,
  unmatchedEntryWarning,
  unmatchedListEntries,
} from './selection.js';
export type { NameCheck, SelectionRules, StateMachineListEntry, TagCheck, TagFilter } from './selection.js';
export { assignToolNames, baseToolName, nameHash, MAX_TOOL_NAME_LENGTH } from './naming.js';
export { buildDescription, definitionComment } from './description.js';
export type { DescriptionParts } from './description.js';
export {
  ensureObjectRoot,
  normalizeJsonSchema,
  openApiToJsonSchema,
  openInputSchema,
  registrySchemaToInputSchema,
  SchemaConversionError,
  WRAPPED_INPUT_PROPERTY,
} from './schema.js';
export type { ConvertedInputSchema, JsonObject, RegistrySchemaDocument } from './schema.js';
export { awsErrorText } from '../aws/errors.js';
