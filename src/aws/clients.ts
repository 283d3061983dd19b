import { SFNClient } from '@aws-sdk/client-sfn';
import { SchemasClient } from '@aws-sdk/client-schemas';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { fromIni } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsConfig } from '../config.js';

/** The AWS SDK clients the server uses. Built once per process and shared. */
export interface AwsClients {
  /** Control-plane calls: list, describe, tags, start, stop, history. */
  sfn: SFNClient;
  /**
   * StartSyncExecution only: an Express run may last five minutes, so its socket waits longer. It never
   * retries by itself (maxAttempts 1): StartSyncExecution is not idempotent, and a retry after a lost
   * answer would run the workflow again. src/execution/express.ts retries throttling only.
   */
  sfnSync: SFNClient;
  schemas: SchemasClient;
  /** GetResources, for reading many machines' tags per call (SFN_MCP_TAGS_IN_BULK). */
  tagging: ResourceGroupsTaggingAPIClient;
}

const CONTROL_PLANE_TIMEOUT_MS = 30_000;
// Express workflows run for at most five minutes; leave room for the response.
const SYNC_EXECUTION_TIMEOUT_MS = 5 * 60_000 + 30_000;

export function createAwsClients(aws: AwsConfig): AwsClients {
  const sfnEndpoint = aws.sfnEndpoint ?? aws.endpoint;
  const schemasEndpoint = aws.schemasEndpoint ?? aws.endpoint;
  const common = {
    region: aws.region,
    maxAttempts: 5,
    // Standard mode retries throttling with jittered backoff; our own pacer keeps polling within quotas.
    retryMode: 'standard' as const,
    ...(aws.credentials
      ? { credentials: aws.credentials }
      : aws.profile
        ? { credentials: fromIni({ profile: aws.profile }) }
        : {}),
  };
  const sfnFor = (requestTimeout: number, maxAttempts = common.maxAttempts): SFNClient =>
    new SFNClient({
      ...common,
      maxAttempts,
      requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout }),
      ...(sfnEndpoint
        ? // StartSyncExecution goes to the host prefix `sync-`, which a custom endpoint does not serve.
          { endpoint: sfnEndpoint, disableHostPrefix: true }
        : {}),
    });
  const controlPlane = () =>
    new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: CONTROL_PLANE_TIMEOUT_MS });
  return {
    sfn: sfnFor(CONTROL_PLANE_TIMEOUT_MS),
    sfnSync: sfnFor(SYNC_EXECUTION_TIMEOUT_MS, 1),
    schemas: new SchemasClient({
      ...common,
      requestHandler: controlPlane(),
      ...(schemasEndpoint ? { endpoint: schemasEndpoint } : {}),
    }),
    // Created eagerly but cheap: a client opens no connection before its first call.
    tagging: new ResourceGroupsTaggingAPIClient({
      ...common,
      requestHandler: controlPlane(),
      ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
    }),
  };
}

export function destroyAwsClients(clients: AwsClients): void {
  clients.sfn.destroy();
  clients.sfnSync.destroy();
  clients.schemas.destroy();
  clients.tagging.destroy();
}
