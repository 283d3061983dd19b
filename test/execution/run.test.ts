/**
 * callMachineTool against the local engine through the real AWS SDK: no mocks. The engine's call log
 * shows what reached "AWS"; gates held by the test (not sleeps) decide when a long run ends.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients, destroyAwsClients, type AwsClients } from '../../src/aws/clients.js';
import type { MachineTool, MachineType } from '../../src/catalog/types.js';
import { startEngine } from '../../src/engine/index.js';
import {
  callMachineTool,
  executionResult,
  type Pacer,
  type ProgressReport,
  type ToolCallResult,
} from '../../src/execution/index.js';
import { silentLogger } from '../../src/log.js';

type Engine = Awaited<ReturnType<typeof startEngine>>;

interface Gate {
  promise: Promise<void>;
  release: () => void;
}
const g = globalThis as unknown as { __execTestGate?: Gate; __execTestRuns?: Record<string, number> };
function newGate(): Gate {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return (g.__execTestGate = { promise, release });
}

const HANDLERS = `
export default {
  Lookup: (input) => {
    const runs = (globalThis.__execTestRuns ??= {});
    runs[input.id] = (runs[input.id] ?? 0) + 1;
    return { id: input.id, name: 'Ada', tags: ['a', 'b'] };
  },
  ChargeCard: () => {
    const e = new Error('card expired');
    e.name = 'PaymentDeclined';
    throw e;
  },
  Hold: async (input) => {
    await globalThis.__execTestGate.promise;
    return { released: true, id: input.id };
  },
};
`;

const MACHINES: Record<string, { type: MachineType; definition: object }> = {
  'exec-express-ok': {
    type: 'EXPRESS',
    definition: {
      StartAt: 'Greet',
      States: {
        Greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('hello {}', $.name)" }, End: true },
      },
    },
  },
  'exec-express-fail': {
    type: 'EXPRESS',
    definition: {
      StartAt: 'Broken',
      States: { Broken: { Type: 'Fail', Error: 'BadThing', Cause: 'it broke' } },
    },
  },
  'exec-standard-ok': {
    type: 'STANDARD',
    definition: {
      StartAt: 'Lookup',
      States: { Lookup: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
    },
  },
  'exec-standard-array': {
    type: 'STANDARD',
    definition: { StartAt: 'List', States: { List: { Type: 'Pass', Result: [1, 2, 3], End: true } } },
  },
  'exec-standard-fail': {
    type: 'STANDARD',
    definition: {
      StartAt: 'Validate',
      States: {
        Validate: { Type: 'Pass', Next: 'ChargeCard' },
        ChargeCard: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Done' },
        Done: { Type: 'Succeed' },
      },
    },
  },
  'exec-standard-hold': {
    type: 'STANDARD',
    definition: {
      StartAt: 'Hold',
      States: { Hold: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
    },
  },
};

const ORDER_SCHEMA = {
  type: 'object',
  properties: { id: { type: 'string' }, email: { type: 'string', format: 'email' } },
  required: ['id'],
  additionalProperties: true,
};

let dir: string;
let engine: Engine;
let clients: AwsClients;
const arns = new Map<string, string>();
const log = silentLogger();

function tool(
  name: string,
  inputSchema: Record<string, unknown> = { type: 'object', additionalProperties: true },
): MachineTool {
  const arn = arns.get(name);
  if (!arn) throw new Error(`no machine ${name}`);
  return {
    name: name.replace(/-/g, '_'),
    description: name,
    inputSchema,
    wrapsInput: false,
    hasSchema: false,
    annotations: { title: name },
    machine: { arn, name, type: MACHINES[name]!.type, invokeArn: arn },
  };
}

const textOf = (r: ToolCallResult): string => r.content[0]!.text;
const counts = (): Record<string, number> => engine.calls.counts();

/** How many times the Lookup task ran for this id: one per execution. */
const runsOf = (id: string): number => g.__execTestRuns?.[id] ?? 0;
const accepted = (operation: string): number =>
  engine.calls.entries().filter((e) => e.operation === operation && e.status === 200).length;

async function statusOf(executionArn: string): Promise<string | undefined> {
  return (await clients.sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'exec-test-'));
  for (const [name, spec] of Object.entries(MACHINES)) {
    const folder = join(dir, name);
    await mkdir(folder);
    await writeFile(join(folder, 'definition.asl.json'), JSON.stringify(spec.definition));
    await writeFile(join(folder, 'machine.json'), JSON.stringify({ type: spec.type }));
    await writeFile(join(folder, 'handlers.mjs'), HANDLERS);
  }
  engine = await startEngine({ dir, port: 0 });
  clients = createAwsClients({
    region: 'us-east-1',
    endpoint: engine.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const listed = await clients.sfn.send(new ListStateMachinesCommand({}));
  for (const m of listed.stateMachines ?? []) arns.set(m.name!, m.stateMachineArn!);
});

afterAll(async () => {
  g.__execTestGate?.release();
  if (clients) destroyAwsClients(clients);
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  engine.calls.reset();
  engine.faults.reset();
});

