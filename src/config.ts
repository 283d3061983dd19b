import type { SelectionConfig } from './catalog/types.js';
import { parseStateMachineListEntry } from './catalog/selection.js';

export type Transport = 'stdio' | 'http';

/** The longest wait budget (and get_execution_result wait) allowed: 7 days. */
export const MAX_WAIT_SECONDS = 7 * 24 * 3600;

export interface AwsConfig {
  /** Named profile; undefined = the SDK's default credential chain. */
  profile?: string;
  region: string;
  /** Endpoint overrides, as the SDK reads AWS_ENDPOINT_URL[_SFN|_SCHEMAS]. */
  endpoint?: string;
  sfnEndpoint?: string;
  schemasEndpoint?: string;
  /**
   * Where StartSyncExecution goes when an endpoint is configured. Unset: the Step Functions endpoint with
   * the SDK's `sync-` host prefix dropped (what emulators serve).
   */
  syncEndpoint?: string;
  /** Static credentials (used for the embedded local engine only). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface Config {
  aws: AwsConfig;
  selection: SelectionConfig;
  transport: Transport;
  host: string;
  port: number;
  /** Folder of state machines: run on the embedded local engine instead of AWS. */
  local?: string;
  waitBudgetSeconds: number;
  stopOnCancel: boolean;
  refreshSeconds: number;
  authTokens: string[];
  discoveryConcurrency: number;
  logLevel: string;
  /** DescribeExecution calls per second shared by every waiting call (AWS's quota is per account). */
  describeRate: number;
  /** Serve the get_execution_result companion tool. */
  resultTool: boolean;
  /** Read tags for many machines per call with the Resource Groups Tagging API. */
  tagsInBulk: boolean;
  /** Read every selected machine's tags so `mcp:*` annotation tags apply without a tag filter. */
  annotationTags: boolean;
  /** A refresh re-reads each unchanged machine's description at least every N refreshes. */
  refreshRecheckEvery: number;
  http: HttpSecurityConfig;
}

/** Settings for shared deployments over Streamable HTTP (issue: authentication, origin checks, operations). */
export interface HttpSecurityConfig {
  /** A file with one static bearer token per line (added to authTokens). */
  authTokensFile?: string;
  /** OAuth 2.1 resource server: the authorization server's issuer URL; unset = no OAuth. */
  oauthIssuer?: string;
  /** JWKS URL; unset = discovered from the issuer's metadata. */
  oauthJwksUrl?: string;
  /** The audience tokens must carry; unset = resourceUrl. */
  oauthAudience?: string;
  /** Scopes every token must carry. */
  oauthScopes: string[];
  /** This server's public URL (RFC 8707 resource identifier, RFC 9728 metadata); unset = derived from the bind address. */
  resourceUrl?: string;
  /** Scope-to-tools mapping, `scope=glob|glob;scope2=glob`; unset = every authenticated caller sees every tool. */
  toolScopes?: string;
  /** Extra Host header values accepted (DNS-rebinding protection); loopback names are always accepted on a loopback bind. */
  allowedHosts: string[];
  /** Origins accepted from browsers; requests without Origin are not affected. */
  allowedOrigins: string[];
  /** Largest request body, in bytes (413 above). */
  maxBodyBytes: number;
  /** Allow binding a non-loopback address with no authentication configured. */
  allowUnauthenticated: boolean;
  /** Seconds in-flight calls get to finish on SIGTERM before they are answered with their execution ARNs. */
  shutdownGraceSeconds: number;
}

/** A bad setting: the message names the variable or flag and what is allowed. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * One setting: its flag, its environment variables (first set wins), its default and its help.
 * The table is the single source for --help, the README and validation messages.
 */
export interface SettingSpec {
  key: SettingKey;
  flag: string;
  env: string[];
  help: string;
  default?: string;
  boolean?: boolean;
}

