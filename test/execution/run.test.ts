/**
 * callMachineTool against the local engine through the real AWS SDK: no mocks. The engine's call log
 * shows what reached "AWS"; gates held by the test (not sleeps) decide when a long run ends.
 */
import {
  DescribeExecutionCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { destroyAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { operationOf } from '../../src/aws/pacing.js';
import type { StateMachineType } from '@aws-sdk/client-sfn';
import type { MachineTool } from '../../src/catalog/types.js';
import {
  callMachineTool,
  getExecutionResult,
  type Pacer,
  type ProgressReport,
  type ToolCallResult,
} from '../../src/execution/index.js';
import { newExecutionName } from '../../src/execution/names.js';
import { LAST_LOOK_MS, waitForExecution, type WaitOutcome } from '../../src/execution/wait.js';
import type { FaultSettings } from '../../src/engine/index.js';
import { testLogger } from '../helpers/log-capture.js';
import { waitFor } from '../helpers/wait-for.js';
import { engineClients, machineFolder, useEngine } from '../helpers/engine.js';

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

const MACHINES: Record<string, { type: StateMachineType; definition: object }> = {
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
  'exec-express-count': {
    type: 'EXPRESS',
    definition: {
      StartAt: 'Lookup',
      States: { Lookup: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
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

const arns = new Map<string, string>();
const log = testLogger('run');

/** The machines' folder: written before the engine starts, removed after it has closed. */
let folder: { dir: string; cleanup(): Promise<void> } | undefined;
beforeAll(async () => {
  folder = await machineFolder(
    Object.fromEntries(
      Object.entries(MACHINES).map(([name, spec]) => [
        name,
        {
          'definition.asl.json': spec.definition,
          'machine.json': { type: spec.type },
          'handlers.mjs': HANDLERS,
        },
      ]),
    ),
  );
});
afterAll(() => folder?.cleanup());

const local = useEngine(() => ({ dir: folder!.dir }));

beforeAll(async () => {
  const listed = await local.clients.sfn.send(new ListStateMachinesCommand({}));
  for (const m of listed.stateMachines ?? []) arns.set(m.name!, m.stateMachineArn!);
});

// A run held at the gate must not outlive the file: released before the engine closes.
afterAll(() => g.__execTestGate?.release());

beforeEach(() => {
  local.engine.calls.reset();
  local.engine.faults.reset();
});

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
const counts = (): Record<string, number> => local.engine.calls.counts();

/** How many times the Lookup task ran for this id: one per execution. */
const runsOf = (id: string): number => g.__execTestRuns?.[id] ?? 0;
const accepted = (operation: string): number =>
  local.engine.calls.entries().filter((e) => e.operation === operation && e.status === 200).length;

async function statusOf(executionArn: string): Promise<string | undefined> {
  return (await local.clients.sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
}

/** get_execution_result on an execution of exec-standard-hold; no waitSeconds = until it ends. */
function readResult(executionArn: string, waitSeconds?: number): Promise<ToolCallResult> {
  return getExecutionResult(
    local.clients,
    [tool('exec-standard-hold')],
    { executionArn, ...(waitSeconds !== undefined ? { waitSeconds } : {}) },
    { log, maxWaitSeconds: 0 },
  );
}

/**
 * Slow answers for the tests that cancel a start: the SDK's sends of a StartExecution whose answers are
 * lost then last well past the first answer the test waits for.
 */
const START_LATENCY = { latencyMs: 300 };

/**
 * Calls exec-standard-hold while every StartExecution answer is lost (each after START_LATENCY; `failures`
 * adds injected errors), cancels the call once the first send has reached the engine, and returns its
 * result with the execution ARN the result names (the run the start may have begun).
 */
async function cancelWhileStarting(
  id: string,
  opts: { stopOnCancel?: boolean; failures?: FaultSettings['failures'] } = {},
): Promise<{ r: ToolCallResult; executionArn: string }> {
  local.engine.faults.set({
    ...START_LATENCY,
    responseLossRate: 1,
    responseLossOperations: ['StartExecution'],
    ...(opts.failures ? { failures: opts.failures } : {}),
  });
  const controller = new AbortController();
  const call = callMachineTool(
    local.clients,
    tool('exec-standard-hold'),
    { id },
    { log, signal: controller.signal, ...(opts.stopOnCancel ? { stopOnCancel: true } : {}) },
  );
  await waitFor(() => ((counts().StartExecution ?? 0) > 0 ? true : undefined), 'a StartExecution');
  controller.abort();
  const r = await call;
  local.engine.faults.reset();
  const executionArn = r._meta?.executionArn as string;
  expect(executionArn).toContain(':execution:exec-standard-hold:mcp-');
  return { r, executionArn };
}

/**
 * Clients of their own whose DescribeExecution bucket holds one token and refills only after hours: the
 * first poll goes out, the next waits for a token (calling `onHeld` when it starts to) until its signal
 * aborts. Destroyed after the file's tests.
 */
function heldClients(onHeld: () => void = () => undefined): AwsClients {
  const clients = engineClients(local.engine, { describeRate: 1e-4, region: local.engine.region });
  clients.pacing.onWait(({ operation }) => {
    if (operation === 'DescribeExecution') queueMicrotask(onHeld);
  });
  made.push(clients);
  return clients;
}

/** Clients of their own that call `hook` with the count of each DescribeExecution send, as it goes out. */
function observedClients(hook: (sends: number) => void): AwsClients {
  const clients = engineClients(local.engine);
  let sends = 0;
  clients.sfn.middlewareStack.add(
    (next, context) => (args) => {
      if (operationOf(context.commandName) === 'DescribeExecution') hook(++sends);
      return next(args);
    },
    { step: 'finalizeRequest', name: 'observeDescribeExecution' },
  );
  made.push(clients);
  return clients;
}

const made: AwsClients[] = [];
afterAll(() => made.forEach(destroyAwsClients));

describe('Express', () => {
  it('returns the output of a successful run', async () => {
    const r = await callMachineTool(local.clients, tool('exec-express-ok'), { name: 'Ada' }, { log });
    expect(r.isError).toBeUndefined();
    expect(textOf(r)).toBe('{"greeting":"hello Ada"}');
    expect(r.structuredContent).toEqual({ greeting: 'hello Ada' });
    expect(r._meta).toMatchObject({ status: 'SUCCEEDED', executionArn: expect.any(String) });
    expect(counts().StartSyncExecution).toBe(1);
    expect(counts().StartExecution).toBeUndefined();
  });

  it('returns a failure as isError with error and cause, without failedState', async () => {
    const r = await callMachineTool(local.clients, tool('exec-express-fail'), {}, { log });
    expect(r.isError).toBe(true);
    const [summary, ...json] = textOf(r).split('\n');
    expect(summary).toBe('Execution FAILED: BadThing: it broke');
    const details = JSON.parse(json.join('\n')) as Record<string, unknown>;
    expect(details).toMatchObject({ status: 'FAILED', error: 'BadThing', cause: 'it broke' });
    expect(details).not.toHaveProperty('failedState');
    expect(r._meta).toEqual({ executionArn: details.executionArn, status: 'FAILED' });
  });

  it('a lost answer is never re-sent: one StartSyncExecution, one run, and a result that says it may have run', async () => {
    local.engine.faults.set({ responseLossRate: 1, responseLossOperations: ['StartSyncExecution'] });
    const r = await callMachineTool(local.clients, tool('exec-express-count'), { id: 'lost' }, { log });
    expect(counts().StartSyncExecution).toBe(1);
    expect(runsOf('lost')).toBe(1);
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^AWS error in StartSyncExecution: InternalFailure: /);
    expect(textOf(r)).toContain('the Express workflow may already have run');
    expect(textOf(r)).toContain('Do not call the tool again blindly');
    expect(r._meta).toMatchObject({ awsError: 'InternalFailure', outcome: 'unknown' });
    expect(String(r._meta?.executionName)).toMatch(/^mcp-/);
  });

  it('a throttled StartSyncExecution (nothing ran) is tried again, and the call succeeds with one run', async () => {
    // Every other StartSyncExecution is throttled, starting with the second: the first call passes ...
    local.engine.faults.set({ throttleRate: 0.5, throttleOperations: ['StartSyncExecution'] });
    expect(
      (await callMachineTool(local.clients, tool('exec-express-count'), { id: 't0' }, { log })).isError,
    ).toBeUndefined();
    local.engine.calls.reset();
    // ... and the next one is refused once, then sent again.
    const r = await callMachineTool(local.clients, tool('exec-express-count'), { id: 'throttled' }, { log });
    expect(r.isError, textOf(r)).toBeUndefined();
    expect(r.structuredContent).toMatchObject({ id: 'throttled' });
    expect(counts().StartSyncExecution).toBe(2);
    expect(accepted('StartSyncExecution')).toBe(1);
    expect(runsOf('throttled')).toBe(1);
  });
});

describe('Standard', () => {
  it('starts one execution, waits for it and returns its output', async () => {
    const progress: ProgressReport[] = [];
    const r = await callMachineTool(
      local.clients,
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
    // A short run needs few polls, and progress went out at the start and for every non-final poll.
    expect(counts().DescribeExecution).toBeLessThanOrEqual(6);
    expect(progress).toHaveLength(counts().DescribeExecution!);
    // The first report names the execution, before any poll: a client cut off mid-call can find its run.
    expect(progress[0]).toMatchObject({ status: 'RUNNING', executionArn });
    expect(progress[0]!.message).toMatch(/^Execution RUNNING for \d+ ms, executionArn "arn:aws:states:/);
    expect(progress[0]!.message).toContain(executionArn);
  });

  it('returns an array output as text without structuredContent', async () => {
    const r = await callMachineTool(local.clients, tool('exec-standard-array'), undefined, { log });
    expect(textOf(r)).toBe('[1,2,3]');
    expect(r.structuredContent).toBeUndefined();
  });

  it('returns a failure with the failed state from the history', async () => {
    const r = await callMachineTool(local.clients, tool('exec-standard-fail'), { id: 'x' }, { log });
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

  it('starts exactly one execution when StartExecution is throttled and retried', async () => {
    // Own clients: a throttle spends the client's retry quota, which the other tests should not share.
    const own = engineClients(local.engine);
    // Every other StartExecution is throttled, starting with the second: the first call passes ...
    local.engine.faults.set({ throttleRate: 0.5, throttleOperations: ['StartExecution'] });
    expect(
      (await callMachineTool(own, tool('exec-standard-ok'), { id: 't0' }, { log })).isError,
    ).toBeUndefined();
    local.engine.calls.reset();
    // ... and the next one is refused once, then retried by the SDK with the same execution name.
    const r = await callMachineTool(own, tool('exec-standard-ok'), { id: 't' }, { log });
    local.engine.faults.reset();
    destroyAwsClients(own);
    expect(r.isError).toBeUndefined();
    expect(counts().StartExecution).toBe(2);
    expect(accepted('StartExecution')).toBe(1);
    expect(runsOf('t')).toBe(1);
  });
});

describe('refused before any AWS call', () => {
  it('invalid arguments list the failing paths and start nothing', async () => {
    // With email a checked format (SFN_MCP_CHECK_FORMATS): by default formats are annotations.
    const r = await callMachineTool(
      local.clients,
      { ...tool('exec-standard-ok', ORDER_SCHEMA), checkedFormats: ['email'] },
      { id: 7, email: 'nope' },
      { log },
    );
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain('- /id: must be string');
    expect(textOf(r)).toContain('- /email: must match format "email"');
    const r2 = await callMachineTool(local.clients, tool('exec-express-ok', ORDER_SCHEMA), {}, { log });
    expect(textOf(r2)).toContain("- (root): must have required property 'id'");
    expect(counts()).toEqual({});
  });

  it('an input over 256 KiB is refused and starts nothing', async () => {
    const r = await callMachineTool(
      local.clients,
      tool('exec-standard-ok'),
      { id: 'big', blob: 'é'.repeat(140_000) },
      { log },
    );
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^Input too large: 280,02\d bytes .*256 KiB/);
    const r2 = await callMachineTool(
      local.clients,
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
      local.clients,
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
    // One poll goes through; the next waits for a DescribeExecution token that does not come, and the
    // client cancels then: the call can only return if the cancel reaches the waiting poll.
    const r = await callMachineTool(
      heldClients(() => controller.abort()),
      tool('exec-standard-hold'),
      { id: 'c' },
      { log, signal: controller.signal },
    );
    expect(counts().DescribeExecution).toBe(1); // nothing polled after the cancel
    expect(r.isError).toBe(true);
    expect(r._meta).toMatchObject({ status: 'RUNNING', cancelled: true });
    const executionArn = r._meta?.executionArn as string;
    expect(textOf(r)).toContain(`was not stopped`);
    expect(await statusOf(executionArn)).toBe('RUNNING');
    expect(counts().StopExecution).toBeUndefined();
    gate.release();
    const later = await readResult(executionArn);
    expect(later._meta).toEqual({ executionArn, status: 'SUCCEEDED' });
    expect(later.structuredContent).toEqual({ released: true, id: 'c' });
  });

  it('with stopOnCancel, a cancelled call also stops the execution', async () => {
    newGate();
    const controller = new AbortController();
    const r = await callMachineTool(
      local.clients,
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
      local.clients,
      tool('exec-standard-hold'),
      { id: 'b' },
      { log, waitBudgetMs: 300 },
    );
    expect(r.isError).toBeUndefined();
    const executionArn = r._meta?.executionArn as string;
    expect(r._meta).toEqual({ executionArn, status: 'RUNNING' });
    expect(textOf(r)).toContain(`call get_execution_result with executionArn "${executionArn}"`);

    const peek = await readResult(executionArn, 0);
    expect(peek._meta).toEqual({ executionArn, status: 'RUNNING' });

    gate.release();
    const done = await readResult(executionArn);
    expect(done._meta).toEqual({ executionArn, status: 'SUCCEEDED' });
    expect(JSON.parse(textOf(done))).toEqual({ released: true, id: 'b' });
  });

  it('a wait budget of 0 returns right after the start', async () => {
    newGate();
    const r = await callMachineTool(
      local.clients,
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
      local.clients,
      tool('exec-standard-ok'),
      {},
      { log, signal: AbortSignal.abort() },
    );
    expect(r.isError).toBe(true);
    expect(r._meta).toEqual({ cancelled: true });
    expect(counts()).toEqual({});
  });

  it('a cancel while StartExecution is being retried stops what it started, and says so', async () => {
    newGate();
    // Every StartExecution runs but its answer is lost, so the SDK keeps sending it with the same name;
    // each answer takes START_LATENCY, so the cancel comes while the sends are still going on.
    const { r, executionArn } = await cancelWhileStarting('start-cancel', { stopOnCancel: true });
    expect(r).toMatchObject({ isError: true, _meta: { status: 'ABORTED', cancelled: true } });
    expect(textOf(r)).toContain(`StopExecution was requested for execution "${executionArn}"`);
    expect(local.engine.calls.entries().filter((e) => e.operation === 'StopExecution')).toMatchObject([
      { arn: executionArn, status: 200 },
    ]);
    expect(await statusOf(executionArn)).toBe('ABORTED');
  });

  it('a cancelled start whose StopExecution finds no execution yet still gives the ARN: the run may have started', async () => {
    const gate = newGate();
    // StartExecution runs but its answer is lost (the call is still starting when the cancel comes), and
    // StopExecution answers ExecutionDoesNotExist, as AWS does when the stop overtakes the start.
    const { r, executionArn } = await cancelWhileStarting('stop-overtook-start', {
      stopOnCancel: true,
      failures: [
        {
          operation: 'StopExecution',
          errorType: 'ExecutionDoesNotExist',
          message: 'Execution Does Not Exist',
        },
      ],
    });
    expect(r).toMatchObject({ isError: true, _meta: { cancelled: true, started: 'unknown' } });
    expect(r._meta).not.toHaveProperty('status');
    expect(textOf(r)).toContain(`StopExecution found no execution "${executionArn}"`);
    expect(textOf(r)).toContain('the execution may have started and be running, not stopped');
    expect(textOf(r)).toContain(`call get_execution_result with executionArn "${executionArn}"`);
    expect(local.engine.calls.entries().filter((e) => e.operation === 'StopExecution')).toMatchObject([
      { arn: executionArn, errorType: 'ExecutionDoesNotExist' },
    ]);
    // It had started, and goes on unstopped: the ARN the result gave reads it.
    expect(await statusOf(executionArn)).toBe('RUNNING');
    gate.release();
    const later = await readResult(executionArn);
    expect(later._meta).toEqual({ executionArn, status: 'SUCCEEDED' });
  });

  it('a cancelled start without stopOnCancel gives the ARN of the run it may have started', async () => {
    const gate = newGate();
    const { r, executionArn } = await cancelWhileStarting('start-cancel-no-stop');
    expect(r).toMatchObject({ isError: true, _meta: { cancelled: true, started: 'unknown' } });
    expect(textOf(r)).toContain(`execution "${executionArn}" may have started; it was not stopped`);
    expect(counts().StopExecution).toBeUndefined();
    expect(await statusOf(executionArn)).toBe('RUNNING');
    gate.release();
    expect((await readResult(executionArn))._meta).toEqual({ executionArn, status: 'SUCCEEDED' });
  });

  it('a wait budget of 30 days (past the setTimeout limit) does not end the wait at once', async () => {
    const gate = newGate();
    const controller = new AbortController();
    let reports = 0;
    // With the budget timer overflowing to 1 ms the call returned "still running" before any report.
    const r = await callMachineTool(
      local.clients,
      tool('exec-standard-hold'),
      { id: 'thirty-days' },
      {
        log,
        waitBudgetMs: 30 * 24 * 3600 * 1000,
        signal: controller.signal,
        onProgress: () => {
          if (++reports === 3) controller.abort();
        },
      },
    );
    expect(reports).toBe(3);
    expect(r._meta).toMatchObject({ status: 'RUNNING', cancelled: true });
    gate.release();
  });
});

describe('the last look when the budget ends a sleep', () => {
  /** Every sleep lasts an hour, so the sleep after the first look is always the last before the budget. */
  const HOURLY = { initialMs: 3_600_000, factor: 1, maxMs: 3_600_000 };
  const BUDGET_MS = 2_000;

  async function startHeld(id: string): Promise<string> {
    const out = await local.clients.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: arns.get('exec-standard-hold'),
        name: newExecutionName(),
        input: JSON.stringify({ id }),
      }),
    );
    return out.executionArn!;
  }

  /** Looks at once through `clients`, sleeps (cut by the budget), then looks a last time. */
  function waitWith(
    clients: AwsClients,
    executionArn: string,
    opts: { signal?: AbortSignal; release?: AbortSignal; onFirstLook?: () => Promise<unknown> } = {},
  ): Promise<WaitOutcome> {
    return waitForExecution(clients.sfn, executionArn, {
      pollImmediately: true,
      deadline: performance.now() + BUDGET_MS,
      backoff: HOURLY,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.release ? { release: opts.release } : {}),
      onPoll: async () => void (await opts.onFirstLook?.()),
    });
  }

  it('a run that ends while the wait sleeps its last interval is reported SUCCEEDED, with its output', async () => {
    const gate = newGate();
    const executionArn = await startHeld('last-interval');
    let sends = 0;
    const clients = observedClients((n) => (sends = n));
    // The first look finds the run going; then the run is let go, and the wait's sleep begins only once
    // Step Functions reports the end, so the order does not rest on timing.
    const outcome = await waitWith(clients, executionArn, {
      onFirstLook: () => {
        gate.release();
        return waitFor(
          async () => ((await statusOf(executionArn)) === 'SUCCEEDED' ? true : undefined),
          'the run to succeed',
        );
      },
    });
    expect(sends).toBe(2); // the first look and the last look: no poll in between
    expect(outcome.kind).toBe('terminal');
    const execution = outcome.kind === 'terminal' ? outcome.execution : undefined;
    expect(execution?.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution!.output!)).toEqual({ released: true, id: 'last-interval' });
  });

  it('a run still going at the last look gives the budget result', async () => {
    const gate = newGate();
    const executionArn = await startHeld('still-going');
    let sends = 0;
    const outcome = await waitWith(
      observedClients((n) => (sends = n)),
      executionArn,
    );
    expect(outcome).toEqual({ kind: 'budget', status: 'RUNNING' });
    expect(sends).toBe(2);
    gate.release();
  });

  it(`the last look is bounded (${LAST_LOOK_MS} ms): a DescribeExecution token that never comes still ends the wait`, async () => {
    const gate = newGate();
    const executionArn = await startHeld('bounded');
    const outcome = await waitWith(heldClients(), executionArn);
    expect(outcome).toEqual({ kind: 'budget', status: 'RUNNING' });
    expect(counts().DescribeExecution).toBe(1);
    gate.release();
  });

  it('the last look gives way to a client cancel and to a drain', async () => {
    const gate = newGate();
    const executionArn = await startHeld('last-cancel');
    // The last look waits for a token; the cancel, then the drain, come while it does.
    const controller = new AbortController();
    const cancelled = waitWith(
      heldClients(() => controller.abort()),
      executionArn,
      { signal: controller.signal },
    );
    expect(await cancelled).toEqual({ kind: 'aborted', status: 'RUNNING' });

    const release = new AbortController();
    const drained = waitWith(
      heldClients(() => release.abort()),
      executionArn,
      { release: release.signal },
    );
    expect(await drained).toEqual({ kind: 'budget', status: 'RUNNING' });
    expect(counts().DescribeExecution).toBe(2); // each wait's first look, no last look
    gate.release();
  });
});

describe('the wait ends on time while an AWS read is slow', () => {
  // The engine answers each AWS call after `latencyMs`: raised once the wait has seen the run, so the
  // next read is still on its way when the budget, the drain or the cancel comes. The call log records a
  // call when its answer goes out, so a read missing from it at return was still in flight.
  const SLOW = { latencyMs: 4_000 };
  /**
   * Calls of `operation` the engine has answered for this execution. A call the client gave up on has
   * lost its body by the time the engine reads it, so its log entry names no execution: counted too.
   */
  const answered = (operation: string, r: ToolCallResult): number =>
    local.engine.calls
      .entries()
      .filter((e) => e.operation === operation && (e.arn === r._meta?.executionArn || e.arn === undefined))
      .length;

  it('the budget ends a wait whose DescribeExecution is in flight', async () => {
    const gate = newGate();
    let reports = 0;
    const r = await callMachineTool(
      local.clients,
      tool('exec-standard-hold'),
      { id: 'slow-describe' },
      {
        log,
        waitBudgetMs: 1_200,
        // Report 1 is the start, report 2 follows the first poll.
        onProgress: () => {
          if (++reports === 2) local.engine.faults.set(SLOW);
        },
      },
    );
    const describedAtReturn = answered('DescribeExecution', r);
    expect(r.isError).toBeUndefined();
    expect(r._meta).toMatchObject({ status: 'RUNNING' });
    expect(textOf(r)).toContain('the longest this server waits in one call');
    expect(reports).toBe(2);
    expect(describedAtReturn).toBe(1);
    // The second DescribeExecution had been sent: it reaches the log once its slow answer goes out.
    await waitFor(
      () => (answered('DescribeExecution', r) === 2 ? true : undefined),
      'two DescribeExecution answers',
    );
    gate.release();
  });

  it('the budget ends a wait whose progress history read is in flight', async () => {
    const gate = newGate();
    const statePacer: Pacer = {
      acquire: async () => undefined,
      tryAcquire: () => {
        local.engine.faults.set(SLOW);
        return true;
      },
    };
    const r = await callMachineTool(
      local.clients,
      tool('exec-standard-hold'),
      { id: 'slow-history' },
      {
        log,
        waitBudgetMs: 1_200,
        stateReads: { pacer: statePacer, minIntervalMs: 0 },
        onProgress: () => undefined,
      },
    );
    const historyAtReturn = answered('GetExecutionHistory', r);
    expect(r.isError).toBeUndefined();
    expect(r._meta).toMatchObject({ status: 'RUNNING' });
    expect(answered('DescribeExecution', r)).toBe(1);
    expect(historyAtReturn).toBe(0);
    await waitFor(
      () => (answered('GetExecutionHistory', r) === 1 ? true : undefined),
      'a GetExecutionHistory answer',
    );
    gate.release();
  });

  /** Clients whose second DescribeExecution slows the engine down as it goes out, then fires `then`. */
  function slowSecondPoll(then: () => void): AwsClients {
    return observedClients((sends) => {
      if (sends === 2) {
        local.engine.faults.set(SLOW);
        setImmediate(then);
      }
    });
  }

  it('a drain (release) ends a wait whose DescribeExecution is in flight, with the budget result', async () => {
    const gate = newGate();
    const release = new AbortController();
    // The first poll is quick; before the second, the engine slows down and the drain comes.
    const r = await callMachineTool(
      slowSecondPoll(() => release.abort()),
      tool('exec-standard-hold'),
      { id: 'slow-drain' },
      { log, release: release.signal },
    );
    expect(r.isError).toBeUndefined();
    expect(r._meta).toMatchObject({ status: 'RUNNING' });
    expect(textOf(r)).toContain('It continues in the background');
    expect(answered('DescribeExecution', r)).toBe(1);
    gate.release();
  });

  it('a client cancel ends a wait whose DescribeExecution is in flight, with the cancelled result', async () => {
    const gate = newGate();
    const controller = new AbortController();
    const r = await callMachineTool(
      slowSecondPoll(() => controller.abort()),
      tool('exec-standard-hold'),
      { id: 'slow-cancel' },
      { log, signal: controller.signal },
    );
    expect(r._meta).toMatchObject({ status: 'RUNNING', cancelled: true });
    expect(answered('DescribeExecution', r)).toBe(1);
    gate.release();
  });
});
