import { SFNClient } from '@aws-sdk/client-sfn';
import type { SchemasClient } from '@aws-sdk/client-schemas';
import type { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { StandardRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider, MiddlewareStack } from '@smithy/types';
import type { AwsConfig } from '../config/index.js';
import { isThrottling } from './errors.js';
import { Pacing, addPacing, pacingQuotas, type PacingOptions } from './pacing.js';

/**
 * The SDK packages only some runs need, loaded on first use: the Schemas client with a schema tag, the
 * Tagging API with SFN_MCP_TAGS_IN_BULK, the shared-config credentials with a profile. In the bundle
 * (scripts/build.mjs) each is a chunk of its own, read from disk only then. Each is a CommonJS package:
 * its `default` is its `module.exports`, from Node and from the bundle alike (the bundle gives a lazily
 * imported CommonJS package no named exports).
 */
let schemasModule: Promise<typeof import('@aws-sdk/client-schemas')> | undefined;
let taggingModule: Promise<typeof import('@aws-sdk/client-resource-groups-tagging-api')> | undefined;
export const loadSchemasSdk = () =>
  (schemasModule ??= import('@aws-sdk/client-schemas').then((m) => m.default));
export const loadTaggingSdk = () =>
  (taggingModule ??= import('@aws-sdk/client-resource-groups-tagging-api').then((m) => m.default));

/** The part of an SDK client the server uses: its requests, and closing its sockets. */
export type SdkSender<C extends { send: unknown }> = Pick<C, 'send'> & { destroy(): void };

/**
 * A client made on its first request (its package loaded then), standing in for it until then. One made
 * after `destroy` (its first request was still loading the package at shutdown) is destroyed as soon as it
 * is made, so its sockets do not outlive the rest. The cast: `send` is the SDK's overloaded generic
 * signature, which this passes through unchanged.
 */
export function lazyClient<C extends { send(...args: never[]): Promise<unknown>; destroy(): void }>(
  make: () => Promise<C>,
): SdkSender<C> {
  let made: Promise<C> | undefined;
  let client: C | undefined;
  let destroyed = false;
  const madeOnce = () =>
    (made ??= make().then((c) => {
      client = c;
      if (destroyed) c.destroy();
      return c;
    }));
  const send = (...args: never[]) => madeOnce().then((c) => c.send(...args));
  const destroy = () => {
    destroyed = true;
    client?.destroy();
  };
  return { send: send as unknown as C['send'], destroy };
}

/**
 * The AWS SDK clients the server uses. Built once per process and shared; `schemas` and `tagging` are
 * made when first read. Every retry of every request is the SDK's (no code of ours sends a failed
 * request again): one request is sent at most MAX_ATTEMPTS times.
 */
export interface AwsClients {
  /**
   * Control-plane calls: list, describe, tags, start, stop, history. The SDK's standard retry mode
   * retries throttling, network failures and 5xx answers with the same command: a retried StartExecution
   * carries the same execution name, so it never starts a second execution.
   */
  sfn: SFNClient;
  /**
   * StartSyncExecution only: an Express run may last five minutes, so its socket waits longer.
   * StartSyncExecution is not idempotent (a repeated request runs the workflow again), so this client
   * retries throttling only, which proves that nothing ran (throttlingOnlyRetryStrategy).
   */
  sfnSync: SFNClient;
  /** Made on its first request. */
  schemas: SdkSender<SchemasClient>;
  /** GetResources, for reading many machines' tags per call (SFN_MCP_TAGS_IN_BULK); made on its first request. */
  tagging: SdkSender<ResourceGroupsTaggingAPIClient>;
  /** The token bucket of each operation, shared by every client above (src/aws/pacing.ts). */
  pacing: Pacing;
}

/**
 * The most times one request is sent, the first send included, on every client: so one StartExecution
 * or StartSyncExecution reaches AWS at most 5 times (docs/long-runs.md). The SDK waits between sends
 * (exponential backoff with jitter, from 1 s for throttling) and stops earlier when its per-client retry
 * quota runs dry.
 */
export const MAX_ATTEMPTS = 5;

const CONTROL_PLANE_TIMEOUT_MS = 30_000;
// Express workflows run for at most five minutes; leave room for the response.
const SYNC_EXECUTION_TIMEOUT_MS = 5 * 60_000 + 30_000;

type RetryStrategy = Pick<
  StandardRetryStrategy,
  'acquireInitialRetryToken' | 'refreshRetryTokenForRetry' | 'recordSuccess'
>;

/**
 * The SDK's standard retry strategy (backoff, jitter, retry quota, at most `maxAttempts` sends), except
 * that only an error proving that AWS refused the request for its rate before acting on it is retried
 * (isThrottling, src/aws/errors.ts). Anything else (a 5xx, a connection broken after sending) may have
 * run the workflow: the SDK then gives the error to the caller at once.
 */
export function throttlingOnlyRetryStrategy(maxAttempts: number): RetryStrategy {
  const standard = new StandardRetryStrategy(maxAttempts);
  return {
    acquireInitialRetryToken: (scope) => standard.acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry: async (token, info) => {
      // The SDK gives the caller its own error when this refuses; this one only says why.
      if (!isThrottling(info.error)) throw new Error('not retried: the request may have run');
      return standard.refreshRetryTokenForRetry(token, info);
    },
    recordSuccess: (token) => standard.recordSuccess(token),
  };
}

/**
 * Where the StartSyncExecution client sends its requests. `syncEndpoint` wins, as it is (the operator
 * named the exact host: a PrivateLink `sync-states` endpoint, a proxy). Otherwise, with a Step Functions
 * endpoint configured, that endpoint as it is (emulators serve StartSyncExecution on their one host);
 * with none, the SDK's own endpoint with its `sync-` host prefix.
 */
export function syncEndpointOf(aws: AwsConfig): string | undefined {
  return aws.syncEndpoint ?? aws.sfnEndpoint ?? aws.endpoint;
}

/**
 * A named profile's credentials from the shared config and credentials files, read when the SDK first
 * asks (as the SDK's own `fromIni` does, which this is).
 */
function profileCredentials(profile: string): AwsCredentialIdentityProvider {
  return async (options) => {
    const { fromIni } = (await import('@aws-sdk/credential-provider-ini')).default;
    return fromIni({ profile })(options);
  };
}

/** What every client of one configuration shares: region, retries and credentials. */
function commonConfig(aws: AwsConfig) {
  return {
    region: aws.region,
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'standard' as const,
    // The middleware of each command is resolved once, not for every request: no code of ours changes a
    // client's middleware after its first request, and discovery sends thousands.
    cacheMiddleware: true,
    ...(aws.credentials
      ? { credentials: aws.credentials }
      : aws.profile
        ? { credentials: profileCredentials(aws.profile) }
        : {}),
  };
}

const handler = (requestTimeout: number) => new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout });

