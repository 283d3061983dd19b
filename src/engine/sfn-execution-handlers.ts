import { randomUUID } from 'node:crypto';
import { executionArn } from '../aws/arn.js';
import { errorMessage, isObject } from '../result.js';
import { requireExecutionArn, requireStateMachineArn } from './arn-checks.js';
import type { EngineContext } from './context.js';
import { ApiError, sfnError } from './errors.js';
import { epochSeconds } from './http.js';
import { resolveTarget, runnableOf, type Target } from './machines.js';
import { requestedPage } from './pagination.js';
import { startRun, type RunEnvironment } from './run.js';
import { redriveFields, redriveStatus } from './redrive.js';
import type { SfnOperation } from './sfn-handlers.js';
import type { ExecutionRecord, ExecutionStatus, HistoryEventRecord } from './store.js';
import { checkStepFunctionsName, optBool, optEnum, optString, reqString, type Body } from './validate.js';

/** Step Functions operations on executions: start (Standard, Express, synchronous), describe, stop, list, history. */

const MAX_INPUT_CHARS = 262_144;

function readInput(body: Body): { text: string; parsed: unknown } {
  const text = optString(body, 'input', { max: MAX_INPUT_CHARS }) ?? '{}';
  try {
    return { text, parsed: JSON.parse(text) as unknown };
  } catch (err) {
    throw new ApiError(
      'InvalidExecutionInput',
      `Invalid Execution Input: the input must be a JSON text (${errorMessage(err)})`,
    );
  }
}

/** What a start request gives an execution besides its machine and ARN. */
interface StartRequest {
  name: string;
  input: { text: string; parsed: unknown };
  traceHeader: string | undefined;
}

function newExecution(target: Target, arn: string, start: StartRequest): ExecutionRecord {
  const { machine } = target;
  return {
    arn,
    name: start.name,
    machineArn: machine.arn,
    machineName: machine.name,
    ...(target.version ? { versionArn: target.version.arn } : {}),
    ...(target.alias ? { aliasArn: target.alias.arn } : {}),
    type: machine.type,
    status: 'RUNNING',
    input: start.input.text,
    ...(start.traceHeader !== undefined ? { traceHeader: start.traceHeader } : {}),
    startDate: new Date(),
    history: [],
    stop: () => undefined,
    settled: Promise.resolve(),
    redriveCount: 0,
  };
}

function runEnv(ctx: EngineContext): RunEnvironment {
  const faults = ctx.control?.faults;
  return {
    scope: ctx.scope,
    region: ctx.scope.region,
    waitScale: () => faults?.waitScale() ?? 1,
    timeoutScale: () => faults?.timeoutScale() ?? 1,
    tokens: ctx.store.tokens,
    log: ctx.log,
  };
}

function executionName(body: Body): string {
  const name = optString(body, 'name');
  if (name === undefined) return randomUUID();
  checkStepFunctionsName(name, 'execution');
  return name;
}

/** The name, input and trace header of a StartExecution or StartSyncExecution request. */
function startRequest(body: Body): StartRequest {
  return {
    name: executionName(body),
    input: readInput(body),
    // AWS: at most 256 ASCII characters; Step Functions passes it on to X-Ray.
    traceHeader: optString(body, 'traceHeader', { max: 256 }),
  };
}

/** Express runs are not kept for DescribeExecution, as in AWS; they are tracked only while running. */
function startExpressExecution(ctx: EngineContext, target: Target, start: StartRequest): ExecutionRecord {
  const arn = executionArn(ctx.scope, 'express', target.machine.name, start.name, randomUUID());
  const execution = newExecution(target, arn, start);
  startRun(runnableOf(target), execution, start.input.parsed, runEnv(ctx));
  ctx.store.expressRuns.add(execution);
  void execution.settled.finally(() => ctx.store.expressRuns.delete(execution));
  return execution;
}

