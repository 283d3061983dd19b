/**
 * Calls through our server (the real MCP client over stdio) against the raw SDK call they wrap:
 * Express round trips, and for Standard runs the lag between the execution's end and the result
 * reaching the client, with the DescribeExecution calls made per run.
 */
import { DescribeExecutionCommand, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { connectStdio, engineEnv } from '../test/helpers/server.js';
import { createMachines, sdkClients, startTestEngine } from '../test/helpers/engine.js';
import { fmt, median, percentile, timed } from './stats.js';

const EXPRESS_CALLS = 50;
const STANDARD_RUNS = 20;

const pass = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
const waitOneSecond = {
  StartAt: 'W',
  States: { W: { Type: 'Wait', Seconds: 1, Next: 'P' }, P: { Type: 'Pass', End: true } },
};

export async function benchCalls(): Promise<Record<string, number>> {
  const engine = await startTestEngine();
  const { sfn } = sdkClients(engine);
  const [expressArn] = await createMachines(engine, [
    { name: 'bench-express', type: 'EXPRESS', definition: pass },
    { name: 'bench-standard', type: 'STANDARD', definition: waitOneSecond },
  ]);
  const conn = await connectStdio(engineEnv(engine.endpoint, { STATE_MACHINE_PREFIX: 'bench-' }));
  try {
    const input = { orderId: 'o-1', items: [{ sku: 'a', qty: 2 }] };
    await conn.client.callTool({ name: 'express', arguments: input }); // warm-up
    await sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: expressArn, input: JSON.stringify(input) }),
    );

    const raw: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < EXPRESS_CALLS; i++) {
      raw.push(
        (
          await timed(() =>
            sfn.send(
              new StartSyncExecutionCommand({ stateMachineArn: expressArn, input: JSON.stringify(input) }),
            ),
          )
        ).ms,
      );
      ours.push((await timed(() => conn.client.callTool({ name: 'express', arguments: input }))).ms);
    }

    const lags: number[] = [];
    const describes: number[] = [];
    for (let i = 0; i < STANDARD_RUNS; i++) {
      engine.calls.reset();
      const result = await conn.client.callTool({ name: 'standard', arguments: input });
      const receivedAt = Date.now();
      if (result.isError) throw new Error(`standard run failed: ${JSON.stringify(result.content)}`);
      describes.push(engine.calls.counts().DescribeExecution ?? 0);
      const execution = await sfn.send(
        new DescribeExecutionCommand({ executionArn: String(result._meta?.executionArn) }),
      );
      lags.push(receivedAt - execution.stopDate!.getTime());
    }

    const out = {
      expressRawMedianMs: median(raw),
      expressOursMedianMs: median(ours),
      expressOursOverRaw: median(ours) / median(raw),
      standardLagP50Ms: percentile(lags, 50),
      standardLagP95Ms: percentile(lags, 95),
      describeExecutionPerRunMedian: median(describes),
    };
    console.log(`\nExpress call, ${EXPRESS_CALLS} calls each`);
    console.log(`  raw SDK StartSyncExecution   median ${fmt(out.expressRawMedianMs)}`);
    console.log(`  through MCP (stdio)          median ${fmt(out.expressOursMedianMs)}`);
    console.log(`  ratio ours/raw ${out.expressOursOverRaw.toFixed(2)}`);
    console.log(
      `\nStandard run of ~1 s, ${STANDARD_RUNS} runs: lag from execution end to result at the client`,
    );
    console.log(
      `  p50 ${fmt(out.standardLagP50Ms)}  p95 ${fmt(out.standardLagP95Ms)}  DescribeExecution per run (median) ${out.describeExecutionPerRunMedian}`,
    );
    return out;
  } finally {
    await conn.close();
    sfn.destroy();
    await engine.close();
  }
}
