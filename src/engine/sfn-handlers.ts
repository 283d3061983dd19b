import { randomUUID } from 'node:crypto';
import {
  executionArn,
  isPlausibleRoleArn,
  parseExecutionArn,
  parseStateMachineArn,
  rejectQualifier,
} from './arn.js';
import type { EngineContext } from './context.js';
import { checkDefinition } from './definition.js';
import { ApiError, sfnError } from './errors.js';
import { epochSeconds } from './http.js';
import { checkTagCount, createMachine, getMachine } from './machines.js';
import { decodeToken, encodeToken, pageSize } from './pagination.js';
import { startRun } from './runner.js';
import { MACHINE_TYPES, type ExecutionRecord, type HistoryEvent, type MachineRecord } from './store.js';
import {
  checkName,
  optBool,
  optEnum,
  optInt,
  optString,
  optTags,
  reqString,
  reqStringList,
  type Body,
} from './validate.js';

/** AWS Step Functions operations (JSON 1.0), one function per X-Amz-Target operation. */

export type SfnOperation = (body: Body, ctx: EngineContext, signal: AbortSignal) => unknown;

const MAX_INPUT_CHARS = 262_144;

function machineSummary(m: MachineRecord): Record<string, unknown> {
  return { stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: epochSeconds(m.creationDate) };
}

function tagList(tags: Map<string, string>): { key: string; value: string }[] {
  return [...tags].map(([key, value]) => ({ key, value }));
}

/** The machine behind a tagging call: tagging errors say ResourceNotFound, as in AWS. */
function taggedMachine(ctx: EngineContext, arn: string): MachineRecord {
  rejectQualifier(parseStateMachineArn(arn), arn);
  const machine = ctx.store.machines.get(arn);
  if (!machine) throw sfnError.resourceNotFound(arn);
  return machine;
}

function readInput(body: Body): { text: string; parsed: unknown } {
  const text = optString(body, 'input', { max: MAX_INPUT_CHARS }) ?? '{}';
  try {
    return { text, parsed: JSON.parse(text) as unknown };
  } catch (err) {
    throw new ApiError(
      'InvalidExecutionInput',
      `Invalid Execution Input: the input must be a JSON text (${(err as Error).message})`,
    );
  }
}

function newExecution(
  ctx: EngineContext,
  machine: MachineRecord,
  arn: string,
  name: string,
  input: string,
): ExecutionRecord {
  return {
    arn,
    name,
    machineArn: machine.arn,
    machineName: machine.name,
    type: machine.type,
    status: 'RUNNING',
    input,
    startDate: new Date(),
    history: [],
    stop: () => undefined,
    settled: Promise.resolve(),
  };
}

function runEnv(ctx: EngineContext): Parameters<typeof startRun>[3] {
  return { region: ctx.scope.region, waitScale: () => ctx.faults.waitScale(), log: ctx.log };
}

function executionName(body: Body): string {
  const name = optString(body, 'name');
  if (name === undefined) return randomUUID();
  checkName(name, 'execution');
  return name;
}

/** Express runs are not kept for DescribeExecution, as in AWS; they are tracked only while running. */
function runExpress(
  ctx: EngineContext,
  machine: MachineRecord,
  name: string,
  input: { text: string; parsed: unknown },
): ExecutionRecord {
  const arn = executionArn(ctx.scope, 'express', machine.name, name, randomUUID());
  const execution = newExecution(ctx, machine, arn, name, input.text);
  startRun(machine, execution, input.parsed, runEnv(ctx));
  ctx.store.expressRuns.add(execution);
  void execution.settled.finally(() => ctx.store.expressRuns.delete(execution));
  return execution;
}

function getExecution(ctx: EngineContext, arn: string): ExecutionRecord {
  parseExecutionArn(arn);
  const execution = ctx.store.executions.get(arn);
  if (!execution) throw sfnError.executionDoesNotExist(arn);
  return execution;
}

