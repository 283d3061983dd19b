/** The shapes the catalogue hands to the MCP layer and to execution. No I/O here. */
import type { SelectionConfig } from '../config/index.js';
import type { StateMachineType } from '@aws-sdk/client-sfn';

/** A state machine as ListStateMachines reports it, plus the ARN a call must run. */
export interface MachineRef {
  /** The unqualified state machine ARN. */
  arn: string;
  name: string;
  type: StateMachineType;
  /** The ARN to start: the machine ARN, or a version/alias ARN named in STATE_MACHINE_LIST. */
  invokeArn: string;
  /** Set when invokeArn is a version ARN: the version number. */
  version?: string;
  /** Set when invokeArn is an alias ARN: the alias name. */
  alias?: string;
}

export interface ToolAnnotations {
  title: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/**
 * How the execution input of a tool whose arguments are an EventBridge event's `detail` is built: the
 * server wraps the detail in the event envelope (src/execution/event-envelope.ts).
 */
export interface EventTemplate {
  /** The document's `x-amazon-events-source`; undefined when it names none. */
  source?: string;
  /** The document's `x-amazon-events-detail-type`; undefined when it names none. */
  detailType?: string;
  /** The optional argument that sets envelope fields, when the tool offers one (see ENVELOPE_ARGUMENT). */
  envelopeArgument?: string;
}

/** One MCP tool backed by one state machine. */
export interface MachineTool {
  /** MCP tool name: cleaned, at most 64 characters, unique and stable. */
  name: string;
  description: string;
  /** The JSON Schema served as the tool's inputSchema; its root is always an object. */
  inputSchema: Record<string, unknown>;
  /** True when a non-object registry schema was wrapped as { input: <schema> }: unwrap on call. */
  wrapsInput: boolean;
  /** True when an input schema was found in the registry. */
  hasSchema: boolean;
  /**
   * The tool's outputSchema, from the registry schema the output schema tag names; its root is always
   * an object. Absent when the machine has none (or it cannot be used).
   */
  outputSchema?: Record<string, unknown>;
  /** True when a non-object output schema was wrapped as { result: <schema> }: the output is wrapped so. */
  wrapsOutput?: boolean;
  /** Set when the arguments are an EventBridge event's detail: the server builds the event around them. */
  event?: EventTemplate;
  /**
   * The JSON Schema formats the arguments must match (SFN_MCP_CHECK_FORMATS, src/catalog/json-schema.ts);
   * absent or empty: formats are annotations, as JSON Schema 2020-12 has them by default.
   */
  checkedFormats?: readonly string[];
  annotations: ToolAnnotations;
  machine: MachineRef;
  /** Started only after the person confirms the arguments (tag `mcp:confirm=true`, confirm-tag.ts). */
  confirm?: boolean;
}

/**
 * Why a machine is left out: `prefix` (only a prefix is set and the name does not start with it),
 * `list` (only STATE_MACHINE_LIST is set and does not name it), `prefix-or-list` (both are set and
 * neither matches), `tag`, `tag-filter-incomplete` (only one of the tag variables is set) or
 * `unreadable` (its tags or description cannot be read; the detail carries the AWS error).
 */
export type ExclusionReason =
  'prefix' | 'list' | 'prefix-or-list' | 'tag' | 'tag-filter-incomplete' | 'unreadable';

/** A machine left out of the selection, and why (for logs and the `list` dry run). */
export interface Exclusion {
  name: string;
  arn: string;
  reason: ExclusionReason;
  detail: string;
}

export interface Catalog {
  tools: MachineTool[];
  excluded: Exclusion[];
  /** Warnings that are not tied to one machine (e.g. a tag filter with only the key set). */
  warnings: string[];
  /** STATE_MACHINE_LIST entries that matched no listed machine (also among the warnings). */
  unmatchedEntries?: string[];
}

export type { SelectionConfig };
