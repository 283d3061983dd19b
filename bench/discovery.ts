/**
 * Discovery of 200 machines with 20 ms of injected latency per AWS call:
 * ours (discoverCatalog, concurrent, all pages) against the floor (the same AWS calls fired all
 * at once with the raw SDK) and against the reference's shape (one call at a time, first page only).
 */
import {
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  type StateMachineListItem,
} from '@aws-sdk/client-sfn';
import { destroyAwsClients } from '../src/aws/clients.js';
import { discoverCatalog } from '../src/catalog/index.js';
import { silentLogger } from '../src/log.js';
import { resolveConfig } from '../src/config/index.js';
import { createMachines, engineClients, startTestEngine } from '../test/helpers/engine.js';
import { fmt, median, timed } from './stats.js';

const MACHINES = 200;
const LATENCY_MS = 20;
const RUNS = 5;

export async function benchDiscovery(): Promise<Record<string, number>> {
  const engine = await startTestEngine();
  const clients = engineClients(engine);
  try {
    await createMachines(
      engine,
      Array.from({ length: MACHINES }, (_, i) => ({
        name: `bench-${i}`,
        description: `Machine ${i}`,
        tags: { team: 'bench' },
      })),
    );
    engine.faults.set({ latencyMs: LATENCY_MS });
    const selection = { prefix: 'bench-', list: [], tagKey: 'team', tagValue: 'bench' };
    const log = silentLogger();
    // The server's default bound, as `serve` uses it.
    const concurrency = resolveConfig({}, {}).discoveryConcurrency;

    const ours: number[] = [];
    const floor: number[] = [];
    const sequential: number[] = [];
    let oursCalls = 0;
    for (let run = 0; run < RUNS; run++) {
      engine.calls.reset();
      // Tags per machine, as the floor below reads them (the quota benchmark measures tags in bulk).
      const { ms, value } = await timed(() =>
        discoverCatalog(clients, selection, { log, concurrency, tagsInBulk: false }),
      );
      if (value.tools.length !== MACHINES)
        throw new Error(`expected ${MACHINES} tools, got ${value.tools.length}`);
      oursCalls = Object.values(engine.calls.counts()).reduce((a, b) => a + b, 0);
      ours.push(ms);

      // The floor: the same calls, every one in flight at once (pagination is inherently sequential).
      floor.push(
        (
          await timed(async () => {
            const items: StateMachineListItem[] = [];
            let nextToken: string | undefined;
            do {
              const page = await clients.sfn.send(
                new ListStateMachinesCommand({ maxResults: 1000, nextToken }),
              );
              items.push(...(page.stateMachines ?? []));
              nextToken = page.nextToken;
            } while (nextToken);
            await Promise.all(
              items.flatMap((m) => [
                clients.sfn.send(new ListTagsForResourceCommand({ resourceArn: m.stateMachineArn })),
                clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: m.stateMachineArn })),
              ]),
            );
          })
        ).ms,
      );

      // The reference's shape: one page of 100, then one call at a time per machine.
      sequential.push(
        (
          await timed(async () => {
            const page = await clients.sfn.send(new ListStateMachinesCommand({}));
            for (const m of page.stateMachines ?? []) {
              await clients.sfn.send(new ListTagsForResourceCommand({ resourceArn: m.stateMachineArn }));
              await clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: m.stateMachineArn }));
            }
          })
        ).ms,
      );
    }
    const result = {
      oursMedianMs: median(ours),
      floorMedianMs: median(floor),
      sequentialFirstPageMedianMs: median(sequential),
      oursOverFloor: median(ours) / median(floor),
      sequentialOverOurs: median(sequential) / median(ours),
      awsCallsPerDiscovery: oursCalls,
    };
    console.log(`\nDiscovery: ${MACHINES} machines, ${LATENCY_MS} ms per AWS call, ${RUNS} runs`);
    console.log(
      `  ours (all ${MACHINES}, ${concurrency} calls at once) median ${fmt(result.oursMedianMs)}  (${oursCalls} AWS calls)`,
    );
    console.log(`  floor (same calls, all at once)    median ${fmt(result.floorMedianMs)}`);
    console.log(`  one at a time, first 100 only      median ${fmt(result.sequentialFirstPageMedianMs)}`);
    console.log(
      `  ratio ours/floor ${result.oursOverFloor.toFixed(2)}; one-at-a-time/ours ${result.sequentialOverOurs.toFixed(1)}x`,
    );
    return result;
  } finally {
    destroyAwsClients(clients);
    await engine.close();
  }
}