export type SettingKey =
  | 'awsProfile'
  | 'awsRegion'
  | 'endpointUrl'
  | 'sfnEndpointUrl'
  | 'schemasEndpointUrl'
  | 'stateMachinePrefix'
  | 'stateMachineList'
  | 'stateMachineTagKey'
  | 'stateMachineTagValue'
  | 'stateMachineInputSchemaArnTagKey'
  | 'transport'
  | 'host'
  | 'port'
  | 'local'
  | 'waitBudgetSeconds'
  | 'stopOnCancel'
  | 'refreshSeconds'
  | 'authTokens'
  | 'discoveryConcurrency'
  | 'logLevel'
  | 'describeRate'
  | 'resultTool'
  | 'tagsInBulk'
  | 'annotationTags'
  | 'refreshRecheckEvery'
  | 'authTokensFile'
  | 'oauthIssuer'
  | 'oauthJwksUrl'
  | 'oauthAudience'
  | 'oauthScopes'
  | 'resourceUrl'
  | 'toolScopes'
  | 'allowedHosts'
  | 'allowedOrigins'
  | 'maxBodyBytes'
  | 'allowUnauthenticated'
  | 'shutdownGraceSeconds';

export const SETTINGS: readonly SettingSpec[] = [
  {
    key: 'awsProfile',
    flag: '--aws-profile',
    env: ['AWS_PROFILE'],
    help: "named AWS profile; unset = the SDK's default credential chain",
  },
  {
    key: 'awsRegion',
    flag: '--aws-region',
    env: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
    help: 'AWS region',
    default: 'us-east-1',
  },
  {
    key: 'endpointUrl',
    flag: '--endpoint-url',
    env: ['AWS_ENDPOINT_URL'],
    help: 'endpoint override for every AWS service',
  },
  {
    key: 'sfnEndpointUrl',
    flag: '--sfn-endpoint-url',
    env: ['AWS_ENDPOINT_URL_SFN'],
    help: 'endpoint override for Step Functions',
  },
  {
    key: 'schemasEndpointUrl',
    flag: '--schemas-endpoint-url',
    env: ['AWS_ENDPOINT_URL_SCHEMAS'],
    help: 'endpoint override for the EventBridge Schema Registry',
  },
  {
    key: 'stateMachinePrefix',
    flag: '--state-machine-prefix',
    env: ['STATE_MACHINE_PREFIX'],
    help: 'select machines whose name starts with this (case-sensitive)',
  },
  {
    key: 'stateMachineList',
    flag: '--state-machine-list',
    env: ['STATE_MACHINE_LIST'],
    help: 'comma-separated machine names or ARNs (version and alias ARNs too)',
  },
  {
    key: 'stateMachineTagKey',
    flag: '--state-machine-tag-key',
    env: ['STATE_MACHINE_TAG_KEY'],
    help: 'keep only machines tagged key=value (set both key and value)',
  },
  {
    key: 'stateMachineTagValue',
    flag: '--state-machine-tag-value',
    env: ['STATE_MACHINE_TAG_VALUE'],
    help: 'the tag value for --state-machine-tag-key',
  },
  {
    key: 'stateMachineInputSchemaArnTagKey',
    flag: '--state-machine-input-schema-arn-tag-key',
    env: ['STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY'],
    help: 'tag whose value is the Schema Registry ARN of the input schema',
  },
  {
    key: 'transport',
    flag: '--transport',
    env: ['SFN_MCP_TRANSPORT'],
    help: 'stdio or http',
    default: 'stdio',
  },
  { key: 'host', flag: '--host', env: ['SFN_MCP_HOST'], help: 'HTTP bind address', default: '127.0.0.1' },
  {
    key: 'port',
    flag: '--port',
    env: ['SFN_MCP_PORT'],
    help: 'HTTP port (0 = any free port)',
    default: '3000',
  },
  {
    key: 'local',
    flag: '--local',
    env: ['SFN_MCP_LOCAL'],
    help: 'folder of state machines: run on the embedded local engine instead of AWS',
  },
  {
    key: 'waitBudgetSeconds',
    flag: '--wait-budget-seconds',
    env: ['SFN_MCP_WAIT_BUDGET_SECONDS'],
    help: 'how long a Standard call waits before it returns the execution ARN (0 = no limit)',
    default: '45',
  },
  {
    key: 'stopOnCancel',
    flag: '--stop-on-cancel',
    env: ['SFN_MCP_STOP_ON_CANCEL'],
    help: 'also stop the execution when the client cancels the call',
    default: 'false',
    boolean: true,
  },
  {
    key: 'refreshSeconds',
    flag: '--refresh-seconds',
    env: ['SFN_MCP_REFRESH_SECONDS'],
    help: 'how often the catalogue is re-read (0 = never)',
    default: '300',
  },
  {
    key: 'authTokens',
    flag: '--auth-tokens',
    env: ['SFN_MCP_AUTH_TOKENS'],
    help: 'comma-separated static bearer tokens required over HTTP',
  },
  {
    key: 'discoveryConcurrency',
    flag: '--discovery-concurrency',
    env: ['SFN_MCP_DISCOVERY_CONCURRENCY'],
    help: 'AWS calls made at once while discovering machines',
    default: '32',
  },
  {
    key: 'logLevel',
    flag: '--log-level',
    env: ['SFN_MCP_LOG_LEVEL'],
    help: 'fatal, error, warn, info, debug or trace',
    default: 'info',
  },
  {
    key: 'describeRate',
    flag: '--describe-rate',
    env: ['SFN_MCP_DESCRIBE_RATE'],
    help: 'DescribeExecution calls per second shared by all waiting calls',
    default: '20',
  },
  {
    key: 'resultTool',
    flag: '--result-tool',
    env: ['SFN_MCP_RESULT_TOOL'],
    help: 'serve the get_execution_result companion tool',
    default: 'true',
    boolean: true,
  },
  {
    key: 'tagsInBulk',
    flag: '--tags-in-bulk',
    env: ['SFN_MCP_TAGS_IN_BULK'],
    help: 'read tags with the Resource Groups Tagging API (tag:GetResources), many machines per call',
    default: 'false',
    boolean: true,
  },
  {
    key: 'annotationTags',
    flag: '--annotation-tags',
    env: ['SFN_MCP_ANNOTATION_TAGS'],
    help: "read every selected machine's tags so mcp:* tags set the tool hints and title",
    default: 'false',
    boolean: true,
  },
  {
    key: 'refreshRecheckEvery',
    flag: '--refresh-recheck-every',
    env: ['SFN_MCP_REFRESH_RECHECK_EVERY'],
    help: "a refresh re-reads each unchanged machine's description at least every N refreshes (1 = every time)",
    default: '6',
  },
  {
    key: 'authTokensFile',
    flag: '--auth-tokens-file',
    env: ['SFN_MCP_AUTH_TOKENS_FILE'],
    help: 'file with one static bearer token per line',
  },
  {
    key: 'oauthIssuer',
    flag: '--oauth-issuer',
    env: ['SFN_MCP_OAUTH_ISSUER'],
    help: 'OAuth 2.1 authorization server (issuer URL) whose JWT access tokens are accepted',
  },
  {
    key: 'oauthJwksUrl',
    flag: '--oauth-jwks-url',
    env: ['SFN_MCP_OAUTH_JWKS_URL'],
    help: "the issuer's JWKS URL; unset = read from the issuer's metadata",
  },
  {
    key: 'oauthAudience',
    flag: '--oauth-audience',
    env: ['SFN_MCP_OAUTH_AUDIENCE'],
    help: 'audience tokens must carry; unset = the resource URL',
  },
  {
    key: 'oauthScopes',
    flag: '--oauth-scopes',
    env: ['SFN_MCP_OAUTH_SCOPES'],
    help: 'comma-separated scopes every token must carry',
  },
  {
    key: 'resourceUrl',
    flag: '--resource-url',
    env: ['SFN_MCP_RESOURCE_URL'],
    help: "this server's public MCP URL (RFC 8707 resource, RFC 9728 metadata)",
  },
  {
    key: 'toolScopes',
    flag: '--tool-scopes',
    env: ['SFN_MCP_TOOL_SCOPES'],
    help: "which scopes may list and call which tools: 'scope=glob|glob;scope2=glob'",
  },
  {
    key: 'allowedHosts',
    flag: '--allowed-hosts',
    env: ['SFN_MCP_ALLOWED_HOSTS'],
    help: 'comma-separated Host header values accepted besides loopback names',
  },
  {
    key: 'allowedOrigins',
    flag: '--allowed-origins',
    env: ['SFN_MCP_ALLOWED_ORIGINS'],
    help: 'comma-separated browser origins (hostnames) accepted besides loopback',
  },
  {
    key: 'maxBodyBytes',
    flag: '--max-body-bytes',
    env: ['SFN_MCP_MAX_BODY_BYTES'],
    help: 'largest HTTP request body accepted (413 above)',
    default: '1048576',
  },
  {
    key: 'allowUnauthenticated',
    flag: '--allow-unauthenticated',
    env: ['SFN_MCP_ALLOW_UNAUTHENTICATED'],
    help: 'allow a non-loopback bind with no authentication',
    default: 'false',
    boolean: true,
  },
  {
    key: 'shutdownGraceSeconds',
    flag: '--shutdown-grace-seconds',
    env: ['SFN_MCP_SHUTDOWN_GRACE_SECONDS'],
    help: 'on SIGTERM, how long in-flight calls may finish before they get their execution ARNs',
    default: '10',
  },
];

