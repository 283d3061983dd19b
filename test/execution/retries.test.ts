/**
 * Every retry is the SDK client's (src/aws/clients.ts): one StartExecution or StartSyncExecution reaches
 * AWS at most MAX_ATTEMPTS times, a Standard call starts at most one execution, an Express call's request
 * is sent again only when it was throttled, a cancel stops the retries, and a wait gives up after
 * MAX_POLL_FAILURES failed polls in a row. The local engine's fault injection plays AWS; its call log
 * counts what reached it. Each test has its own clients, so no retry quota is shared between tests.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, destroyAwsClients, type AwsClients } from '../../src/aws/clients.js';
import type { MachineTool } from '../../src/catalog/types.js';
import { callMachineTool, type RunOptions, type ToolCallResult } from '../../src/execution/index.js';
import { MAX_POLL_FAILURES } from '../../src/execution/wait.js';
import { createMachines, engineClients, useEngine } from '../helpers/engine.js';
import { HOLD, QUICK, executionsOf } from '../helpers/long-runs-machines.js';
import { waitFor } from '../helpers/wait-for.js';
import { testLogger } from '../helpers/log-capture.js';
import { toolWith } from './fixtures.js';

const local = useEngine();
/** Made for each test: a throttle spends its client's retry quota, which no other test should share. */
let clients: AwsClients;
let tools: { hold: MachineTool; quick: MachineTool; express: MachineTool };

/** A tool over a machine of the engine, with an open schema. */
function toolOf(arn: string, name: string, type: 'STANDARD' | 'EXPRESS'): MachineTool {
  return toolWith(
    { type: 'object', additionalProperties: true },
    { machine: { arn, name, type, invokeArn: arn } },
  );
}

beforeAll(async () => {
  const [hold, quick, express] = (await createMachines(local.engine, [
    { name: 'retry-hold', definition: HOLD },
    { name: 'retry-quick', definition: QUICK },
    { name: 'retry-express', type: 'EXPRESS', definition: QUICK },
  ])) as [string, string, string];
  tools = {
    hold: toolOf(hold, 'retry-hold', 'STANDARD'),
    quick: toolOf(quick, 'retry-quick', 'STANDARD'),
    express: toolOf(express, 'retry-express', 'EXPRESS'),
  };
});

beforeEach(() => {
  local.engine.faults.reset();
  local.engine.calls.reset();
  clients = engineClients(local.engine);
  return () => destroyAwsClients(clients);
});

const log = testLogger('retries');
const sends = (operation: string): number => local.engine.calls.counts()[operation] ?? 0;
const accepted = (operation: string): number =>
  local.engine.calls.entries().filter((e) => e.operation === operation && e.status === 200).length;
const textOf = (r: ToolCallResult): string => r.content[0]!.text;
/** How many executions the hold machine has (each test adds to it). */
const holdRuns = async (): Promise<number> =>
  (await executionsOf(local.engine, tools.hold.machine.arn)).length;
const call = (tool: MachineTool, args: Record<string, unknown>, opts: Partial<RunOptions> = {}) =>
  callMachineTool(clients, tool, args, { log, ...opts });

describe('one StartExecution is sent at most MAX_ATTEMPTS times', () => {
  it(`every answer lost: ${MAX_ATTEMPTS} sends of the same request, and exactly one execution`, async () => {
    local.engine.faults.set({ responseLossRate: 1, responseLossOperations: ['StartExecution'] });
    const before = await holdRuns();
    const r = await call(tools.hold, { id: 'lost', seconds: 3600 });
    expect(sends('StartExecution')).toBe(MAX_ATTEMPTS);
    expect(await holdRuns()).toBe(before + 1);
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^AWS error in StartExecution: InternalFailure: /);
  });

  it('a lost answer, then the run ended: the retry meets ExecutionAlreadyExists, and the execution is ours', async () => {
    // Every other answer is lost, starting with the second: the first call passes ...
    local.engine.faults.set({ responseLossRate: 0.5, responseLossOperations: ['StartExecution'] });
    expect((await call(tools.quick, { id: 'warm-up' })).isError).toBeUndefined();
    local.engine.calls.reset();
    // ... the next one's run starts (and ends at once) but its answer is lost; the SDK sends it again.
    const r = await call(tools.quick, { id: 'again' });
    expect(r.isError, textOf(r)).toBeUndefined();
    expect(r.structuredContent).toEqual({ id: 'again' });
    expect(sends('StartExecution')).toBe(2);
    const executions = await executionsOf(local.engine, tools.quick.machine.arn);
    expect(executions.filter((e) => e.executionArn === r._meta?.executionArn)).toHaveLength(1);
    expect(executions).toHaveLength(2); // the warm-up's and this call's
  });
});