describe('Express', () => {
  it('returns the output of a successful run', async () => {
    const r = await callMachineTool(clients, tool('exec-express-ok'), { name: 'Ada' }, { log });
    expect(r.isError).toBeUndefined();
    expect(textOf(r)).toBe('{"greeting":"hello Ada"}');
    expect(r.structuredContent).toEqual({ greeting: 'hello Ada' });
    expect(r._meta).toMatchObject({ status: 'SUCCEEDED', executionArn: expect.any(String) });
    expect(counts().StartSyncExecution).toBe(1);
    expect(counts().StartExecution).toBeUndefined();
  });

  it('returns a failure as isError with error and cause, without failedState', async () => {
    const r = await callMachineTool(clients, tool('exec-express-fail'), {}, { log });
    expect(r.isError).toBe(true);
    const [summary, ...json] = textOf(r).split('\n');
    expect(summary).toBe('Execution FAILED: BadThing: it broke');
    const details = JSON.parse(json.join('\n')) as Record<string, unknown>;
    expect(details).toMatchObject({ status: 'FAILED', error: 'BadThing', cause: 'it broke' });
    expect(details).not.toHaveProperty('failedState');
    expect(r._meta).toEqual({ executionArn: details.executionArn, status: 'FAILED' });
  });
});

describe('Standard', () => {
  it('starts one execution, waits for it and returns its output', async () => {
    const progress: ProgressReport[] = [];
    const r = await callMachineTool(
      clients,
      tool('exec-standard-ok', ORDER_SCHEMA),
      { id: 'c-1' },
      {
        log,
        onProgress: (p) => void progress.push(p),
      },
    );
    expect(r.isError).toBeUndefined();
    expect(JSON.parse(textOf(r))).toEqual({ id: 'c-1', name: 'Ada', tags: ['a', 'b'] });
    expect(r.structuredContent).toEqual({ id: 'c-1', name: 'Ada', tags: ['a', 'b'] });
    const executionArn = r._meta?.executionArn as string;
    expect(executionArn).toContain(':execution:exec-standard-ok:mcp-');
    expect(r._meta?.status).toBe('SUCCEEDED');
    expect(runsOf('c-1')).toBe(1);
    expect(counts().StartExecution).toBe(1);
    expect(counts().DescribeExecution).toBeGreaterThanOrEqual(1);
    // A short run needs few polls, and progress went out for every non-final one.
    expect(counts().DescribeExecution).toBeLessThanOrEqual(6);
    expect(progress).toHaveLength(counts().DescribeExecution! - 1);
  });

  it('returns an array output as text without structuredContent', async () => {
    const r = await callMachineTool(clients, tool('exec-standard-array'), undefined, { log });
    expect(textOf(r)).toBe('[1,2,3]');
    expect(r.structuredContent).toBeUndefined();
  });

  it('returns a failure with the failed state from the history', async () => {
    const r = await callMachineTool(clients, tool('exec-standard-fail'), { id: 'x' }, { log });
    expect(r.isError).toBe(true);
    const [summary, ...json] = textOf(r).split('\n');
    expect(summary).toBe('Execution FAILED in state "ChargeCard": PaymentDeclined: card expired');
    expect(JSON.parse(json.join('\n'))).toEqual({
      status: 'FAILED',
      error: 'PaymentDeclined',
      cause: 'card expired',
      failedState: 'ChargeCard',
      executionArn: r._meta?.executionArn,
    });
    expect(counts().GetExecutionHistory).toBe(1);
  });

  it('takes the pacer before every DescribeExecution', async () => {
    let acquired = 0;
    const pacer: Pacer = { acquire: async () => void acquired++ };
    const r = await callMachineTool(clients, tool('exec-standard-ok'), { id: 'p' }, { log, pacer });
    expect(r.isError).toBeUndefined();
    expect(acquired).toBe(counts().DescribeExecution);
  });

  it('starts exactly one execution when StartExecution is throttled and retried', async () => {
    // Own clients: adaptive retry slows a client down after a throttle, which would slow the other tests.
    const own = createAwsClients({
      region: 'us-east-1',
      endpoint: engine.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    // Every other StartExecution is throttled, starting with the second: the first call passes ...
    engine.faults.set({ throttleRate: 0.5, throttleOperations: ['StartExecution'] });
    expect(
      (await callMachineTool(own, tool('exec-standard-ok'), { id: 't0' }, { log })).isError,
    ).toBeUndefined();
    engine.calls.reset();
    // ... and the next one is refused once, then retried by the SDK with the same execution name.
    const r = await callMachineTool(own, tool('exec-standard-ok'), { id: 't' }, { log });
    engine.faults.reset();
    destroyAwsClients(own);
    expect(r.isError).toBeUndefined();
    expect(counts().StartExecution).toBe(2);
    expect(accepted('StartExecution')).toBe(1);
    expect(runsOf('t')).toBe(1);
  });
});

describe('refused before any AWS call', () => {
  it('invalid arguments list the failing paths and start nothing', async () => {
    const r = await callMachineTool(
      clients,
      tool('exec-standard-ok', ORDER_SCHEMA),
      { id: 7, email: 'nope' },
      { log },
    );
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain('- /id: must be string');
    expect(textOf(r)).toContain('- /email: must match format "email"');
    const r2 = await callMachineTool(clients, tool('exec-express-ok', ORDER_SCHEMA), {}, { log });
    expect(textOf(r2)).toContain("- (root): must have required property 'id'");
    expect(counts()).toEqual({});
  });

  it('an input over 256 KiB is refused and starts nothing', async () => {
    const r = await callMachineTool(
      clients,
      tool('exec-standard-ok'),
      { id: 'big', blob: 'é'.repeat(140_000) },
      { log },
    );
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^Input too large: 280,02\d bytes .*256 KiB/);
    const r2 = await callMachineTool(
      clients,
      tool('exec-express-ok'),
      { blob: 'x'.repeat(300_000) },
      { log },
    );
    expect(r2.isError).toBe(true);
    expect(counts()).toEqual({});
  });
});

describe('AWS errors', () => {
  it('a machine that no longer exists is an isError naming the AWS error', async () => {
    const gone = tool('exec-standard-ok');
    const arn = gone.machine.arn.replace('exec-standard-ok', 'exec-deleted');
    const r = await callMachineTool(
      clients,
      { ...gone, machine: { ...gone.machine, arn, invokeArn: arn } },
      {},
      { log },
    );
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^AWS error in StartExecution: StateMachineDoesNotExist: /);
    expect(textOf(r)).toContain('no longer exists');
  });
});

