/**
 * The settings table: every setting once, with its key, flag, environment variables (the first one set
 * wins), default, kind (how its text parses and what is allowed) and help. --help (src/commands/options.ts),
 * the error lines (src/config/resolve.ts) and the README's configuration table (checked by
 * test/config/readme.test.ts) all come from it; the Config a run uses is built from its values
 * (src/config/config.ts).
 */
import { formatNames } from 'ajv-formats/dist/formats.js';
import type * as z from 'zod';
import {
  apiQuotas,
  boolean,
  cacheFolder,
  choices,
  httpUrl,
  list,
  listOf,
  oneOf,
  stateMachineList,
  text,
  wholeNumber,
  type SettingKind,
} from './kinds.js';

/** The longest wait budget (and get_execution_result wait) allowed: 7 days. */
export const MAX_WAIT_SECONDS = 7 * 24 * 3600;

export const TRANSPORTS = ['stdio', 'http'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** Which operations tools are served: none, the read-only ones, or all of them. */
export const OPERATIONS_LEVELS = ['none', 'read', 'all'] as const;
export type OperationsLevel = (typeof OPERATIONS_LEVELS)[number];

/**
 * What the tool of an EventBridge event schema takes: the event's `detail` (the server builds the
 * envelope around it, src/catalog/event-schema.ts) or the `full` event.
 */
export const EVENT_ENVELOPE_MODES = ['detail', 'full'] as const;
export type EventEnvelopeMode = (typeof EVENT_ENVELOPE_MODES)[number];

/** The JSON Schema `format`s the validator can check (ajv-formats' list). */
export const CHECKABLE_FORMATS: readonly string[] = formatNames;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface SettingSpec<K extends string = string> {
  key: K;
  flag: `--${string}`;
  /** Environment variables, first set wins; empty values count as unset. */
  env: readonly [string, ...string[]];
  /** The text used when neither flag nor variable is set; parsed like any other. Absent = unset. */
  default?: string;
  kind: SettingKind<unknown>;
  /** One line for --help and the README (backticks mark code). */
  help: string;
}

const TABLE = [
  // Where AWS is.
  {
    key: 'awsProfile',
    flag: '--aws-profile',
    env: ['AWS_PROFILE'],
    kind: text,
    help: "named AWS profile; unset = the SDK's default credential chain (environment, SSO, web identity, container, instance)",
  },
  {
    key: 'awsRegion',
    flag: '--aws-region',
    env: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
    default: 'us-east-1',
    kind: text,
    help: 'AWS region',
  },
  {
    key: 'endpointUrl',
    flag: '--endpoint-url',
    env: ['AWS_ENDPOINT_URL'],
    kind: httpUrl,
    help: 'endpoint override for every AWS service',
  },
  {
    key: 'sfnEndpointUrl',
    flag: '--sfn-endpoint-url',
    env: ['AWS_ENDPOINT_URL_SFN'],
    kind: httpUrl,
    help: 'endpoint override for Step Functions',
  },
  {
    key: 'syncEndpointUrl',
    flag: '--sync-endpoint-url',
    env: ['SFN_MCP_SYNC_ENDPOINT_URL'],
    kind: httpUrl,
    help:
      'endpoint for StartSyncExecution (Express calls), e.g. a PrivateLink `sync-states` endpoint or a proxy; ' +
      "unset = the Step Functions endpoint, without the SDK's `sync-` host prefix when an endpoint is set (what emulators serve)",
  },
  {
    key: 'schemasEndpointUrl',
    flag: '--schemas-endpoint-url',
    env: ['AWS_ENDPOINT_URL_SCHEMAS'],
    kind: httpUrl,
    help: 'endpoint override for the EventBridge Schema Registry',
  },
  // Which machines become tools.
  {
    key: 'stateMachinePrefix',
    flag: '--state-machine-prefix',
    env: ['STATE_MACHINE_PREFIX'],
    default: '',
    kind: text,
    help: 'select machines whose name starts with it (case-sensitive)',
  },
  {
    key: 'stateMachineList',
    flag: '--state-machine-list',
    env: ['STATE_MACHINE_LIST'],
    default: '',
    kind: stateMachineList,
    help: 'comma-separated machine names or ARNs (version and alias ARNs too)',
  },
  {
    key: 'stateMachineTagKey',
    flag: '--state-machine-tag-key',
    env: ['STATE_MACHINE_TAG_KEY'],
    default: '',
    kind: text,
    help: 'keep only machines tagged key=value (set both key and value)',
  },
  {
    key: 'stateMachineTagValue',
    flag: '--state-machine-tag-value',
    env: ['STATE_MACHINE_TAG_VALUE'],
    default: '',
    kind: text,
    help: 'the tag value for `--state-machine-tag-key`',
  },
  {
    key: 'stateMachineInputSchemaArnTagKey',
    flag: '--state-machine-input-schema-arn-tag-key',
    env: ['STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY'],
    kind: text,
    help: "tag whose value is the Schema Registry ARN of the machine's input schema",
  },
  {
    key: 'outputSchemaArnTagKey',
    flag: '--output-schema-arn-tag-key',
    env: ['SFN_MCP_OUTPUT_SCHEMA_ARN_TAG_KEY'],
    kind: text,
    help: "tag whose value is the Schema Registry ARN of the machine's output schema (the tool's `outputSchema`)",
  },
  {
    key: 'eventEnvelope',
    flag: '--event-envelope',
    env: ['SFN_MCP_EVENT_ENVELOPE'],
    default: 'detail',
    kind: oneOf('mode', EVENT_ENVELOPE_MODES),
    help: "EventBridge event schemas: `detail` = the tool takes the event's detail and the server builds the envelope; `full` = the tool takes the whole event",
  },
  {
    key: 'checkFormats',
    flag: '--check-formats',
    env: ['SFN_MCP_CHECK_FORMATS'],
    default: '',
    kind: listOf('format', CHECKABLE_FORMATS),
    help: 'comma-separated JSON Schema `format`s that arguments must match (e.g. `date-time,email`; `all` = every format); empty = formats are annotations, not checked',
  },
  // How clients reach the server.
  {
    key: 'transport',
    flag: '--transport',
    env: ['SFN_MCP_TRANSPORT'],
    default: 'stdio',
    kind: oneOf('transport', TRANSPORTS),
    help: choices(TRANSPORTS),
  },
  {
    key: 'host',
    flag: '--host',
    env: ['SFN_MCP_HOST'],
    default: '127.0.0.1',
    kind: text,
    help: 'HTTP bind address',
  },
  {
    key: 'port',
    flag: '--port',
    env: ['SFN_MCP_PORT'],
    default: '3000',
    kind: wholeNumber(0, 65535),
    help: 'HTTP port (0 = any free port)',
  },
  {
    key: 'local',
    flag: '--local',
    env: ['SFN_MCP_LOCAL'],
    kind: text,
    help: 'a folder of state machines: run on the embedded local engine instead of AWS',
  },
  // How calls run.
  {
    key: 'waitBudgetSeconds',
    flag: '--wait-budget-seconds',
    env: ['SFN_MCP_WAIT_BUDGET_SECONDS'],
    default: '45',
    kind: wholeNumber(0, MAX_WAIT_SECONDS),
    help: 'how long a Standard call waits before it returns the execution ARN (0 = no limit)',
  },
  {
    key: 'stopOnCancel',
    flag: '--stop-on-cancel',
    env: ['SFN_MCP_STOP_ON_CANCEL'],
    default: 'false',
    kind: boolean,
    help: 'also stop the execution when the client cancels the call',
  },
  {
    key: 'describeRate',
    flag: '--describe-rate',
    env: ['SFN_MCP_DESCRIBE_RATE'],
    default: '10',
    kind: wholeNumber(1, 10_000),
    help: "DescribeExecution calls per second shared by all waiting calls, task polls and result reads (AWS's smallest documented refill is 10)",
  },
  {
    key: 'resultTool',
    flag: '--result-tool',
    env: ['SFN_MCP_RESULT_TOOL'],
    default: 'true',
    kind: boolean,
    help: 'serve the `get_execution_result` companion tool',
  },
  {
    key: 'agentApprovals',
    flag: '--agent-approvals',
    env: ['SFN_MCP_AGENT_APPROVALS'],
    default: 'false',
    kind: boolean,
    help: "serve `answer_approval`, with which the agent itself may answer a workflow's pending approval (off: only a person, through elicitation)",
  },
  {
    key: 'startUnconfirmed',
    flag: '--start-unconfirmed',
    env: ['SFN_MCP_START_UNCONFIRMED'],
    default: 'false',
    kind: boolean,
    help: 'start machines tagged `mcp:confirm=true` without confirmation when the client cannot ask the user (no elicitation); off = refuse such calls',
  },
  {
    key: 'requestStateKey',
    flag: '--request-state-key',
    env: ['SFN_MCP_REQUEST_STATE_KEY'],
    kind: text,
    help: 'secret that signs the state of calls waiting for a person (2026-07-28); the same on every instance behind a load balancer; unset = a random key per process',
  },
  {
    key: 'operations',
    flag: '--operations',
    env: ['SFN_MCP_OPERATIONS'],
    default: 'none',
    kind: oneOf('level', OPERATIONS_LEVELS),
    help:
      "tools on the selected machines' executions: `none`; `read` (list_executions, describe_execution); " +
      '`all` (also stop_execution, redrive_execution)',
  },
  // What clients see of the tools.
  {
    key: 'schemaInDescription',
    flag: '--schema-in-description',
    env: ['SFN_MCP_SCHEMA_IN_DESCRIPTION'],
    default: 'false',
    kind: boolean,
    help: "also write each tool's input schema into its description (an `Input Schema:` block), for clients that ignore `inputSchema`",
  },
  {
    key: 'toolBudget',
    flag: '--tool-budget',
    env: ['SFN_MCP_TOOL_BUDGET'],
    default: '40',
    kind: wholeNumber(0, 100_000),
    help: 'the most tools `tools/list` holds; a larger selection is served as `search_workflows` and `run_workflow` (0 = no limit)',
  },
  // How the catalogue is read.
  {
    key: 'refreshSeconds',
    flag: '--refresh-seconds',
    env: ['SFN_MCP_REFRESH_SECONDS'],
    default: '300',
    kind: wholeNumber(0, 7 * 24 * 3600),
    help: 'how often the catalogue is re-read (0 = never)',
  },
  {
    key: 'tagsInBulk',
    flag: '--tags-in-bulk',
    env: ['SFN_MCP_TAGS_IN_BULK'],
    default: 'true',
    kind: boolean,
    help: 'read tags with the Resource Groups Tagging API (tag:GetResources), many machines per call; `false` = one ListTagsForResource per machine',
  },
  {
    key: 'refreshRecheckEvery',
    flag: '--refresh-recheck-every',
    env: ['SFN_MCP_REFRESH_RECHECK_EVERY'],
    default: '6',
    kind: wholeNumber(1, 1000),
    help: "a refresh re-reads each unchanged machine's description at least every N refreshes (1 = every time)",
  },
  {
    key: 'annotationTags',
    flag: '--annotation-tags',
    env: ['SFN_MCP_ANNOTATION_TAGS'],
    default: 'false',
    kind: boolean,
    help: "read every selected machine's tags so `mcp:*` tags apply: the tool hints and title, and `mcp:confirm`",
  },
  {
    key: 'discoveryConcurrency',
    flag: '--discovery-concurrency',
    env: ['SFN_MCP_DISCOVERY_CONCURRENCY'],
    default: '32',
    kind: wholeNumber(1, 256),
    help: 'AWS calls made at once while discovering machines',
  },
  {
    key: 'catalogCache',
    flag: '--catalog-cache',
    env: ['SFN_MCP_CATALOG_CACHE'],
    default: 'auto',
    kind: cacheFolder,
    help: "where the last catalogue is kept for instant restarts: `auto` (the platform's cache folder), a folder, or `off`",
  },
  // How the server stays within AWS's API quotas.
  {
    key: 'apiQuotas',
    flag: '--api-quotas',
    env: ['SFN_MCP_API_QUOTAS'],
    default: 'auto',
    kind: apiQuotas,
    help: "the AWS API quotas requests are paced by: `auto` (the region's documented table), `large`, `other` or `off`, and `scale=<n>`, `<Operation>=<refill>/<bucket>` entries",
  },
  // Shared deployments over HTTP.
  {
    key: 'authTokens',
    flag: '--auth-tokens',
    env: ['SFN_MCP_AUTH_TOKENS'],
    default: '',
    kind: list,
    help: 'comma-separated static bearer tokens required over HTTP',
  },
  {
    key: 'authTokensFile',
    flag: '--auth-tokens-file',
    env: ['SFN_MCP_AUTH_TOKENS_FILE'],
    kind: text,
    help: 'file with one static bearer token per line',
  },
  {
    key: 'oauthIssuer',
    flag: '--oauth-issuer',
    env: ['SFN_MCP_OAUTH_ISSUER'],
    kind: httpUrl,
    help: 'OAuth 2.1 authorization server (issuer URL) whose JWT access tokens are accepted',
  },
  {
    key: 'oauthJwksUrl',
    flag: '--oauth-jwks-url',
    env: ['SFN_MCP_OAUTH_JWKS_URL'],
    kind: httpUrl,
    help: "the issuer's JWKS URL; unset = read from the issuer's metadata",
  },
  {
    key: 'oauthAudience',
    flag: '--oauth-audience',
    env: ['SFN_MCP_OAUTH_AUDIENCE'],
    kind: text,
    help: 'audience tokens must carry; unset = the resource URL',
  },
  {
    key: 'oauthScopes',
    flag: '--oauth-scopes',
    env: ['SFN_MCP_OAUTH_SCOPES'],
    default: '',
    kind: list,
    help: 'comma-separated scopes every token must carry',
  },
  {
    key: 'resourceUrl',
    flag: '--resource-url',
    env: ['SFN_MCP_RESOURCE_URL'],
    kind: httpUrl,
    help: "this server's public MCP URL (RFC 8707 resource, RFC 9728 metadata); unset = derived from the bind address",
  },
  {
    key: 'toolScopes',
    flag: '--tool-scopes',
    env: ['SFN_MCP_TOOL_SCOPES'],
    kind: text,
    help: 'which scopes may list and call which tools: `scope=glob|glob;scope2=glob`',
  },
  {
    key: 'allowedHosts',
    flag: '--allowed-hosts',
    env: ['SFN_MCP_ALLOWED_HOSTS'],
    default: '',
    kind: list,
    help: 'comma-separated Host header values accepted besides loopback names',
  },
  {
    key: 'allowedOrigins',
    flag: '--allowed-origins',
    env: ['SFN_MCP_ALLOWED_ORIGINS'],
    default: '',
    kind: list,
    help: 'comma-separated browser origins (hostnames) accepted besides loopback',
  },
  {
    key: 'maxBodyBytes',
    flag: '--max-body-bytes',
    env: ['SFN_MCP_MAX_BODY_BYTES'],
    default: '1048576',
    kind: wholeNumber(1024, 64 * 1024 * 1024),
    help: 'largest HTTP request body accepted (413 above)',
  },
  {
    key: 'maxHeaderBytes',
    flag: '--max-header-bytes',
    env: ['SFN_MCP_MAX_HEADER_BYTES'],
    default: '65536',
    kind: wholeNumber(8 * 1024, 1024 * 1024),
    help: 'largest HTTP request head (request line and headers, such as a JWT with many group claims) accepted (431 above)',
  },
  {
    key: 'allowUnauthenticated',
    flag: '--allow-unauthenticated',
    env: ['SFN_MCP_ALLOW_UNAUTHENTICATED'],
    default: 'false',
    kind: boolean,
    help: 'allow a non-loopback bind with no authentication',
  },
  {
    key: 'shutdownGraceSeconds',
    flag: '--shutdown-grace-seconds',
    env: ['SFN_MCP_SHUTDOWN_GRACE_SECONDS'],
    default: '10',
    kind: wholeNumber(0, 3600),
    help: 'on SIGTERM, how long in-flight calls may finish before they get their execution ARNs',
  },
  // The server's own logs.
  {
    key: 'logLevel',
    flag: '--log-level',
    env: ['SFN_MCP_LOG_LEVEL'],
    default: 'info',
    kind: oneOf('log level', LOG_LEVELS),
    help: choices(LOG_LEVELS),
  },
] as const satisfies readonly SettingSpec[];

type Setting = (typeof TABLE)[number];

export type SettingKey = Setting['key'];

/** The table, in the order --help and the README show it. */
export const SETTINGS: readonly SettingSpec<SettingKey>[] = TABLE;

/** A setting's value once parsed: a setting with a default always has one; others may be unset. */
export type SettingValues = {
  [S in Setting as S['key']]: S extends { default: string } ? ValueOf<S> : ValueOf<S> | undefined;
};
type ValueOf<S extends Setting> = z.output<S['kind']['schema']>;

/** The settings as flags give them (commander's parsed options), by key. */
export type RawSettings = Partial<Record<SettingKey, string | boolean | undefined>>;

export function settingSpec(key: SettingKey): SettingSpec<SettingKey> {
  const spec = SETTINGS.find((s) => s.key === key);
  if (!spec) throw new Error(`unknown setting ${key}`);
  return spec;
}

/** How a message names a setting: its first environment variable and its flag. */
export function settingLabel(key: SettingKey): string {
  const spec = settingSpec(key);
  return `${spec.env[0]} / ${spec.flag}`;
}

/** A setting's first environment variable: how the reference server's users know the selection settings. */
export function settingEnvName(key: SettingKey): string {
  return settingSpec(key).env[0];
}
