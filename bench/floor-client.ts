/**
 * The quota bench's reference where AWS's quotas do not bind: the fewest calls that can answer
 * (bench/floor-calls.ts: every ListStateMachines page, the GetResources pages of the tagged machines, one
 * DescribeStateMachine per tagged machine, one DescribeSchema per schema their schema tags name), made
 * by the raw SDK clients in a process of their own that answers nothing. bench/quotas.ts bundles it as
 * scripts/build.mjs bundles the bin and times it from spawn to its `done` line, as it times the server
 * from spawn to its first complete tools/list: both pay for starting Node and loading the SDK.
 *
 *   floor-client.js '{"endpoint":"http://127.0.0.1:4583","region":"us-east-1","tagKey":"team-q",
 *                     "schemaTagKey":"input-schema"}'
 */
import { readFleet } from './floor-calls.js';

/** The one argument, as JSON. */
export interface FloorRequest {
  endpoint: string;
  region: string;
  tagKey: string;
  schemaTagKey: string;
}

const request = JSON.parse(process.argv[2] ?? '{}') as FloorRequest;
const machines = await readFleet({
  client: { region: request.region, endpoint: request.endpoint },
  tagKey: request.tagKey,
  schemaTagKey: request.schemaTagKey,
});
process.stdout.write(`done ${machines.length}\n`);