describe('long runs', () => {
  it('a cancelled call stops waiting at once and leaves the execution running', async () => {
    const gate = newGate();
    const controller = new AbortController();
    let abortedAt = 0;
    let reports = 0;
    const r = await callMachineTool(
      clients,
      tool('exec-standard-hold'),
      { id: 'c' },
      {
        log,
        signal: controller.signal,
        onProgress: () => {
          // After the sixth poll the wait sleeps 570 ms: cancel in the middle of that sleep.
          if (++reports === 6)
            setTimeout(() => {
              abortedAt = performance.now();
              controller.abort();
            }, 50);
        },
      },
    );
    expect(reports).toBe(6);
    expect(performance.now() - abortedAt).toBeLessThan(200);
    expect(r.isError).toBe(true);
    expect(r._meta).toMatchObject({ status: 'RUNNING', cancelled: true });
    const executionArn = r._meta?.executionArn as string;
    expect(textOf(r)).toContain(`was not stopped`);
    expect(await statusOf(executionArn)).toBe('RUNNING');
    expect(counts().StopExecution).toBeUndefined();
    gate.release();
    const later = await executionResult(clients, executionArn, { log });
    expect(later._meta).toEqual({ executionArn, status: 'SUCCEEDED' });
    expect(later.structuredContent).toEqual({ released: true, id: 'c' });
  });

  it('with stopOnCancel, a cancelled call also stops the execution', async () => {
    newGate();
    const controller = new AbortController();
    const r = await callMachineTool(
      clients,
      tool('exec-standard-hold'),
      { id: 's' },
      {
        log,
        signal: controller.signal,
        stopOnCancel: true,
        onProgress: () => controller.abort(),
      },
    );
    expect(r._meta).toMatchObject({ status: 'ABORTED', cancelled: true });
    expect(counts().StopExecution).toBe(1);
    expect(await statusOf(r._meta?.executionArn as string)).toBe('ABORTED');
  });

  it('an expired wait budget returns the ARN, not an error, and the result can be read later', async () => {
    const gate = newGate();
    const r = await callMachineTool(
      clients,
      tool('exec-standard-hold'),
      { id: 'b' },
      { log, waitBudgetMs: 300 },
    );
    expect(r.isError).toBeUndefined();
    const executionArn = r._meta?.executionArn as string;
    expect(r._meta).toEqual({ executionArn, status: 'RUNNING' });
    expect(textOf(r)).toContain(`call get_execution_result with executionArn "${executionArn}"`);

    const peek = await executionResult(clients, executionArn, { log, waitBudgetMs: 0 });
    expect(peek._meta).toEqual({ executionArn, status: 'RUNNING' });

    gate.release();
    const done = await executionResult(clients, executionArn, { log });
    expect(done._meta).toEqual({ executionArn, status: 'SUCCEEDED' });
    expect(JSON.parse(textOf(done))).toEqual({ released: true, id: 'b' });
  });

  it('a wait budget of 0 returns right after the start', async () => {
    newGate();
    const r = await callMachineTool(
      clients,
      tool('exec-standard-hold'),
      { id: 'z' },
      { log, waitBudgetMs: 0 },
    );
    expect(r._meta?.status).toBe('RUNNING');
    expect(counts().DescribeExecution).toBeUndefined();
    g.__execTestGate?.release();
  });

  it('a signal aborted before the call starts nothing', async () => {
    const r = await callMachineTool(
      clients,
      tool('exec-standard-ok'),
      {},
      { log, signal: AbortSignal.abort() },
    );
    expect(r.isError).toBe(true);
    expect(r._meta).toEqual({ cancelled: true });
    expect(counts()).toEqual({});
  });
});