function getExecution(ctx: EngineContext, arn: string): ExecutionRecord {
  requireExecutionArn(arn);
  const execution = ctx.store.executions.get(arn);
  if (!execution) throw sfnError.executionDoesNotExist(arn);
  return execution;
}

/** An execution as ListExecutions lists it; DescribeExecution adds {@link executionData}. */
function executionSummary(e: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: e.arn,
    stateMachineArn: e.machineArn,
    name: e.name,
    status: e.status,
    startDate: epochSeconds(e.startDate),
    ...(e.stopDate ? { stopDate: epochSeconds(e.stopDate) } : {}),
    ...(e.versionArn ? { stateMachineVersionArn: e.versionArn } : {}),
    ...(e.aliasArn ? { stateMachineAliasArn: e.aliasArn } : {}),
    ...redriveFields(e),
  };
}

/** An execution's input and, once it has ended, its output or its error and cause. */
function executionData(e: ExecutionRecord): Record<string, unknown> {
  return {
    input: e.input,
    inputDetails: { included: true },
    ...(e.traceHeader !== undefined ? { traceHeader: e.traceHeader } : {}),
    ...(e.output !== undefined ? { output: e.output, outputDetails: { included: true } } : {}),
    ...(e.error !== undefined ? { error: e.error } : {}),
    ...(e.cause !== undefined ? { cause: e.cause } : {}),
  };
}

function renderEvent(event: HistoryEventRecord, includeData: boolean): Record<string, unknown> {
  const details = includeData
    ? event.details
    : Object.fromEntries(
        Object.entries(event.details).map(([key, detail]) => {
          if (!isObject(detail)) return [key, detail];
          const { input: _i, output: _o, inputDetails: _id, outputDetails: _od, ...rest } = detail;
          return [key, rest];
        }),
      );
  return {
    id: event.id,
    previousEventId: event.previousEventId,
    timestamp: event.timestamp / 1000,
    type: event.type,
    ...details,
  };
}

const EXECUTION_STATUSES: readonly ExecutionStatus[] = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
];

