/** Machines and small helpers shared by the long-run integration tests. */
import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import type { Client } from '@modelcontextprotocol/client';
import { expect } from 'vitest';
import { parseExecutionArn } from '../../src/aws/arn.js';
import { sdkClients, type Engine } from './engine.js';
import { waitFor } from './wait-for.js';

/** Waits `$.seconds` (whole seconds), then passes `$.id` on: a run as long as the caller wants. */
export const HOLD = {
  Comment: 'Waits as long as asked, then answers.',
  StartAt: 'Hold',
  States: {
    Hold: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Answer' },
    Answer: { Type: 'Pass', Parameters: { 'id.$': '$.id', done: true }, End: true },
  },
};

/** Ends at once. */
export const QUICK = {
  StartAt: 'Echo',
  States: { Echo: { Type: 'Pass', Parameters: { 'id.$': '$.id' }, End: true } },
};

/** Fails in a named state with an error and a cause. */
export const FAILING = {
  StartAt: 'Check',
  States: {
    Check: { Type: 'Pass', Next: 'Reject' },
    Reject: { Type: 'Fail', Error: 'OrderRejected', Cause: 'The order total is over the limit' },
  },
};

export function text(result: { content?: unknown }): string {
  return ((result.content ?? []) as Array<{ text?: string }>).map((c) => c.text ?? '').join('\n');
}

/** The status of an execution, read with the AWS SDK directly (not through our server). */
export async function statusOf(engine: Engine, executionArn: string): Promise<string | undefined> {
  const { sfn } = sdkClients(engine);
  try {
    return (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
  } finally {
    sfn.destroy();
  }
}

/** The machine an execution ARN belongs to. */
export function machineOf(executionArn: string): string {
  const parsed = parseExecutionArn(executionArn);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value.machineArn;
}

/** Every execution of a machine (ListExecutions: adds no DescribeExecution to the call log). */
export async function executionsOf(
  engine: Engine,
  stateMachineArn: string,
): Promise<Array<{ executionArn: string; status: string }>> {
  const { sfn } = sdkClients(engine);
  try {
    const out: Array<{ executionArn: string; status: string }> = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(
        new ListExecutionsCommand({ stateMachineArn, nextToken, maxResults: 1000 }),
      );
      for (const e of page.executions ?? []) out.push({ executionArn: e.executionArn!, status: e.status! });
      nextToken = page.nextToken;
    } while (nextToken);
    return out;
  } finally {
    sfn.destroy();
  }
}

/**
 * Waits (reading ListExecutions, so the DescribeExecution log stays the server's alone) until the execution
 * is no longer RUNNING, then returns its status as DescribeExecution reports it.
 */
export async function finalStatusOf(
  engine: Engine,
  executionArn: string,
  timeoutMs = 15_000,
): Promise<string> {
  await waitFor(
    async () => {
      const e = (await executionsOf(engine, machineOf(executionArn))).find(
        (x) => x.executionArn === executionArn,
      );
      return e && e.status !== 'RUNNING' ? e.status : undefined;
    },
    `the end of ${executionArn}`,
    timeoutMs,
  );
  return (await statusOf(engine, executionArn))!;
}

/** DescribeExecution calls the engine received for one execution. */
export function describesOf(engine: Engine, executionArn: string): number {
  return engine.calls.entries().filter((e) => e.operation === 'DescribeExecution' && e.arn === executionArn)
    .length;
}

/** A progress notification as the client's `onprogress` receives it. */
export interface Note {
  progress: number;
  message?: string;
}

/**
 * Checks the progress notifications of a finished run: at least two, rising, each saying the execution
 * is running, the first naming it; then that a later round trip brings no more.
 */
export async function expectRunProgress(
  client: Client,
  notes: Note[],
  result: { _meta?: Record<string, unknown> },
): Promise<void> {
  expect(notes.length).toBeGreaterThanOrEqual(2);
  for (let i = 1; i < notes.length; i++) expect(notes[i]!.progress).toBeGreaterThan(notes[i - 1]!.progress);
  for (const n of notes) expect(n.message).toMatch(/^Execution RUNNING for \d/);
  // The first one names the execution (a client cut off mid-call can still find its run).
  expect(notes[0]!.message).toContain(`executionArn "${String(result._meta?.executionArn)}"`);
  // Nothing more arrives once the result is in: a later round trip sees no new notification.
  const seen = notes.length;
  await client.listTools();
  expect(notes).toHaveLength(seen);
}

/**
 * Cancels a call mid-run and checks what follows: starts `call` (a run of a HOLD machine `machineArn`),
 * waits for its first progress notification, aborts it (the call rejects), then checks that the new
 * execution ends ABORTED with one StopExecution when `stopOnCancel`, else SUCCEEDED with none, and that
 * the server stopped polling at the cancel.
 */
export async function expectCancelMidRun(
  engine: Engine,
  client: Client,
  machineArn: string,
  call: Parameters<Client['callTool']>[0],
  stopOnCancel: boolean,
): Promise<void> {
  const before = new Set((await executionsOf(engine, machineArn)).map((e) => e.executionArn));
  const controller = new AbortController();
  let firstProgress!: () => void;
  const progressed = new Promise<void>((resolve) => (firstProgress = resolve));
  const pending = client.callTool(call, { signal: controller.signal, onprogress: () => firstProgress() });
  await progressed;
  const executionArn = (await executionsOf(engine, machineArn)).find(
    (e) => !before.has(e.executionArn),
  )!.executionArn;

  controller.abort();
  await expect(pending).rejects.toThrow();
  const pollsAtCancel = describesOf(engine, executionArn);
  const stops = () =>
    engine.calls.entries().filter((e) => e.operation === 'StopExecution' && e.arn === executionArn);
  expect(await finalStatusOf(engine, executionArn)).toBe(stopOnCancel ? 'ABORTED' : 'SUCCEEDED');
  expect(stops()).toHaveLength(stopOnCancel ? 1 : 0);
  // The server stopped polling at the cancel: beyond our own final DescribeExecution, at most the one
  // poll that was already on its way.
  expect(describesOf(engine, executionArn) - pollsAtCancel - 1).toBeLessThanOrEqual(1);
}
