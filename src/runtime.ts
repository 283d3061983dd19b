import { resolve } from 'node:path';
import { defaultCacheFolder } from './cache-folder.js';
import { createAwsClients, destroyAwsClients, type AwsClients } from './aws/clients.js';
import type { PacingOptions } from './aws/pacing.js';
import type { Config } from './config/index.js';
import type { Engine } from './engine/index.js';
import type { Logger } from './log.js';
import { catalogCacheFile, type CatalogStore } from './catalog/cache-file.js';
import type { LiveCatalogOptions } from './catalog/live.js';
import { META_TOOLS } from './catalog/naming.js';
import { ANSWER_TOOL } from './approvals/answer.js';
import { RESULT_TOOL } from './execution/results.js';
import { operationsToolNames } from './operations/definitions.js';
import { VIEW_TOOLS } from './view/names.js';

export interface Runtime {
  /** The effective configuration: in local mode it points at the embedded engine. */
  config: Config;
  clients: AwsClients;
  engine?: Engine;
  close(): Promise<void>;
}

/**
 * The AWS side of a run: real AWS, or the embedded local engine (--local) reached over HTTP
 * through the same SDK clients, exactly as AWS is reached.
 */
export async function startRuntime(config: Config, log: Logger): Promise<Runtime> {
  if (config.local) return startLocalRuntime(config, config.local, log);
  const clients = createAwsClients(config.aws, pacingOptions(config));
  return { config, clients, close: async () => destroyAwsClients(clients) };
}

/** --local: the engine in this process, on a free port. Its code is loaded only here. */
async function startLocalRuntime(config: Config, dir: string, log: Logger): Promise<Runtime> {
  const { startEngine } = await import('./engine/index.js');
  const engine = await startEngine({ dir: resolve(dir), port: 0, region: config.aws.region, log });
  const effective: Config = {
    ...config,
    // The engine accepts any credentials; fixed ones keep the SDK from searching the machine for real ones.
    aws: {
      region: config.aws.region,
      endpoint: engine.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    },
    selection: {
      ...config.selection,
      schemaArnTagKey: config.selection.schemaArnTagKey ?? engine.schemaTagKey,
      outputSchemaArnTagKey: config.selection.outputSchemaArnTagKey ?? engine.outputSchemaTagKey,
    },
  };
  const clients = createAwsClients(effective.aws, pacingOptions(effective));
  log.info(
    { endpoint: engine.endpoint, dir, machines: engine.loadReport.loaded.length },
    'local engine started',
  );
  return {
    config: effective,
    clients,
    engine,
    close: async () => {
      destroyAwsClients(clients);
      await engine.close();
    },
  };
}

/**
 * What the AWS clients pace their requests by. The embedded engine (--local) emulates no quotas, so
 * `auto` paces only DescribeExecution there.
 */
export function pacingOptions(config: Config): PacingOptions {
  const { apiQuotas, describeRate } = config;
  const quotas =
    config.local && apiQuotas.table === 'auto' ? { ...apiQuotas, table: 'off' as const } : apiQuotas;
  return { quotas, describeRate, region: config.aws.region };
}

/**
 * How `serve` and `list` discover machines: one place, so the dry run shows exactly what serve serves,
 * tool names included (a machine never takes the name of a tool the server serves itself: the companion
 * result and answer tools, the operations tools of the configured level, and the search and run tools
 * whenever a tool budget can bring them in).
 */
export function discoveryOptions(config: Config, log: Logger): LiveCatalogOptions {
  return {
    log,
    concurrency: config.discoveryConcurrency,
    reservedNames: [
      ...(config.resultTool ? [RESULT_TOOL] : []),
      ...(config.agentApprovals ? [ANSWER_TOOL] : []),
      ...operationsToolNames(config.operations),
      ...(config.toolBudget > 0 ? META_TOOLS : []),
      // The workflow view's tools keep their names too (src/view/names.ts).
      ...VIEW_TOOLS,
    ],
    schemaInDescription: config.schemaInDescription,
    tagsInBulk: config.tagsInBulk,
    recheckEvery: config.refreshRecheckEvery,
    ...(config.annotationTags ? { readTags: 'always' as const } : {}),
  };
}

/**
 * Where `serve` keeps its last catalogue (SFN_MCP_CATALOG_CACHE), one file per account and per
 * configuration that shapes the tools; none when turned off, and none for the embedded engine (--local),
 * whose machines are loaded afresh on a new port at every start.
 */
export function catalogStore(config: Config, log: Logger): CatalogStore | undefined {
  if (config.catalogCache === 'off' || config.local) return undefined;
  const folder = config.catalogCache === 'auto' ? defaultCacheFolder() : config.catalogCache;
  const { profile, region, endpoint, sfnEndpoint, schemasEndpoint } = config.aws;
  const { reservedNames, readTags } = discoveryOptions(config, log);
  const identity = {
    aws: { profile, region, endpoint, sfnEndpoint, schemasEndpoint },
    selection: config.selection,
    reservedNames,
    readTags,
  };
  return catalogCacheFile(folder, identity, log);
}