export const executionOperations: Record<string, SfnOperation> = {
  ListExecutions(body, ctx) {
    const arn = reqString(body, 'stateMachineArn');
    const parsed = requireStateMachineArn(arn);
    const target = resolveTarget(ctx, arn, () => 0);
    if (target.machine.type === 'EXPRESS')
      throw new ApiError(
        'StateMachineTypeNotSupported',
        `ListExecutions lists STANDARD executions only; '${target.machine.arn}' is an EXPRESS state machine`,
      );
    const statusFilter = optEnum(body, 'statusFilter', EXECUTION_STATUSES);
    const redriveFilter = optEnum(body, 'redriveFilter', ['REDRIVEN', 'NOT_REDRIVEN'] as const);
    const matches = (e: ExecutionRecord): boolean => {
      if (e.machineArn !== target.machine.arn) return false;
      if (redriveFilter !== undefined && e.redriveCount > 0 !== (redriveFilter === 'REDRIVEN')) return false;
      if (parsed.qualifierKind === 'version') return e.versionArn === arn;
      if (parsed.qualifierKind === 'alias') return e.aliasArn === arn;
      return true;
    };
    // Newest first; the start order is the insertion order of the store.
    const all = [...ctx.store.executions.values()]
      .filter((e) => matches(e) && (statusFilter === undefined || e.status === statusFilter))
      .reverse();
    const { page, ...next } = requestedPage(
      body,
      all,
      {
        scope: `ListExecutions:${arn}:${statusFilter ?? ''}:${redriveFilter ?? ''}`,
        position: (e) => e.arn,
        order: 'listed',
        noun: 'execution',
      },
      3096,
    );
    return { executions: page.map(executionSummary), ...next };
  },

  StartExecution(body, ctx) {
    const target = resolveTarget(ctx, reqString(body, 'stateMachineArn'));
    const { machine } = target;
    const start = startRequest(body);
    const { input } = start;
    if (machine.type === 'EXPRESS') {
      const execution = startExpressExecution(ctx, target, start);
      return { executionArn: execution.arn, startDate: epochSeconds(execution.startDate) };
    }
    const arn = executionArn(ctx.scope, 'standard', machine.name, start.name);
    const existing = ctx.store.executions.get(arn);
    if (existing) {
      // AWS: the same name and input while RUNNING return the same execution; anything else is a conflict.
      if (existing.status === 'RUNNING' && existing.input === input.text) {
        return { executionArn: existing.arn, startDate: epochSeconds(existing.startDate) };
      }
      throw new ApiError(
        'ExecutionAlreadyExists',
        existing.status === 'RUNNING'
          ? `Execution Already Exists: '${arn}' is running with a different input`
          : `Execution Already Exists: '${arn}' has already ended (${existing.status}); execution names cannot be reused`,
      );
    }
    const execution = newExecution(target, arn, start);
    ctx.store.addExecution(execution);
    startRun(runnableOf(target), execution, input.parsed, runEnv(ctx));
    return { executionArn: execution.arn, startDate: epochSeconds(execution.startDate) };
  },

  async StartSyncExecution(body, ctx, signal) {
    // Version and alias ARNs are accepted here too, as StartExecution accepts them.
    const target = resolveTarget(ctx, reqString(body, 'stateMachineArn'));
    const { machine } = target;
    const start = startRequest(body);
    if (machine.type !== 'EXPRESS') {
      throw new ApiError(
        'StateMachineTypeNotSupported',
        `StartSyncExecution runs EXPRESS state machines only; '${machine.arn}' is a ${machine.type} state machine (use StartExecution)`,
      );
    }
    const execution = startExpressExecution(ctx, target, start);
    const onClose = (): void =>
      execution.stop('Local.ClientClosed', 'The client closed the connection before the execution ended');
    signal.addEventListener('abort', onClose, { once: true });
    try {
      await execution.settled;
    } finally {
      signal.removeEventListener('abort', onClose);
    }
    const stop = execution.stopDate ?? new Date();
    return {
      executionArn: execution.arn,
      stateMachineArn: machine.arn,
      name: execution.name,
      startDate: epochSeconds(execution.startDate),
      stopDate: epochSeconds(stop),
      status: execution.status,
      ...executionData(execution),
      billingDetails: {
        billedMemoryUsedInMB: 64,
        billedDurationInMilliseconds: Math.max(
          100,
          Math.ceil((stop.getTime() - execution.startDate.getTime()) / 100) * 100,
        ),
      },
    };
  },

  DescribeExecution(body, ctx) {
    const e = getExecution(ctx, reqString(body, 'executionArn'));
    return { ...executionSummary(e), ...executionData(e), ...redriveStatus(e) };
  },

  StopExecution(body, ctx) {
    const arn = reqString(body, 'executionArn');
    const error = optString(body, 'error', { max: 256 });
    const cause = optString(body, 'cause', { max: 32_768 });
    const e = getExecution(ctx, arn);
    e.stop(error, cause);
    return { stopDate: epochSeconds(e.stopDate ?? new Date()) };
  },

  GetExecutionHistory(body, ctx) {
    const arn = reqString(body, 'executionArn');
    const reverse = optBool(body, 'reverseOrder') ?? false;
    const includeData = optBool(body, 'includeExecutionData') ?? true;
    const e = getExecution(ctx, arn);
    // Positions are event ids, so a page stays right while a running execution appends events.
    const { page, ...next } = requestedPage(
      body,
      reverse ? [...e.history].reverse() : e.history,
      {
        scope: `GetExecutionHistory:${arn}:${reverse ? 'reverse' : 'forward'}`,
        position: (ev) => ev.id,
        order: reverse ? 'descending' : 'ascending',
      },
      3096,
    );
    return { events: page.map((ev) => renderEvent(ev, includeData)), ...next };
  },
};
