import { resolve } from 'node:path';
import { createAwsClients, destroyAwsClients, type AwsClients } from './aws/clients.js';
import type { Config } from './config/index.js';
import type { Engine } from './engine/index.js';
import type { Logger } from './log.js';
import type { LiveCatalogOptions } from './catalog/live.js';
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
  const clients = createAwsClients(config.aws);
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
  const clients = createAwsClients(effective.aws);
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
 * How `serve` and `list` discover machines: one place, so the dry run shows exactly what serve serves,
 * tool names included (a machine never takes the name of a tool the server serves itself: the companion
 * result and answer tools, the operations tools of the configured level).
 */
export function discoveryOptions(config: Config, log: Logger): LiveCatalogOptions {
  return {
    log,
    concurrency: config.discoveryConcurrency,
    reservedNames: [
      ...(config.resultTool ? [RESULT_TOOL] : []),
      ...(config.agentApprovals ? [ANSWER_TOOL] : []),
      ...operationsToolNames(config.operations),
      // The workflow view's tools keep their names too (src/view/names.ts).
      ...VIEW_TOOLS,
    ],
    tagsInBulk: config.tagsInBulk,
    recheckEvery: config.refreshRecheckEvery,
    ...(config.annotationTags ? { readTags: 'always' as const } : {}),
  };
}
