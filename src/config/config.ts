/**
 * The configuration a run uses, built from the settings' values (src/config/settings.ts). Every field
 * comes from one setting, except AwsConfig.credentials, which src/runtime.ts sets for the local engine;
 * test/config/config.test.ts checks both directions.
 */
import type { QuotaSetting } from '../aws/quotas.js';
import type { EventEnvelopeMode, LogLevel, OperationsLevel, SettingValues, Transport } from './settings.js';

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

/** Which state machines the operator asked for (the README's configuration table says how). */
export interface SelectionConfig {
  /** Name prefix; empty = not set. Case-sensitive. */
  prefix: string;
  /** Names or ARNs (state machine, version or alias ARNs); trimmed, no empty entries. */
  list: string[];
  /** Tag filter; both empty = no tag filter; only one set = select nothing (with a warning). */
  tagKey: string;
  tagValue: string;
  /** Tag whose value is an EventBridge Schema Registry schema ARN for the machine's input. */
  schemaArnTagKey?: string;
  /** Tag whose value is an EventBridge Schema Registry schema ARN for the machine's output (the tool's outputSchema). */
  outputSchemaArnTagKey?: string;
  /**
   * How the documents that tag names become input schemas (discovery reads them with the selection).
   * EventBridge event schemas: the tool takes the event's `detail` (the server builds the envelope) or the
   * `full` event. Unset = `detail`.
   */
  eventEnvelope?: EventEnvelopeMode;
  /** JSON Schema formats the arguments must match; unset or empty = formats are annotations only. */
  checkFormats?: string[];
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
  logLevel: LogLevel;
  /** DescribeExecution calls per second shared by every waiting call (AWS's quota is per account). */
  describeRate: number;
  /** The AWS API quotas requests are paced by (src/aws/quotas.ts, src/aws/pacing.ts). */
  apiQuotas: QuotaSetting;
  /** Where the last catalogue is kept: `auto` (the platform's cache folder), `off`, or a folder. */
  catalogCache: string;
  /** Serve the get_execution_result companion tool. */
  resultTool: boolean;
  /** Which operations tools are served (list and describe with `read`; stop and redrive too with `all`). */
  operations: OperationsLevel;
  /** Also write each tool's input schema document into its description (`Input Schema:`). */
  schemaInDescription: boolean;
  /** The most tools tools/list holds; a larger selection gets the search and run tools instead (0 = no limit). */
  toolBudget: number;
  /** Read tags for many machines per call with the Resource Groups Tagging API. */
  tagsInBulk: boolean;
  /** Read every selected machine's tags so `mcp:*` annotation tags apply without a tag filter. */
  annotationTags: boolean;
  /** A refresh re-reads each unchanged machine's description at least every N refreshes. */
  refreshRecheckEvery: number;
  /** Serve answer_approval: the agent may answer a pending approval itself. */
  agentApprovals: boolean;
  /** Start `mcp:confirm` machines unconfirmed when the client cannot ask the user. */
  startUnconfirmed: boolean;
  /** The secret that signs the resume state of calls waiting for a person; unset = random per process. */
  requestStateKey?: string;
  http: HttpSecurityConfig;
}

/** Settings for shared deployments over Streamable HTTP: authentication, origin checks, operations. */
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
  /** Largest request head (request line and headers), in bytes (431 above). */
  maxHeaderBytes: number;
  /** Allow binding a non-loopback address with no authentication configured. */
  allowUnauthenticated: boolean;
  /** Seconds in-flight calls get to finish on SIGTERM before they are answered with their execution ARNs. */
  shutdownGraceSeconds: number;
}

/** The Config the settings' values describe. */
export function buildConfig(v: SettingValues): Config {
  return {
    aws: awsConfig(v),
    selection: selectionConfig(v),
    transport: v.transport,
    host: v.host,
    port: v.port,
    ...setOnly({ local: v.local }),
    waitBudgetSeconds: v.waitBudgetSeconds,
    stopOnCancel: v.stopOnCancel,
    refreshSeconds: v.refreshSeconds,
    authTokens: v.authTokens,
    discoveryConcurrency: v.discoveryConcurrency,
    logLevel: v.logLevel,
    describeRate: v.describeRate,
    apiQuotas: v.apiQuotas,
    catalogCache: v.catalogCache,
    resultTool: v.resultTool,
    operations: v.operations,
    schemaInDescription: v.schemaInDescription,
    toolBudget: v.toolBudget,
    tagsInBulk: v.tagsInBulk,
    annotationTags: v.annotationTags,
    refreshRecheckEvery: v.refreshRecheckEvery,
    agentApprovals: v.agentApprovals,
    startUnconfirmed: v.startUnconfirmed,
    ...setOnly({ requestStateKey: v.requestStateKey }),
    http: httpSecurityConfig(v),
  };
}

function awsConfig(v: SettingValues): AwsConfig {
  return {
    region: v.awsRegion,
    ...setOnly({
      profile: v.awsProfile,
      endpoint: v.endpointUrl,
      sfnEndpoint: v.sfnEndpointUrl,
      syncEndpoint: v.syncEndpointUrl,
      schemasEndpoint: v.schemasEndpointUrl,
    }),
  };
}

function selectionConfig(v: SettingValues): SelectionConfig {
  return {
    prefix: v.stateMachinePrefix,
    list: v.stateMachineList,
    tagKey: v.stateMachineTagKey,
    tagValue: v.stateMachineTagValue,
    ...setOnly({
      schemaArnTagKey: v.stateMachineInputSchemaArnTagKey,
      outputSchemaArnTagKey: v.outputSchemaArnTagKey,
    }),
    eventEnvelope: v.eventEnvelope,
    checkFormats: v.checkFormats,
  };
}

function httpSecurityConfig(v: SettingValues): HttpSecurityConfig {
  return {
    oauthScopes: v.oauthScopes,
    allowedHosts: v.allowedHosts,
    allowedOrigins: v.allowedOrigins,
    maxBodyBytes: v.maxBodyBytes,
    maxHeaderBytes: v.maxHeaderBytes,
    allowUnauthenticated: v.allowUnauthenticated,
    shutdownGraceSeconds: v.shutdownGraceSeconds,
    ...setOnly({
      authTokensFile: v.authTokensFile,
      oauthIssuer: v.oauthIssuer,
      oauthJwksUrl: v.oauthJwksUrl,
      oauthAudience: v.oauthAudience,
      resourceUrl: v.resourceUrl,
      toolScopes: v.toolScopes,
    }),
  };
}

/** The optional fields that are set: unset and empty values leave the field out. */
function setOnly<T extends Record<string, string | undefined>>(fields: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ) as Partial<Record<keyof T, string>>;
}
