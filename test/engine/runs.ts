/**
 * Running definitions on the engine through the real SDK client: create, start, wait for the end (or for a
 * history event), read the whole history.
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll } from 'vitest';
import { ROLE_ARN, machineFolder, useEngine, type FolderSpec } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';

let counter = 0;

/** Creates a Standard machine with a fresh name; its ARN. */
export async function createMachine(
  sfn: SFNClient,
  definition: Record<string, unknown>,
  type: 'STANDARD' | 'EXPRESS' = 'STANDARD',
): Promise<string> {
  counter += 1;
  const out = await sfn.send(
    new CreateStateMachineCommand({
      name: `m-${counter}-${Date.now()}`,
      definition: JSON.stringify(definition),
      roleArn: ROLE_ARN,
      type,
    }),
  );
  return out.stateMachineArn!;
}

export async function start(sfn: SFNClient, stateMachineArn: string, input: unknown = {}): Promise<string> {
  const out = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  return out.executionArn!;
}

export async function history(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const out = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return out.events!;
}

/** Waits until the execution is no longer RUNNING. */
export async function ended(
  sfn: SFNClient,
  executionArn: string,
  timeoutMs = 5_000,
): Promise<DescribeExecutionCommandOutput> {
  return waitFor(
    async () => {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'RUNNING' ? undefined : d;
    },
    `the end of ${executionArn}`,
    timeoutMs,
  );
}

/** Runs a definition to its end: the description (output parsed) and the history. */
export async function run(
  sfn: SFNClient,
  definition: Record<string, unknown>,
  input: unknown = {},
): Promise<{ status: string; output?: unknown; error?: string; cause?: string; events: HistoryEvent[] }> {
  const executionArn = await start(sfn, await createMachine(sfn, definition), input);
  const d = await ended(sfn, executionArn);
  return {
    status: d.status!,
    ...(d.output !== undefined ? { output: JSON.parse(d.output) as unknown } : {}),
    ...(d.error !== undefined ? { error: d.error } : {}),
    ...(d.cause !== undefined ? { cause: d.cause } : {}),
    events: await history(sfn, executionArn),
  };
}

/** Waits for the first history event of `type` (and matching `where`). */
export async function eventOf(
  sfn: SFNClient,
  executionArn: string,
  type: string,
  where: (e: HistoryEvent) => boolean = () => true,
): Promise<HistoryEvent> {
  return waitFor(
    async () => (await history(sfn, executionArn)).find((e) => e.type === type && where(e)),
    `a ${type} event of ${executionArn}`,
  );
}

/** `assignedVariables` of each state exit, by state name (the last exit wins). */
export function assignedByState(events: HistoryEvent[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const e of events) {
    const d = e.stateExitedEventDetails;
    if (d?.assignedVariables) out[d.name!] = d.assignedVariables;
  }
  return out;
}

/** `[id, previousEventId, type]` of each event: the shape of a history, to compare with a recorded one. */
export function chain(
  events: HistoryEvent[],
): [number | undefined, number | undefined, string | undefined][] {
  return events.map((e) => [e.id, e.previousEventId, e.type]);
}

/**
 * An engine serving machine folders written from `spec`, for the tests of the surrounding file or
 * `describe`: the fixture, the ARN of a machine by name, and a run of one to its end with its history.
 */
export function useMachineFolder(spec: FolderSpec) {
  let folder: { dir: string; cleanup: () => Promise<void> } | undefined;
  beforeAll(async () => {
    folder = await machineFolder(spec);
  });
  // After hooks run in reverse: the folder goes once the engine has closed.
  afterAll(() => folder?.cleanup());
  const local = useEngine(() => ({ dir: folder!.dir }));
  const arn = (name: string): string =>
    `arn:aws:states:${local.engine.region}:${local.engine.accountId}:stateMachine:${name}`;
  return {
    local,
    arn,
    /** The folder's path, once written. */
    dir: (): string => folder!.dir,
    async runMachine(name: string, input: unknown = {}) {
      const executionArn = await start(local.sfn, arn(name), input);
      const d = await ended(local.sfn, executionArn);
      return { ...d, events: await history(local.sfn, executionArn) };
    },
  };
}
