/**
 * What a picture reads from Step Functions: a tool's definition (DescribeStateMachine of what the tool
 * runs: the machine, its version, or the version its alias sends most executions to), an execution's
 * definition (the version it ran), its status and its whole history; and, while a call is in flight, which
 * execution is that call's. Every read goes through the SDK client, which paces it (src/aws/pacing.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import {
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { aliasTarget } from '../catalog/describe.js';
import type { MachineTool } from '../catalog/types.js';
import { checkExecutionArn } from '../execution/index.js';
import { stateRuns } from './run-overlay.js';
import type { RunOverlay, RunStatus } from './run-types.js';

export interface ReadOptions {
  sfn: SFNClient;
  signal?: AbortSignal;
}

/** History pages read for one picture (1000 events each): longer histories are drawn from their start. */
export const MAX_HISTORY_PAGES = 10;

/** One request through the client, ended by the caller's signal. */
function request<T>(
  opts: ReadOptions,
  send: (sfn: SFNClient, signal?: AbortSignal) => Promise<T>,
): Promise<T> {
  return send(opts.sfn, opts.signal);
}

/** The definition a call of the tool runs. */
export async function toolDefinition(opts: ReadOptions, tool: MachineTool): Promise<string> {
  let arn = tool.machine.version !== undefined ? tool.machine.invokeArn : tool.machine.arn;
  if (tool.machine.alias !== undefined) {
    const alias = await request(opts, (sfn, abortSignal) =>
      sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: tool.machine.invokeArn }), {
        abortSignal,
      }),
    );
    arn = aliasTarget(tool.machine.arn, tool.machine.alias, alias.routingConfiguration ?? []).arn;
  }
  return definitionOf(opts, arn);
}

/** The definition an execution ran (its version's, when it ran one). */
export async function executionDefinition(opts: ReadOptions, executionArn: string): Promise<string> {
  const execution = await describeExecution(opts, executionArn);
  return definitionOf(opts, execution.stateMachineVersionArn ?? execution.stateMachineArn ?? '');
}

async function definitionOf(opts: ReadOptions, stateMachineArn: string): Promise<string> {
  const out = await request(opts, (sfn, abortSignal) =>
    sfn.send(new DescribeStateMachineCommand({ stateMachineArn }), { abortSignal }),
  );
  return out.definition ?? '';
}

function describeExecution(opts: ReadOptions, executionArn: string) {
  return request(opts, (sfn, abortSignal) =>
    sfn.send(new DescribeExecutionCommand({ executionArn }), { abortSignal }),
  );
}

/** The run so far: the execution's status, its failure, and every state's status from the history. */
export async function readRun(opts: ReadOptions, executionArn: string): Promise<RunOverlay> {
  const execution = await describeExecution(opts, executionArn);
  const events = await readHistory(opts, executionArn);
  const run: RunOverlay = {
    executionArn,
    status: (execution.status ?? 'RUNNING') as RunStatus,
    states: stateRuns(events),
  };
  if (execution.error) run.error = execution.error;
  if (execution.cause) run.cause = execution.cause;
  return run;
}

/** The history oldest first, with the execution data (a callback request's parameters carry its question). */
async function readHistory(opts: ReadOptions, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
    const out = await request(opts, (sfn, abortSignal) =>
      sfn.send(
        new GetExecutionHistoryCommand({
          executionArn,
          maxResults: 1000,
          includeExecutionData: true,
          nextToken,
        }),
        { abortSignal },
      ),
    );
    events.push(...(out.events ?? []));
    nextToken = out.nextToken;
    if (!nextToken) break;
  }
  return events;
}

/** How many running executions a search for the call's own looks at (newest first). */
export const RUN_SEARCH_LIMIT = 5;

/**
 * The execution a call in flight started: the newest running execution of the tool's machine that this
 * server started (named mcp-<uuid>) with exactly the call's input. Two calls with the same input at the
 * same time are told apart only once the call's result names its execution.
 */
export async function findCallExecution(
  opts: ReadOptions,
  tool: MachineTool,
  args: Record<string, unknown>,
): Promise<string | undefined> {
  const expected = tool.wrapsInput ? args.input : args;
  const listed = await request(opts, (sfn, abortSignal) =>
    sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: tool.machine.arn,
        statusFilter: 'RUNNING',
        maxResults: 20,
      }),
      { abortSignal },
    ),
  );
  // Only executions this server started (the same check as get_execution_result's).
  const ours = (listed.executions ?? []).filter((e) => checkExecutionArn(e.executionArn, [tool]).ok);
  for (const candidate of ours.slice(0, RUN_SEARCH_LIMIT)) {
    const d = await describeExecution(opts, candidate.executionArn!);
    if (sameInput(d.input, expected)) return candidate.executionArn;
  }
  return undefined;
}

function sameInput(text: string | undefined, expected: unknown): boolean {
  try {
    const actual: unknown = JSON.parse(text ?? 'null');
    return isDeepStrictEqual(actual, expected ?? {});
  } catch {
    return false;
  }
}
