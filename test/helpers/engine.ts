import { SFNClient, CreateStateMachineCommand, TagResourceCommand } from '@aws-sdk/client-sfn';
import { SchemasClient, CreateSchemaCommand } from '@aws-sdk/client-schemas';
import { startEngine, type Engine } from '../../src/engine/index.js';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';

export { type Engine };

export async function startTestEngine(dir?: string): Promise<Engine> {
  return startEngine({ port: 0, ...(dir ? { dir } : {}) });
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export function sdkClients(engine: Engine): { sfn: SFNClient; schemas: SchemasClient } {
  return {
    sfn: new SFNClient({
      region: engine.region,
      endpoint: engine.endpoint,
      credentials,
      disableHostPrefix: true,
    }),
    schemas: new SchemasClient({ region: engine.region, endpoint: engine.endpoint, credentials }),
  };
}

/** The server's own AWS clients (as `serve` builds them), pointed at the engine. */
export function engineClients(engine: Engine): AwsClients {
  return createAwsClients({ region: engine.region, endpoint: engine.endpoint, credentials });
}

export interface MachineSpec {
  name: string;
  type?: 'STANDARD' | 'EXPRESS';
  definition?: Record<string, unknown>;
  description?: string;
  tags?: Record<string, string>;
}

export const PASS_DEFINITION = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };

/** Creates machines through the real SDK, as an operator's account would hold them. Returns their ARNs. */
export async function createMachines(engine: Engine, specs: MachineSpec[]): Promise<string[]> {
  const { sfn } = sdkClients(engine);
  try {
    const arns: string[] = [];
    for (const spec of specs) {
      const out = await sfn.send(
        new CreateStateMachineCommand({
          name: spec.name,
          type: spec.type ?? 'STANDARD',
          roleArn: `arn:aws:iam::${engine.accountId}:role/test`,
          definition: JSON.stringify(spec.definition ?? PASS_DEFINITION),
          // CreateStateMachine has no description field; the engine keeps the version description as it.
          ...(spec.description !== undefined ? { versionDescription: spec.description } : {}),
          ...(spec.tags ? { tags: Object.entries(spec.tags).map(([key, value]) => ({ key, value })) } : {}),
        }),
      );
      arns.push(out.stateMachineArn!);
    }
    return arns;
  } finally {
    sfn.destroy();
  }
}

/** Registers a schema and tags the machine with its ARN under `tagKey`. */
export async function attachSchema(
  engine: Engine,
  machineArn: string,
  tagKey: string,
  schema: { registry: string; name: string; type: 'OpenApi3' | 'JSONSchemaDraft4'; content: string },
): Promise<string> {
  const { sfn, schemas } = sdkClients(engine);
  try {
    const out = await schemas.send(
      new CreateSchemaCommand({
        RegistryName: schema.registry,
        SchemaName: schema.name,
        Type: schema.type,
        Content: schema.content,
      }),
    );
    await sfn.send(
      new TagResourceCommand({ resourceArn: machineArn, tags: [{ key: tagKey, value: out.SchemaArn! }] }),
    );
    return out.SchemaArn!;
  } finally {
    sfn.destroy();
    schemas.destroy();
  }
}
