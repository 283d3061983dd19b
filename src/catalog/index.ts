/** The catalogue: which state machines become MCP tools, and what those tools look like. */
export type * from './types.js';
export {
  discoverCatalog,
  listStateMachines,
  awsErrorText,
  DEFAULT_DISCOVERY_CONCURRENCY,
} from './discover.js';
export type { DiscoverOptions } from './discover.js';
export { assembleCatalog, buildTool } from './assemble.js';
export type { BuiltTool, MachineDetails } from './assemble.js';
export {
  checkName,
  checkTags,
  compileSelection,
  parseStateMachineListEntry,
  unmatchedEntries,
} from './selection.js';
export type {
  NameCheck,
  ParsedListEntry,
  SelectionRules,
  StateMachineListEntry,
  TagCheck,
  TagFilter,
} from './selection.js';
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
export { parseSchemaArn } from './schema-arn.js';
export type { ParsedSchemaArn, SchemaRef } from './schema-arn.js';