// A configured endpoint is used as it is: the SDK would put `sync-` before its host for StartSyncExecution.
const at = (endpoint: string | undefined) => (endpoint ? { endpoint, disableHostPrefix: true } : {});

/**
 * The clients of one configuration; those only some runs use are made when first needed (the sync
 * client on the first Express call: making a client costs start-up CPU before the first tools/list).
 */
class SdkClients implements AwsClients {
  readonly sfn: SFNClient;
  private syncClient: SFNClient | undefined;
  private destroyed = false;
  readonly schemas: SdkSender<SchemasClient>;
  readonly tagging: SdkSender<ResourceGroupsTaggingAPIClient>;

  constructor(
    private readonly aws: AwsConfig,
    readonly pacing: Pacing,
  ) {
    const common = commonConfig(aws);
    const sfnEndpoint = aws.sfnEndpoint ?? aws.endpoint;
    this.sfn = this.paced(
      new SFNClient({ ...common, requestHandler: handler(CONTROL_PLANE_TIMEOUT_MS), ...at(sfnEndpoint) }),
    );
    const control = { ...common, requestHandler: handler(CONTROL_PLANE_TIMEOUT_MS) };
    const schemasEndpoint = aws.schemasEndpoint ?? aws.endpoint;
    this.schemas = lazyClient(async () => {
      const { SchemasClient } = await loadSchemasSdk();
      return this.paced(
        new SchemasClient({ ...control, ...(schemasEndpoint ? { endpoint: schemasEndpoint } : {}) }),
      );
    });
    this.tagging = lazyClient(async () => {
      const { ResourceGroupsTaggingAPIClient } = await loadTaggingSdk();
      return this.paced(
        new ResourceGroupsTaggingAPIClient({
          ...control,
          ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
        }),
      );
    });
  }

  /** Made on first read; one first read after `destroy` is destroyed at once (see lazyClient). */
  get sfnSync(): SFNClient {
    if (this.syncClient) return this.syncClient;
    this.syncClient = this.paced(
      new SFNClient({
        ...commonConfig(this.aws),
        retryStrategy: throttlingOnlyRetryStrategy(MAX_ATTEMPTS),
        requestHandler: handler(SYNC_EXECUTION_TIMEOUT_MS),
        ...at(syncEndpointOf(this.aws)),
      }),
    );
    if (this.destroyed) this.syncClient.destroy();
    return this.syncClient;
  }

  /** Every request of the client takes its operation's token first (src/aws/pacing.ts). */
  private paced<C extends SFNClient | SchemasClient | ResourceGroupsTaggingAPIClient>(client: C): C {
    addPacing(client.middlewareStack as MiddlewareStack<object, object>, this.pacing);
    return client;
  }

  destroy(): void {
    this.destroyed = true;
    this.sfn.destroy();
    this.syncClient?.destroy();
    this.schemas.destroy();
    this.tagging.destroy();
  }
}

/**
 * The clients of one configuration. With `pacing`, every request waits for its operation's token
 * (AWS's quotas, src/aws/quotas.ts); without, nothing is paced (an emulator without quotas).
 */
export function createAwsClients(aws: AwsConfig, pacing?: PacingOptions): AwsClients {
  return new SdkClients(aws, new Pacing(pacing ? pacingQuotas(pacing) : {}));
}

/** Closes the clients' sockets; clients never read are not made for this. */
export function destroyAwsClients(clients: AwsClients): void {
  if (clients instanceof SdkClients) return clients.destroy();
  clients.sfn.destroy();
  clients.sfnSync.destroy();
  clients.schemas.destroy();
  clients.tagging.destroy();
}
