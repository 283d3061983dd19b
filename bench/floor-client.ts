/**
 * The quota bench's floor at sizes where AWS's quotas do not bind: the fewest calls that can answer
 * (every ListStateMachines page, the GetResources pages of the tagged machines, one DescribeStateMachine
 * per tagged machine, one DescribeSchema per schema their schema tags name), made by the raw SDK clients
 * in a process of their own, each as soon as what it needs has arrived. bench/quotas.ts bundles it as
 * scripts/build.mjs bundles the bin and times it from spawn to its `done` line, as it times the server
 * from spawn to its first complete tools/list: both pay for starting Node and loading the SDK.
 *
 *   floor-client.js '{"endpoint":"http://127.0.0.1:4583","region":"us-east-1","tagKey":"team-q",
 *                     "schemaTagKey":"input-schema"}'
 */
import { DescribeStateMachineCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DescribeSchemaCommand, SchemasClient } from '@aws-sdk/client-schemas';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { parseSchemaArn } from '../src/aws/arn.js';

/** The one argument, as JSON. */
export interface FloorRequest {
  endpoint: string;
  region: string;
  tagKey: string;
  schemaTagKey: string;
}

const request = JSON.parse(process.argv[2] ?? '{}') as FloorRequest;
const base = { region: request.region, endpoint: request.endpoint };
const sfn = new SFNClient(base);
const schemas = new SchemasClient(base);
const tagging = new ResourceGroupsTaggingAPIClient(base);

async function listAll(): Promise<void> {
  let nextToken: string | undefined;
  do nextToken = (await sfn.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }))).nextToken;
  while (nextToken);
}

const schemasAsked = new Set<string>();

/** A schema a tag names, asked for the first time it is seen. */
function describeSchema(arn: string): Promise<unknown> | undefined {
  const parts = parseSchemaArn(arn);
  if (!parts.ok || schemasAsked.has(arn)) return undefined;
  schemasAsked.add(arn);
  const { registryName: RegistryName, schemaName: SchemaName } = parts.value;
  return schemas.send(new DescribeSchemaCommand({ RegistryName, SchemaName }));
}

/** The tagged machines and their schemas, each page's asked for as soon as the page arrives. */
async function describeTagged(): Promise<number> {
  const described: Promise<unknown>[] = [];
  const schemasDescribed: Promise<unknown>[] = [];
  let token: string | undefined;
  do {
    const page = await tagging.send(
      new GetResourcesCommand({
        TagFilters: [{ Key: request.tagKey }],
        ResourceTypeFilters: ['states:stateMachine'],
        ResourcesPerPage: 100,
        PaginationToken: token,
      }),
    );
    for (const { ResourceARN, Tags } of page.ResourceTagMappingList ?? []) {
      described.push(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: ResourceARN })));
      const schema = Tags?.find((t) => t.Key === request.schemaTagKey)?.Value;
      const asked = schema ? describeSchema(schema) : undefined;
      if (asked) schemasDescribed.push(asked);
    }
    token = page.PaginationToken || undefined;
  } while (token);
  await Promise.all([...described, ...schemasDescribed]);
  return described.length;
}

const [, machines] = await Promise.all([listAll(), describeTagged()]);
process.stdout.write(`done ${machines}\n`);
sfn.destroy();
schemas.destroy();
tagging.destroy();
