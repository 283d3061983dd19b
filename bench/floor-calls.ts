/**
 * The fewest calls that read a fleet selected by a tag, made with the raw SDK clients, each as soon as
 * what it needs has arrived: what both floor programs of the quota bench make (bench/floor-client.ts,
 * which answers nothing, and bench/floor-server.ts, which answers tools/list).
 */
import {
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  SFNClient,
  type DescribeStateMachineCommandOutput,
} from '@aws-sdk/client-sfn';
import {
  DescribeSchemaCommand,
  SchemasClient,
  type DescribeSchemaCommandOutput,
} from '@aws-sdk/client-schemas';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { parseSchemaArn } from '../src/aws/arn.js';

/** Where the calls go and which machines they read. */
export interface FloorFleet {
  /** SDK client configuration: the region and endpoint (empty: the SDK's environment). */
  client: { region?: string; endpoint?: string };
  tagKey: string;
  tagValue?: string;
  schemaTagKey: string;
}

/** One selected machine, described, and the schema its tag names (undefined when none). */
export interface FloorMachine {
  machine: DescribeStateMachineCommandOutput;
  schema: DescribeSchemaCommandOutput | undefined;
}

/**
 * Every ListStateMachines page, and the selected machines as GetResources pages them, each described
 * (and its schema, each once) as soon as its page arrives. The clients are destroyed at the end.
 */
export async function readFleet(fleet: FloorFleet): Promise<FloorMachine[]> {
  const sfn = new SFNClient(fleet.client);
  const schemas = new SchemasClient(fleet.client);
  const tagging = new ResourceGroupsTaggingAPIClient(fleet.client);
  const schemasAsked = new Map<string, Promise<DescribeSchemaCommandOutput>>();
  const schemaOf = (arn: string | undefined) => {
    const parts = arn ? parseSchemaArn(arn) : undefined;
    if (!arn || !parts?.ok) return undefined;
    const { registryName: RegistryName, schemaName: SchemaName } = parts.value;
    if (!schemasAsked.has(arn))
      schemasAsked.set(arn, schemas.send(new DescribeSchemaCommand({ RegistryName, SchemaName })));
    return schemasAsked.get(arn);
  };
  const listAll = async () => {
    let nextToken: string | undefined;
    do nextToken = (await sfn.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }))).nextToken;
    while (nextToken);
  };
  const selected = async () => {
    const machines: Promise<FloorMachine>[] = [];
    let token: string | undefined;
    do {
      const page = await tagging.send(
        new GetResourcesCommand({
          TagFilters: [{ Key: fleet.tagKey, ...(fleet.tagValue ? { Values: [fleet.tagValue] } : {}) }],
          ResourceTypeFilters: ['states:stateMachine'],
          ResourcesPerPage: 100,
          PaginationToken: token,
        }),
      );
      for (const { ResourceARN: arn, Tags } of page.ResourceTagMappingList ?? []) {
        if (!arn) continue;
        const described = sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
        const schema = schemaOf(Tags?.find((t) => t.Key === fleet.schemaTagKey)?.Value);
        machines.push(Promise.all([described, schema]).then(([machine, s]) => ({ machine, schema: s })));
      }
      token = page.PaginationToken || undefined;
    } while (token);
    return Promise.all(machines);
  };
  try {
    return (await Promise.all([listAll(), selected()]))[1];
  } finally {
    sfn.destroy();
    schemas.destroy();
    tagging.destroy();
  }
}
