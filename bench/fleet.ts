/**
 * A synthetic account for the memory and large-discovery benchmarks: N machines on the local engine,
 * shaped like the example machines (a description, a definition with a `Comment`, Express and Standard),
 * most carrying the tag the filter selects, and every tenth an input schema from the examples (OpenApi3
 * and JSONSchemaDraft4, one registry schema per machine, as an account with many documented workflows has).
 */
import { readFileSync } from 'node:fs';
import { CreateStateMachineCommand, SFNClient, type StateMachineType } from '@aws-sdk/client-sfn';
import { CreateSchemaCommand, SchemasClient } from '@aws-sdk/client-schemas';
import type { NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import pLimit from 'p-limit';
import type { EngineProcess } from './engine-process.js';

export const FLEET_PREFIX = 'fleet-';
export const TAG = { key: 'team', value: 'bench' };
export const SCHEMA_TAG_KEY = 'input-schema';

/**
 * The settings a server over the fleet runs with: prefix, tag filter and schema tag, and no tool budget,
 * so that every selected machine is a tool of its own (the memory benchmark calls them by name).
 */
export const FLEET_ENV: Record<string, string> = {
  STATE_MACHINE_PREFIX: FLEET_PREFIX,
  STATE_MACHINE_TAG_KEY: TAG.key,
  STATE_MACHINE_TAG_VALUE: TAG.value,
  STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: SCHEMA_TAG_KEY,
  SFN_MCP_TOOL_BUDGET: '0',
};

const example = (machine: string): string =>
  readFileSync(new URL(`../examples/state-machines/${machine}/input-schema.json`, import.meta.url), 'utf8');

/** The two schema kinds, each with an input it accepts. */
const SCHEMAS = [
  {
    type: 'OpenApi3' as const,
    content: example('demo-order-fulfillment'),
    input: {
      orderId: 'ORD-5001',
      customerId: 'C-1001',
      items: [{ sku: 'KB-MECH-01', quantity: 1 }],
      payment: { method: 'CARD', cardToken: 'tok_visa' },
      shippingAddress: {
        name: 'Ana Souza',
        line1: '410 Terry Ave N',
        city: 'Seattle',
        postalCode: '98109',
        country: 'US',
      },
    },
  },
  {
    type: 'JSONSchemaDraft4' as const,
    content: example('demo-customer-lookup'),
    input: { customerId: 'C-1001' },
  },
];

/**
 * A few Pass states and a Comment of a documented workflow's length (about 2 KB in all). Eight distinct
 * texts: the engine checks each text once (asl-validator is slow), while the server parses every
 * machine's own copy all the same.
 */
const DEFINITION_KINDS = 8;
function definition(i: number): string {
  const step = (n: number, last: boolean) => ({
    Type: 'Pass',
    Comment: `Step ${n} of workflow ${i}: reshapes the order record for the next system.`,
    Parameters: { 'execution.$': '$$.Execution.Name', step: n, source: 'bench' },
    ResultPath: `$.step${n}`,
    ...(last ? { End: true } : { Next: `Step${n + 1}` }),
  });
  return JSON.stringify({
    Comment:
      `Workflow ${i}: takes an order, checks it, enriches it from three systems and returns the ` +
      'enriched record. Fails with InvalidOrder when the order cannot be read. Safe to retry: it ' +
      'changes nothing outside the execution.',
    StartAt: 'Step1',
    States: Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`Step${n}`, step(n, n === 5)])),
  });
}

export interface FleetMachine {
  name: string;
  type: StateMachineType;
  /** The tool's name over the server (the prefix removed; names are plain). */
  tool: string;
  /** Selected by the tag filter. */
  selected: boolean;
  /** The registry schema tagged onto it, if any. */
  schema?: { type: 'OpenApi3' | 'JSONSchemaDraft4'; content: string };
  /** Arguments the tool accepts (its schema's sample input, or a small object). */
  input: Record<string, unknown>;
}

/** Every 20th machine misses the tag (left out by the filter); every 10th has a schema; a third are Express. */
export function fleetPlan(n: number): FleetMachine[] {
  return Array.from({ length: n }, (_, i) => {
    const name = `${FLEET_PREFIX}wf${String(i).padStart(5, '0')}`;
    const schema = i % 10 === 3 ? SCHEMAS[Math.floor(i / 10) % 2]! : undefined;
    return {
      name,
      type: i % 3 === 0 ? 'EXPRESS' : 'STANDARD',
      tool: name.slice(FLEET_PREFIX.length),
      selected: i % 20 !== 19,
      ...(schema ? { schema: { type: schema.type, content: schema.content } } : {}),
      input: schema?.input ?? { orderId: `ORD-${i}`, note: 'bench' },
    };
  });
}

/**
 * An account of documented workflows (the tools/list benchmark): every machine carries an input schema,
 * the two kinds in turn, and the first `selected` of them pass the tag filter.
 */
export function documentedFleetPlan(n: number, selected: number): FleetMachine[] {
  return fleetPlan(n).map((m, i) => {
    const schema = SCHEMAS[i % 2]!;
    return {
      ...m,
      selected: i < selected,
      schema: { type: schema.type, content: schema.content },
      input: schema.input,
    };
  });
}

/** Plain SDK clients pointed at the engine (any credentials do); the caller destroys them. */
export function fleetClients(
  engine: Pick<EngineProcess, 'endpoint' | 'region'>,
  handler: NodeHttpHandlerOptions = {},
): { sfn: SFNClient; schemas: SchemasClient } {
  const base = {
    region: engine.region,
    endpoint: engine.endpoint,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: handler,
  };
  // disableHostPrefix: StartSyncExecution would otherwise go to sync-127.0.0.1.
  return { sfn: new SFNClient({ ...base, disableHostPrefix: true }), schemas: new SchemasClient(base) };
}

/** Creates the plan's machines (and their schemas) through the real SDK, `concurrency` at a time. */
export async function createFleet(
  engine: EngineProcess,
  plan: FleetMachine[],
  concurrency = 16,
): Promise<void> {
  const { sfn, schemas } = fleetClients(engine);
  const limit = pLimit(concurrency);
  try {
    await Promise.all(
      plan.map((machine, i) =>
        limit(async () => {
          const tags = machine.selected ? [{ key: TAG.key, value: TAG.value }] : [];
          const schema = machine.schema;
          if (schema) {
            const out = await schemas.send(
              new CreateSchemaCommand({
                RegistryName: 'bench',
                SchemaName: machine.name,
                Type: schema.type,
                Content: schema.content,
              }),
            );
            tags.push({ key: SCHEMA_TAG_KEY, value: out.SchemaArn! });
          }
          await sfn.send(
            new CreateStateMachineCommand({
              name: machine.name,
              type: machine.type,
              roleArn: `arn:aws:iam::${engine.accountId}:role/bench`,
              definition: definition(i % DEFINITION_KINDS),
              versionDescription: `Enriches order records (workflow ${i}); owned by the bench team.`,
              tags,
            }),
          );
        }),
      ),
    );
  } finally {
    sfn.destroy();
    schemas.destroy();
  }
}
