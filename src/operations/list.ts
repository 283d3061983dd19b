/** list_executions: one page of a workflow's executions, newest first, with an opaque cursor to the next. */
import { ListExecutionsCommand, type ExecutionListItem } from '@aws-sdk/client-sfn';
import { awsErrorResult, formatDuration, logAwsError, refusalResult } from '../execution/index.js';
import {
  checkedArguments,
  isoDate,
  operationsResult,
  type OperationsCall,
  type OperationsResult,
} from './call.js';
import { cursorToken, encodeCursor } from './cursor.js';
import { DEFAULT_PAGE_SIZE, LIST_EXECUTIONS, operationsToolDefinition } from './definitions.js';
import { machineTarget, type MachineTarget } from './targets.js';

interface ListArgs {
  machine: string;
  status?: string;
  maxResults?: number;
  cursor?: string;
}

export async function listExecutions(call: OperationsCall, args: unknown): Promise<OperationsResult> {
  const checked = checkedArguments<ListArgs>(operationsToolDefinition(LIST_EXECUTIONS)!, args);
  if (!checked.ok) return refusalResult(checked.error);
  const { machine, status, maxResults = DEFAULT_PAGE_SIZE, cursor } = checked.value;
  const target = machineTarget(machine, call.tools, LIST_EXECUTIONS);
  if (!target.ok) return refused(call, target.error);
  const listing = { arn: target.value.arn, ...(status !== undefined ? { status } : {}) };
  const token = cursor === undefined ? undefined : cursorToken(cursor, listing);
  if (token && !token.ok) return refused(call, token.error);
  try {
    const page = await call.clients.sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: listing.arn,
        maxResults,
        ...(status !== undefined ? { statusFilter: status as ExecutionListItem['status'] } : {}),
        ...(token ? { nextToken: token.value } : {}),
      }),
      { abortSignal: call.signal },
    );
    const next = page.nextToken ? encodeCursor({ ...listing, token: page.nextToken }) : undefined;
    return pageResult(target.value, status, page.executions ?? [], next);
  } catch (err) {
    logAwsError(call.log, err, {
      tool: LIST_EXECUTIONS,
      machineArn: listing.arn,
      operation: 'ListExecutions',
    });
    return awsErrorResult(err, { operation: 'ListExecutions' });
  }
}

function refused(call: OperationsCall, message: string): OperationsResult {
  call.log.info({ tool: LIST_EXECUTIONS }, 'operations call refused before any AWS call');
  return refusalResult(message);
}

function pageResult(
  target: MachineTarget,
  status: string | undefined,
  items: readonly ExecutionListItem[],
  nextCursor: string | undefined,
): OperationsResult {
  const executions = items.map((e) => ({
    executionArn: e.executionArn,
    name: e.name,
    status: e.status,
    startDate: isoDate(e.startDate),
    ...(e.stopDate ? { stopDate: isoDate(e.stopDate) } : {}),
    ...(e.redriveCount ? { redriveCount: e.redriveCount } : {}),
  }));
  const filter = status !== undefined ? ` with status ${status}` : '';
  const lines = [
    `${items.length} execution(s) of ${target.tool.name} (${target.arn})${filter}, newest first:`,
    ...items.map(executionLine),
    nextCursor
      ? `More: call ${LIST_EXECUTIONS} again with the same machine and status and cursor "${nextCursor}".`
      : 'No more executions.',
  ];
  return operationsResult(lines.join('\n'), {
    machine: target.tool.name,
    stateMachineArn: target.arn,
    executions,
    ...(nextCursor ? { nextCursor } : {}),
  });
}

/** `- mcp-1234 FAILED, started 2025-…Z, stopped 2025-…Z (12.3 s), redriven 1 time: arn:…` */
function executionLine(e: ExecutionListItem): string {
  const times = [`started ${isoDate(e.startDate) ?? '?'}`];
  if (e.stopDate) {
    const took = e.startDate ? ` (${formatDuration(e.stopDate.getTime() - e.startDate.getTime())})` : '';
    times.push(`stopped ${isoDate(e.stopDate)}${took}`);
  }
  const redriven = e.redriveCount ? `, redriven ${e.redriveCount} time(s)` : '';
  return `- ${e.name} ${e.status}, ${times.join(', ')}${redriven}: ${e.executionArn}`;
}
