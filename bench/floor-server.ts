/**
 * The quota bench's floor where AWS's quotas do not bind: the least an MCP server can do to answer
 * tools/list with one tool per selected machine. It reads the same environment as the server
 * (STATE_MACHINE_TAG_KEY and _VALUE, STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY, AWS_REGION,
 * AWS_ENDPOINT_URL) and makes the fewest calls that can answer (bench/floor-calls.ts: every
 * ListStateMachines page, the GetResources pages of the machines the tag filter selects, one
 * DescribeStateMachine per such machine, one DescribeSchema per schema their schema tags name), each as
 * soon as what it needs has arrived, with the raw SDK clients: no pacing, no retry policy of its own, no
 * validation, no cache. It starts them before it loads the MCP SDK, then serves MCP over stdio with the
 * SDK's own server, answering tools/list once the calls are done: each tool its machine's name,
 * description and schema.
 *
 * bench/quotas.ts bundles it as scripts/build.mjs bundles the bin, and times it as it times the server:
 * from spawn to the answer of the first tools/list, through the same MCP client.
 */
import { readFleet, type FloorMachine } from './floor-calls.js';

/** A tool as tools/list lists it: an input schema is an object schema. */
interface FloorTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown> & { type: 'object' };
}

function toolOf({ machine, schema }: FloorMachine): FloorTool {
  const content = schema?.Content ? (JSON.parse(schema.Content) as Record<string, unknown>) : {};
  return {
    name: machine.name ?? machine.stateMachineArn ?? '',
    description: machine.description ?? '',
    inputSchema: { ...content, type: 'object' },
  };
}

const env = process.env;
const answered = readFleet({
  client: {},
  tagKey: env.STATE_MACHINE_TAG_KEY ?? '',
  ...(env.STATE_MACHINE_TAG_VALUE ? { tagValue: env.STATE_MACHINE_TAG_VALUE } : {}),
  schemaTagKey: env.STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY ?? '',
}).then((machines) => machines.map(toolOf));
// Unhandled until tools/list asks: a failure then fails the request, and the bench sees it.
answered.catch(() => undefined);

const { Server } = await import('@modelcontextprotocol/server');
const { serveStdio } = await import('@modelcontextprotocol/server/stdio');
const handle = serveStdio(() => {
  const server = new Server({ name: 'floor', version: '0.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/list', async () => ({ tools: await answered }));
  return server;
});
process.stdin.once('end', () => void handle.close());