describe('one StartSyncExecution is sent at most MAX_ATTEMPTS times, and again only when throttled', () => {
  it(`throttled every time: each start is sent ${MAX_ATTEMPTS} times and nothing runs`, async () => {
    local.engine.faults.set({
      throttleRate: 1,
      throttleOperations: ['StartExecution', 'StartSyncExecution'],
    });
    const before = await holdRuns();
    const [standard, express] = await Promise.all([
      call(tools.hold, { id: 'throttled', seconds: 3600 }),
      call(tools.express, { id: 'throttled' }),
    ]);
    expect(sends('StartExecution')).toBe(MAX_ATTEMPTS);
    expect(sends('StartSyncExecution')).toBe(MAX_ATTEMPTS);
    expect(accepted('StartSyncExecution')).toBe(0);
    expect(await holdRuns()).toBe(before);
    for (const [r, operation] of [
      [standard, 'StartExecution'],
      [express, 'StartSyncExecution'],
    ] as const) {
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(new RegExp(`^AWS error in ${operation}: ThrottlingException: `));
      expect(textOf(r)).toContain('AWS is throttling requests even after retries');
    }
  });

  it.each([
    ['ServiceUnavailable', 503],
    ['InternalFailure', 500],
    ['KmsThrottlingException', 400],
  ])(
    '%s (it may have run) is never sent again: one send, reported as may have run',
    async (errorType, status) => {
      local.engine.faults.set({ failures: [{ operation: 'StartSyncExecution', errorType, status }] });
      const r = await call(tools.express, { id: errorType });
      expect(sends('StartSyncExecution')).toBe(1);
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(new RegExp(`^AWS error in StartSyncExecution: ${errorType}: `));
      expect(textOf(r)).toContain('the Express workflow may already have run');
      expect(r._meta).toMatchObject({ awsError: errorType, outcome: 'unknown' });
    },
  );
});

describe('a cancel stops the retries', () => {
  it('while a throttled StartSyncExecution waits for its next send', async () => {
    local.engine.faults.set({ throttleRate: 1, throttleOperations: ['StartSyncExecution'] });
    const controller = new AbortController();
    const pending = call(tools.express, { id: 'cancelled' }, { signal: controller.signal });
    await waitFor(() => (sends('StartSyncExecution') > 0 ? true : undefined), 'a StartSyncExecution send');
    controller.abort();
    const r = await pending;
    const sentByThen = sends('StartSyncExecution');
    expect(r).toMatchObject({ isError: true, _meta: { cancelled: true } });
    expect(sentByThen).toBeLessThan(MAX_ATTEMPTS);
  });

  it('while a throttled StartExecution waits for its next send: the call names the run it may have started', async () => {
    local.engine.faults.set({ throttleRate: 1, throttleOperations: ['StartExecution'] });
    const before = await holdRuns();
    const controller = new AbortController();
    const pending = call(tools.hold, { id: 'cancelled', seconds: 3600 }, { signal: controller.signal });
    await waitFor(() => (sends('StartExecution') > 0 ? true : undefined), 'a StartExecution send');
    controller.abort();
    const r = await pending;
    expect(sends('StartExecution')).toBeLessThan(MAX_ATTEMPTS);
    expect(r).toMatchObject({ isError: true, _meta: { cancelled: true, started: 'unknown' } });
    expect(await holdRuns()).toBe(before);
  });
});

describe('the wait tolerates failed polls up to a bound', () => {
  it(`gives up at the ${MAX_POLL_FAILURES}th failed poll in a row: ${MAX_POLL_FAILURES} x ${MAX_ATTEMPTS} DescribeExecution sends`, async () => {
    local.engine.faults.set({
      failures: [{ operation: 'DescribeExecution', errorType: 'ServiceUnavailable', status: 503 }],
    });
    const r = await call(tools.hold, { id: 'unreadable', seconds: 3600 });
    expect(sends('DescribeExecution')).toBe(MAX_POLL_FAILURES * MAX_ATTEMPTS);
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^AWS error in DescribeExecution: ServiceUnavailable: /);
    // The execution was started: the result names it, to be read later.
    expect(r._meta).toMatchObject({ awsError: 'ServiceUnavailable', executionArn: expect.any(String) });
  });
});