function renderEvent(event: HistoryEvent, includeData: boolean): Record<string, unknown> {
  const details = includeData
    ? event.details
    : Object.fromEntries(
        Object.entries(event.details).map(([key, detail]) => {
          if (detail === null || typeof detail !== 'object') return [key, detail];
          const {
            input: _i,
            output: _o,
            inputDetails: _id,
            outputDetails: _od,
            ...rest
          } = detail as Record<string, unknown>;
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

export const sfnOperations: Record<string, SfnOperation> = {
  ListStateMachines(body, ctx) {
    const size = pageSize(optInt(body, 'maxResults', 0, 1000));
    const token = optString(body, 'nextToken', { max: 1024 });
    const after = token === undefined ? undefined : String(decodeToken(token, 'ListStateMachines'));
    const all = ctx.store.sortedMachines();
    const start = after === undefined ? 0 : all.findIndex((m) => m.name > after);
    const page = start < 0 ? [] : all.slice(start, start + size);
    const more = start >= 0 && start + size < all.length;
    return {
      stateMachines: page.map(machineSummary),
      ...(more ? { nextToken: encodeToken('ListStateMachines', page.at(-1)!.name) } : {}),
    };
  },

  DescribeStateMachine(body, ctx) {
    const m = getMachine(ctx, reqString(body, 'stateMachineArn'));
    return {
      ...machineSummary(m),
      status: 'ACTIVE',
      definition: m.definitionText,
      roleArn: m.roleArn,
      ...(m.description !== undefined ? { description: m.description } : {}),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  },

  ListTagsForResource(body, ctx) {
    return { tags: tagList(taggedMachine(ctx, reqString(body, 'resourceArn')).tags) };
  },

  TagResource(body, ctx) {
    const machine = taggedMachine(ctx, reqString(body, 'resourceArn'));
    const tags = optTags(body, 'tags');
    if (tags === undefined)
      throw sfnError.validation(
        "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null",
      );
    const merged = new Map(machine.tags);
    for (const { key, value } of tags) merged.set(key, value);
    checkTagCount(merged.size);
    machine.tags = merged;
    return {};
  },

  UntagResource(body, ctx) {
    const machine = taggedMachine(ctx, reqString(body, 'resourceArn'));
    for (const key of reqStringList(body, 'tagKeys')) machine.tags.delete(key);
    return {};
  },

  CreateStateMachine(body, ctx) {
    const name = reqString(body, 'name');
    const definitionText = reqString(body, 'definition');
    const roleArn = reqString(body, 'roleArn', { max: 256 });
    const type = optEnum(body, 'type', MACHINE_TYPES) ?? 'STANDARD';
    const tags = optTags(body, 'tags') ?? [];
    // The API has no description on create; a version description is the closest field.
    const description = optString(body, 'versionDescription', { max: 256 });
    checkName(name, 'state machine');
    if (!isPlausibleRoleArn(roleArn)) throw sfnError.invalidArn(roleArn, 'IAM role');
    const checked = checkDefinition(definitionText);
    const existing = [...ctx.store.machines.values()].find((m) => m.name === name);
    if (existing) {
      // CreateStateMachine is idempotent in AWS: the same definition, role and type return the existing machine.
      if (
        existing.definitionText === definitionText &&
        existing.roleArn === roleArn &&
        existing.type === type
      ) {
        return { stateMachineArn: existing.arn, creationDate: epochSeconds(existing.creationDate) };
      }
      throw new ApiError(
        'StateMachineAlreadyExists',
        `State Machine Already Exists: '${existing.arn}' has another definition, role or type`,
      );
    }
    const machine = createMachine(ctx, {
      name,
      definitionText,
      checked,
      type,
      roleArn,
      ...(description !== undefined ? { description } : {}),
      tags: tags.map((t) => [t.key, t.value] as [string, string]),
    });
    ctx.log.debug({ stateMachineArn: machine.arn }, 'state machine created');
    return { stateMachineArn: machine.arn, creationDate: epochSeconds(machine.creationDate) };
  },

  DeleteStateMachine(body, ctx) {
    const arn = reqString(body, 'stateMachineArn');
    rejectQualifier(parseStateMachineArn(arn), arn);
    // Idempotent as in AWS; running executions finish on their own.
    ctx.store.machines.delete(arn);
    return {};
  },

  StartExecution(body, ctx) {
    const machine = getMachine(ctx, reqString(body, 'stateMachineArn'));
    const name = executionName(body);
    const input = readInput(body);
    if (machine.type === 'EXPRESS') {
      const execution = runExpress(ctx, machine, name, input);
      return { executionArn: execution.arn, startDate: epochSeconds(execution.startDate) };
    }
    const arn = executionArn(ctx.scope, 'execution', machine.name, name);
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
    const execution = newExecution(ctx, machine, arn, name, input.text);
    ctx.store.addExecution(execution);
    startRun(machine, execution, input.parsed, runEnv(ctx));
    return { executionArn: execution.arn, startDate: epochSeconds(execution.startDate) };
  },

  async StartSyncExecution(body, ctx, signal) {
    const machine = getMachine(ctx, reqString(body, 'stateMachineArn'));
    const name = executionName(body);
    const input = readInput(body);
    if (machine.type !== 'EXPRESS') {
      throw new ApiError(
        'StateMachineTypeNotSupported',
        `StartSyncExecution runs EXPRESS state machines only; '${machine.arn}' is a ${machine.type} state machine (use StartExecution)`,
      );
    }
    const execution = runExpress(ctx, machine, name, input);
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
      input: execution.input,
      inputDetails: { included: true },
      ...(execution.output !== undefined
        ? { output: execution.output, outputDetails: { included: true } }
        : {}),
      ...(execution.error !== undefined ? { error: execution.error } : {}),
      ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
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
    return {
      executionArn: e.arn,
      stateMachineArn: e.machineArn,
      name: e.name,
      status: e.status,
      startDate: epochSeconds(e.startDate),
      ...(e.stopDate ? { stopDate: epochSeconds(e.stopDate) } : {}),
      input: e.input,
      inputDetails: { included: true },
      ...(e.output !== undefined ? { output: e.output, outputDetails: { included: true } } : {}),
      ...(e.error !== undefined ? { error: e.error } : {}),
      ...(e.cause !== undefined ? { cause: e.cause } : {}),
    };
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
    const size = pageSize(optInt(body, 'maxResults', 0, 1000));
    const reverse = optBool(body, 'reverseOrder') ?? false;
    const includeData = optBool(body, 'includeExecutionData') ?? true;
    const token = optString(body, 'nextToken', { max: 3096 });
    const e = getExecution(ctx, arn);
    const scope = `GetExecutionHistory:${arn}:${reverse ? 'reverse' : 'forward'}`;
    // Positions are event ids, so a page stays right while a running execution appends events.
    const after = token === undefined ? undefined : Number(decodeToken(token, scope));
    const ordered = reverse ? [...e.history].reverse() : e.history;
    const rest =
      after === undefined ? ordered : ordered.filter((ev) => (reverse ? ev.id < after : ev.id > after));
    const page = rest.slice(0, size);
    return {
      events: page.map((ev) => renderEvent(ev, includeData)),
      ...(rest.length > size ? { nextToken: encodeToken(scope, page.at(-1)!.id) } : {}),
    };
  },
};
