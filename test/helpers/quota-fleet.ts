/**
 * Accounts for the quota tests and benchmark, shaped like the one the quotas were first measured on:
 * N machines, every other one tagged `<tag key>=ai` (the tag filter selects half), every tenth one
 * tagged with one of ten registry schemas. Written as a machine folder the engine loads at start (far
 * quicker than thousands of CreateStateMachine calls, and free of their quota); the ten schemas are then
 * created through the real SDK. Several groups, each with its prefix and tag key, can share one engine.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateSchemaCommand, SchemasClient } from '@aws-sdk/client-schemas';
import pLimit from 'p-limit';
import { schemaArn, type ArnScope } from '../../src/aws/arn.js';
import { TEST_AWS_CREDENTIALS } from './secrets.js';

export const FLEET_SCHEMA_TAG = 'input-schema';
const REGISTRY = 'fleet';
const SCHEMAS = 10;

/** One group of machines: its name prefix and the key of the tag that selects half of them. */
export interface FleetGroup {
  prefix: string;
  machines: number;
  tagKey: string;
}

export function fleetGroup(prefix: string, machines: number): FleetGroup {
  return { prefix, machines, tagKey: `team-${prefix.replace(/-$/, '')}` };
}

/**
 * The server settings over a group: its prefix, its tag filter and the schema tag, and no tool budget, so
 * that every selected machine is a tool of its own in tools/list.
 */
export function fleetEnv(group: FleetGroup): Record<string, string> {
  return {
    STATE_MACHINE_PREFIX: group.prefix,
    STATE_MACHINE_TAG_KEY: group.tagKey,
    STATE_MACHINE_TAG_VALUE: 'ai',
    STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: FLEET_SCHEMA_TAG,
    SFN_MCP_TOOL_BUDGET: '0',
  };
}

export interface FleetMachine {
  name: string;
  /** Its tool's name: the prefix removed. */
  tool: string;
  /** Carries the tag the filter selects. */
  selected: boolean;
  /** Which of the ten schemas it is tagged with, if any. */
  schema?: number;
}

export function fleetPlan(group: FleetGroup): FleetMachine[] {
  return Array.from({ length: group.machines }, (_, i) => {
    const tool = `wf${String(i).padStart(5, '0')}`;
    return {
      name: `${group.prefix}${tool}`,
      tool,
      selected: i % 2 === 0,
      ...(i % 10 === 0 ? { schema: (i / 10) % SCHEMAS } : {}),
    };
  });
}

const DEFINITION = JSON.stringify({
  Comment: 'Enriches an order record and returns it.',
  StartAt: 'Done',
  States: { Done: { Type: 'Pass', End: true } },
});

/** Writes the groups' machine folders under `dir`; `scope` is the engine's, for the schema ARNs. */
export async function writeFleet(dir: string, groups: FleetGroup[], scope: ArnScope): Promise<void> {
  const limit = pLimit(64);
  await Promise.all(
    groups.flatMap((group) =>
      fleetPlan(group).map((m) =>
        limit(async () => {
          const tags: Record<string, string> = {
            ...(m.selected ? { [group.tagKey]: 'ai' } : {}),
            ...(m.schema !== undefined
              ? { [FLEET_SCHEMA_TAG]: schemaArn(scope, REGISTRY, `Order${m.schema}`) }
              : {}),
          };
          await mkdir(join(dir, m.name), { recursive: true });
          await writeFile(join(dir, m.name, 'definition.asl.json'), DEFINITION);
          await writeFile(
            join(dir, m.name, 'machine.json'),
            JSON.stringify({ description: `Workflow ${m.tool}: enriches an order record.`, tags }),
          );
        }),
      ),
    ),
  );
}

/** Registers the ten schemas the machines are tagged with, through the real SDK. */
export async function createFleetSchemas(target: { endpoint: string; region: string }): Promise<void> {
  const schemas = new SchemasClient({
    region: target.region,
    endpoint: target.endpoint,
    credentials: { ...TEST_AWS_CREDENTIALS },
  });
  try {
    for (let i = 0; i < SCHEMAS; i++) {
      await schemas.send(
        new CreateSchemaCommand({
          RegistryName: REGISTRY,
          SchemaName: `Order${i}`,
          Type: 'JSONSchemaDraft4',
          Content: JSON.stringify({ type: 'object', properties: { orderId: { type: 'string' } } }),
        }),
      );
    }
  } finally {
    schemas.destroy();
  }
}
