/**
 * Engine faults in the middle of a Standard call's wait (src/engine/faults.ts): throttling, lost
 * responses and 5xx answers on every DescribeExecution. Whatever ends the wait (the budget, or the polls'
 * failures), the call returns the execution ARN that its first progress notification named, exactly one
 * execution was started for it, and once the faults are gone get_execution_result reads that run. Over
 * stdio with the real MCP client; the engine in the test process, its faults set from the test.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultSettings } from '../../src/engine/index.js';
import { createMachines, useEngine } from '../helpers/engine.js';
import { HOLD, executionsOf } from '../helpers/long-runs-machines.js';
import { INPUT_MARKER } from '../helpers/secrets.js';
import { connectStdio, engineEnv } from '../helpers/server.js';

const local = useEngine();
let holdArn: string;
let client: Client;

beforeAll(async () => {
  [holdArn] = (await createMachines(local.engine, [{ name: 'fe-hold', definition: HOLD }])) as [string];
  const conn = await connectStdio(
    engineEnv(local.engine.endpoint, { STATE_MACHINE_PREFIX: 'fe-', SFN_MCP_WAIT_BUDGET_SECONDS: '2' }),
  );
  client = conn.client;
  return () => conn.close();
});

afterEach(() => local.engine.faults.reset());

const DESCRIBE = ['DescribeExecution'];
const FAULTS: Array<[string, Partial<FaultSettings>]> = [
  ['throttling', { throttleRate: 1, throttleOperations: DESCRIBE }],
  ['lost responses', { responseLossRate: 1, responseLossOperations: DESCRIBE }],
  [
    '503 answers',
    {
      failures: [
        { operation: 'DescribeExecution', errorType: 'ServiceUnavailable', status: 503, message: 'down' },
      ],
    },
  ],
  [
    '500 answers',
    {
      failures: [
        { operation: 'DescribeExecution', errorType: 'InternalFailure', status: 500, message: 'oops' },
      ],
    },
  ],
];

describe.each(FAULTS)('%s on every DescribeExecution mid-wait', (name, faults) => {
  it('end the call with the execution ARN of its first progress notification; the run is not lost', async () => {
    const before = new Set((await executionsOf(local.engine, holdArn)).map((e) => e.executionArn));
    const messages: Array<string | undefined> = [];
    const result = await client.callTool(
      { name: 'hold', arguments: { seconds: 600, id: `${INPUT_MARKER}-${name}` } },
      {
        onprogress: (p) => {
          // The faults start once the run is under way: the first notification is the start.
          if (messages.push(p.message) === 1) local.engine.faults.set(faults);
        },
      },
    );
    const executionArn = /executionArn "([^"]+)"/.exec(messages[0] ?? '')?.[1];
    expect(executionArn).toBeDefined();
    expect(result._meta?.executionArn).toBe(executionArn);
    expect(JSON.stringify(result.content)).toContain(executionArn);

    // The faults did hit the wait's polls (a throttled request names no execution: refused before reading it).
    const failedPolls = local.engine.calls
      .entries()
      .filter(
        (e) =>
          e.operation === 'DescribeExecution' && e.status >= 400 && (e.arn ?? executionArn) === executionArn,
      );
    expect(failedPolls.length).toBeGreaterThan(0);

    // Exactly one execution for this call, still running.
    const started = (await executionsOf(local.engine, holdArn)).filter((e) => !before.has(e.executionArn));
    expect(started).toEqual([{ executionArn, status: 'RUNNING' }]);

    local.engine.faults.reset();
    const read = await client.callTool({
      name: 'get_execution_result',
      arguments: { executionArn, waitSeconds: 0 },
    });
    expect(read.isError).toBeFalsy();
    expect(read._meta).toMatchObject({ executionArn, status: 'RUNNING' });
  });
});
