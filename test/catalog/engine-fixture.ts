/**
 * The local engine the catalogue's engine-backed tests share: the suite's engine fixture (useEngine,
 * test/helpers/engine.ts), one per test file, reached through the server's own AWS clients, with its
 * faults and call log reset before each test. Helpers create machines and schemas through the real SDK.
 */
import { CreateStateMachineCommand } from '@aws-sdk/client-sfn';
import { CreateSchemaCommand } from '@aws-sdk/client-schemas';
import { beforeAll, beforeEach } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import type { SelectionConfig } from '../../src/catalog/types.js';
import { PASS_DEFINITION, useEngine, type Engine } from '../helpers/engine.js';

export interface MachineOptions {
  type?: 'STANDARD' | 'EXPRESS';
  /** ASL definition text; a single Pass state by default. */
  definition?: string;
  /** Sent as the version description, which the engine serves as the machine's description. */
  description?: string;
  tags?: Record<string, string>;
  publish?: boolean;
}

export interface CatalogEngine {
  readonly engine: Engine;
  readonly clients: AwsClients;
  arnOf(name: string, qualifier?: string): string;
  schemaArnOf(registry: string, name: string): string;
  /** Creates a machine; returns its ARN. */
  createMachine(name: string, opts?: MachineOptions): Promise<string>;
  /** Registers a schema document (an object is sent as JSON); returns its ARN. */
  createSchema(
    registry: string,
    name: string,
    type: 'JSONSchemaDraft4' | 'OpenApi3',
    content: string | object,
  ): Promise<string>;
}

/** A SelectionConfig with nothing set but `over`. */
export function selectionOf(over: Partial<SelectionConfig> = {}): SelectionConfig {
  return { prefix: '', list: [], tagKey: '', tagValue: '', ...over };
}

/**
 * Starts the engine before the file's tests (then runs `setup`, within `setupTimeoutMs`) and closes
 * it after them. Read `engine` and `clients` inside tests and hooks, not at the file's top level.
 */
export function useCatalogEngine(
  setup?: (fx: CatalogEngine) => Promise<void>,
  setupTimeoutMs?: number,
): CatalogEngine {
  const local = useEngine();
  const fx: CatalogEngine = {
    get engine() {
      return local.engine;
    },
    get clients() {
      return local.clients;
    },
    arnOf: (name, qualifier) =>
      `arn:aws:states:${fx.engine.region}:${fx.engine.accountId}:stateMachine:${name}${qualifier ? `:${qualifier}` : ''}`,
    schemaArnOf: (registry, name) =>
      `arn:aws:schemas:${fx.engine.region}:${fx.engine.accountId}:schema/${registry}/${name}`,
    createMachine: async (name, opts = {}) => {
      const out = await fx.clients.sfn.send(
        new CreateStateMachineCommand({
          name,
          type: opts.type ?? 'STANDARD',
          roleArn: `arn:aws:iam::${fx.engine.accountId}:role/test`,
          definition: opts.definition ?? JSON.stringify(PASS_DEFINITION),
          ...(opts.description ? { versionDescription: opts.description } : {}),
          ...(opts.publish ? { publish: true } : {}),
          ...(opts.tags ? { tags: Object.entries(opts.tags).map(([key, value]) => ({ key, value })) } : {}),
        }),
      );
      return out.stateMachineArn!;
    },
    createSchema: async (registry, name, type, content) => {
      const out = await fx.clients.schemas.send(
        new CreateSchemaCommand({
          RegistryName: registry,
          SchemaName: name,
          Type: type,
          Content: typeof content === 'string' ? content : JSON.stringify(content),
        }),
      );
      return out.SchemaArn!;
    },
  };
  if (setup) beforeAll(() => setup(fx), setupTimeoutMs);
  beforeEach(() => {
    fx.engine.faults.reset();
    fx.engine.calls.reset();
  });
  return fx;
}
