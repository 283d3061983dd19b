/**
 * The quota bench's floor where AWS's quotas do not bind: the least an MCP server can do to answer
 * tools/list with one tool per selected machine. It reads the same environment as the server
 * (STATE_MACHINE_TAG_KEY and _VALUE, STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY, AWS_REGION,
 * AWS_ENDPOINT_URL) and makes the fewest calls that can answer (every ListStateMachines page, the
 * GetResources pages of the machines the tag filter selects, one DescribeStateMachine per such machine,
 * one DescribeSchema per schema their schema tags name), each as soon as what it needs has arrived, with
 * the raw SDK clients: no pacing, no retry policy of its own, no validation, no cache. It starts them
 * before it loads the MCP SDK, then serves MCP over stdio with the SDK's own server, answering
 * tools/list once the calls are done: each tool its machine's name, description and schema.
 *
 * bench/quotas.ts bundles it as scripts/build.mjs bundles the bin, and times it as it times the server:
 * from spawn to the answer of the first tools/list, through the same MCP client.
 */
import { DescribeStateMachineCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DescribeSchemaCommand, SchemasClient } from '@aws-sdk/client-schemas';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { parseSchemaArn } from '../src/aws/arn.js';

/** A tool as tools/list lists it: an input schema is an object schema. */
interface FloorTool {
  name: string;
  description: string;
  inputSchema: InputSchema;
}

type InputSchema = Record<string, unknown> & { type: 'object' };

const env = process.env;
const tagKey = env.STATE_MACHINE_TAG_KEY ?? '';
const tagValue = env.STATE_MACHINE_TAG_VALUE;
const schemaTagKey = env.STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY ?? '';
const sfn = new SFNClient({});
const schemas = new SchemasClient({});
const tagging = new ResourceGroupsTaggingAPIClient({});

async function listAll(): Promise<void> {
  let nextToken: string | undefined;
  do nextToken = (await sfn.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }))).nextToken;
  while (nextToken);
}

/** The schemas asked for, by ARN: the first tag naming one asks for it. */
const schemasAsked = new Map<string, Promise<InputSchema>>();

function schemaOf(arn: string | undefined): Promise<InputSchema> {
  const parts = arn ? parseSchemaArn(arn) : undefined;
  if (!arn || !parts?.ok) return Promise.resolve({ type: 'object' });
  let asked = schemasAsked.get(arn);
  if (!asked) {
    const { registryName: RegistryName, schemaName: SchemaName } = parts.value;
    asked = schemas
      .send(new DescribeSchemaCommand({ RegistryName, SchemaName }))
      .then((s) => ({
        ...(JSON.parse(s.Content ?? '{}') as Record<string, unknown>),
        type: 'object' as const,
      }));
    schemasAsked.set(arn, asked);
  }
  return asked;
}

async function toolOf(arn: string, schemaArn: string | undefined): Promise<FloorTool> {
  const [machine, inputSchema] = await Promise.all([
    sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
    schemaOf(schemaArn),
  ]);
  return { name: machine.name ?? arn, description: machine.description ?? '', inputSchema };
}

/** The selected machines' tools, each page's described as soon as the page arrives. */
async function selectedTools(): Promise<FloorTool[]> {
  const tools: Promise<FloorTool>[] = [];
  let token: string | undefined;
  do {
    const page = await tagging.send(
      new GetResourcesCommand({
        TagFilters: [{ Key: tagKey, ...(tagValue ? { Values: [tagValue] } : {}) }],
        ResourceTypeFilters: ['states:stateMachine'],
        ResourcesPerPage: 100,
        PaginationToken: token,
      }),
    );
    for (const { ResourceARN, Tags } of page.ResourceTagMappingList ?? []) {
      if (ResourceARN) tools.push(toolOf(ResourceARN, Tags?.find((t) => t.Key === schemaTagKey)?.Value));
    }
    token = page.PaginationToken || undefined;
  } while (token);
  return Promise.all(tools);
}

const answered = Promise.all([listAll(), selectedTools()]).then(([, tools]) => tools);
// Unhandled until tools/list asks: a failure then fails the request, and the bench sees it.
answered.catch(() => undefined);

const { Server } = await import('@modelcontextprotocol/server');
const { serveStdio } = await import('@modelcontextprotocol/server/stdio');
const handle = serveStdio(() => {
  const server = new Server({ name: 'floor', version: '0.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/list', async () => ({ tools: await answered }));
  return server;
});
process.stdin.once('end', () => {
  void handle.close().finally(() => {
    sfn.destroy();
    schemas.destroy();
    tagging.destroy();
  });
});