/** How a message names a setting: its first environment variable and its flag. */
export function settingLabel(key: SettingKey): string {
  const spec = SETTINGS.find((s) => s.key === key);
  if (!spec) throw new Error(`unknown setting ${key}`);
  return spec.env[0] ? `${spec.env[0]} / ${spec.flag}` : spec.flag;
}

export type RawSettings = Partial<Record<SettingKey, string | boolean | undefined>>;

/** Flags win over the environment; empty environment values count as unset. */
export function resolveConfig(flags: RawSettings, env: NodeJS.ProcessEnv): Config {
  const raw = (spec: SettingSpec): { value: string | undefined; source: string } => {
    const flag = flags[spec.key];
    if (flag !== undefined) return { value: String(flag), source: spec.flag };
    for (const name of spec.env) {
      const v = env[name];
      if (v !== undefined && v.trim() !== '') return { value: v.trim(), source: name };
    }
    return { value: spec.default, source: spec.env[0] ?? spec.flag };
  };
  const specOf = (key: SettingKey): SettingSpec => SETTINGS.find((s) => s.key === key)!;
  const str = (key: SettingKey): string | undefined => raw(specOf(key)).value;
  const int = (key: SettingKey, min: number, max: number): number => {
    const { value, source } = raw(specOf(key));
    const n = Number(value);
    if (value === undefined || !/^\d+$/.test(value) || n < min || n > max) {
      throw new ConfigError(
        `${source}: '${value ?? ''}' is not allowed; use a whole number from ${min} to ${max}`,
      );
    }
    return n;
  };
  const bool = (key: SettingKey): boolean => {
    const { value, source } = raw(specOf(key));
    const v = (value ?? 'false').toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    throw new ConfigError(`${source}: '${value}' is not allowed; use true or false`);
  };
  const url = (key: SettingKey): string | undefined => {
    const { value, source } = raw(specOf(key));
    if (value === undefined) return undefined;
    try {
      const u = new URL(value);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    } catch {
      throw new ConfigError(`${source}: '${value}' is not an http(s) URL`);
    }
    return value;
  };

  const transport = str('transport');
  if (transport !== 'stdio' && transport !== 'http') {
    throw new ConfigError(
      `${raw(specOf('transport')).source}: '${transport}' is not a transport; use stdio or http`,
    );
  }
  const logLevel = str('logLevel') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(
      `${raw(specOf('logLevel')).source}: '${logLevel}' is not a log level; use fatal, error, warn, info, debug or trace`,
    );
  }

  const aws: AwsConfig = { region: str('awsRegion') ?? 'us-east-1' };
  const profile = str('awsProfile');
  if (profile) aws.profile = profile;
  const endpoint = url('endpointUrl');
  if (endpoint) aws.endpoint = endpoint;
  const sfnEndpoint = url('sfnEndpointUrl');
  if (sfnEndpoint) aws.sfnEndpoint = sfnEndpoint;
  const schemasEndpoint = url('schemasEndpointUrl');
  if (schemasEndpoint) aws.schemasEndpoint = schemasEndpoint;

  const list = splitList(str('stateMachineList'));
  for (const entry of list) {
    const parsed = parseStateMachineListEntry(entry);
    if (!parsed.ok) throw new ConfigError(`${raw(specOf('stateMachineList')).source}: ${parsed.error}`);
  }
  const selection: SelectionConfig = {
    prefix: str('stateMachinePrefix') ?? '',
    list,
    tagKey: str('stateMachineTagKey') ?? '',
    tagValue: str('stateMachineTagValue') ?? '',
  };
  const schemaArnTagKey = str('stateMachineInputSchemaArnTagKey');
  if (schemaArnTagKey) selection.schemaArnTagKey = schemaArnTagKey;

  const config: Config = {
    aws,
    selection,
    transport,
    host: str('host') ?? '127.0.0.1',
    port: int('port', 0, 65535),
    waitBudgetSeconds: int('waitBudgetSeconds', 0, MAX_WAIT_SECONDS),
    stopOnCancel: bool('stopOnCancel'),
    refreshSeconds: int('refreshSeconds', 0, 7 * 24 * 3600),
    authTokens: splitList(str('authTokens')),
    discoveryConcurrency: int('discoveryConcurrency', 1, 256),
    logLevel,
    describeRate: int('describeRate', 1, 10_000),
    resultTool: bool('resultTool'),
    tagsInBulk: bool('tagsInBulk'),
    annotationTags: bool('annotationTags'),
    refreshRecheckEvery: int('refreshRecheckEvery', 1, 1000),
    http: {
      oauthScopes: splitList(str('oauthScopes')),
      allowedHosts: splitList(str('allowedHosts')),
      allowedOrigins: splitList(str('allowedOrigins')),
      maxBodyBytes: int('maxBodyBytes', 1024, 64 * 1024 * 1024),
      allowUnauthenticated: bool('allowUnauthenticated'),
      shutdownGraceSeconds: int('shutdownGraceSeconds', 0, 3600),
    },
  };
  const authTokensFile = str('authTokensFile');
  if (authTokensFile) config.http.authTokensFile = authTokensFile;
  const oauthIssuer = url('oauthIssuer');
  if (oauthIssuer) config.http.oauthIssuer = oauthIssuer;
  const oauthJwksUrl = url('oauthJwksUrl');
  if (oauthJwksUrl) config.http.oauthJwksUrl = oauthJwksUrl;
  const oauthAudience = str('oauthAudience');
  if (oauthAudience) config.http.oauthAudience = oauthAudience;
  const resourceUrl = url('resourceUrl');
  if (resourceUrl) config.http.resourceUrl = resourceUrl;
  const toolScopes = str('toolScopes');
  if (toolScopes) config.http.toolScopes = toolScopes;
  const local = str('local');
  if (local) config.local = local;
  return config;
}

/** Comma-separated list: entries trimmed, empty entries dropped (as the reference does). */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
