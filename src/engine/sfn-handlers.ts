import { randomUUID } from 'node:crypto';
import { executionArn, isRoleArn, stateMachineArn, unqualifiedArn } from '../aws/arn.js';
import { errorMessage, isObject } from '../result.js';
import {
  requireAliasArn,
  requireExecutionArn,
  requireStateMachineArn,
  requireUnqualifiedArn,
  requireVersionArn,
} from './arn-checks.js';
import type { EngineContext } from './context.js';
import { checkDefinition } from './definition.js';
import { ApiError, sfnError } from './errors.js';
import { epochSeconds } from './http.js';
import {
  checkTagCount,
  createMachine,
  getMachine,
  publishVersion,
  resolveTarget,
  runnableOf,
  type Target,
} from './machines.js';
import { requestedPage, type PageRequest } from './pagination.js';
import { startRun, type RunEnvironment } from './runner.js';
import {
  STATE_MACHINE_TYPES,
  type AliasRecord,
  type ExecutionRecord,
  type ExecutionStatus,
  type HistoryEventRecord,
  type MachineRecord,
  type RouteRecord,
  type VersionRecord,
} from './store.js';
import {
  checkStepFunctionsName,
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
  requireUnqualifiedArn(arn);
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
      `Invalid Execution Input: the input must be a JSON text (${errorMessage(err)})`,
    );
  }
}

function newExecution(
  ctx: EngineContext,
  target: Target,
  arn: string,
  name: string,
  input: string,
): ExecutionRecord {
  const { machine } = target;
  return {
    arn,
    name,
    machineArn: machine.arn,
    machineName: machine.name,
    ...(target.version ? { versionArn: target.version.arn } : {}),
    ...(target.alias ? { aliasArn: target.alias.arn } : {}),
    type: machine.type,
    status: 'RUNNING',
    input,
    startDate: new Date(),
    history: [],
    stop: () => undefined,
    settled: Promise.resolve(),
  };
}

function runEnv(ctx: EngineContext): RunEnvironment {
  const faults = ctx.control?.faults;
  return { region: ctx.scope.region, waitScale: () => faults?.waitScale() ?? 1, log: ctx.log };
}

function executionName(body: Body): string {
  const name = optString(body, 'name');
  if (name === undefined) return randomUUID();
  checkStepFunctionsName(name, 'execution');
  return name;
}

/** Express runs are not kept for DescribeExecution, as in AWS; they are tracked only while running. */
function startExpressExecution(
  ctx: EngineContext,
  target: Target,
  name: string,
  input: { text: string; parsed: unknown },
): ExecutionRecord {
  const arn = executionArn(ctx.scope, 'express', target.machine.name, name, randomUUID());
  const execution = newExecution(ctx, target, arn, name, input.text);
  startRun(runnableOf(target), execution, input.parsed, runEnv(ctx));
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

function versionOf(machine: MachineRecord, arn: string): VersionRecord {
  const version = machine.versions.get(requireVersionArn(arn).version);
  if (!version) throw sfnError.resourceNotFound(arn);
  return version;
}

/** The machine and alias an alias ARN names; unknown ones get ResourceNotFound, as in AWS. */
function aliasOf(ctx: EngineContext, arn: string): { machine: MachineRecord; alias: AliasRecord } {
  const parsed = requireAliasArn(arn);
  const machine = ctx.store.machines.get(parsed.machineArn);
  const alias = machine?.aliases.get(parsed.qualifier);
  if (!machine || !alias) throw sfnError.resourceNotFound(arn);
  return { machine, alias };
}

function invalidRoleArn(arn: string): ApiError {
  return sfnError.invalidArn(arn, 'IAM role', 'expected arn:<partition>:iam::<account>:role/<name>');
}

const ALIAS_NAME = /^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]{1,80}$/;

/** One or two routes to existing versions of this machine, weights 0..100 summing to 100. */
function readRouting(machine: MachineRecord, body: Body): RouteRecord[] {
  const raw = body.routingConfiguration;
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > 2)
    throw sfnError.validation('routingConfiguration must list one or two {stateMachineVersionArn, weight}');
  const routes = raw.map((item: unknown, i): RouteRecord => {
    if (!isObject(item)) throw sfnError.serialization(`routingConfiguration.${i + 1} must be an object`);
    const route = item;
    const versionArn = reqString(route, 'stateMachineVersionArn');
    const weight = optInt(route, 'weight', 0, 100);
    if (weight === undefined) throw sfnError.validation(`routingConfiguration.${i + 1}.weight is required`);
    if (unqualifiedArn(versionArn) !== machine.arn)
      throw sfnError.validation(`${versionArn} is not a version of ${machine.arn}`);
    return { versionArn, version: versionOf(machine, versionArn).version, weight };
  });
  if (routes.reduce((sum, r) => sum + r.weight, 0) !== 100)
    throw sfnError.validation('The weights of routingConfiguration must add up to 100');
  if (routes.length === 2 && routes[0]!.versionArn === routes[1]!.versionArn)
    throw sfnError.validation('routingConfiguration must name two different versions');
  return routes;
}

/** A requested page of a machine's versions or aliases, each item its ARN (under `arnKey`) and creation date. */
function pageOfArns<T extends { arn: string; creationDate: Date }>(
  body: Body,
  all: readonly T[],
  arnKey: 'stateMachineVersionArn' | 'stateMachineAliasArn',
  listing: Omit<PageRequest<T>, 'token' | 'size'>,
): { items: Record<string, unknown>[]; nextToken?: string } {
  const { page, ...next } = requestedPage(body, all, listing);
  return {
    items: page.map((item) => ({ [arnKey]: item.arn, creationDate: epochSeconds(item.creationDate) })),
    ...next,
  };
}

function renderRouting(routes: RouteRecord[]): Record<string, unknown>[] {
  return routes.map((r) => ({ stateMachineVersionArn: r.versionArn, weight: r.weight }));
}

const EXECUTION_STATUSES: readonly ExecutionStatus[] = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
];

export const sfnOperations: Record<string, SfnOperation> = {
  ListStateMachines(body, ctx) {
    const { page, ...next } = requestedPage(body, ctx.store.sortedMachines(), {
      scope: 'ListStateMachines',
      position: (m) => m.name,
      order: 'ascending',
    });
    return { stateMachines: page.map(machineSummary), ...next };
  },

  DescribeStateMachine(body, ctx) {
    const arn = reqString(body, 'stateMachineArn');
    if (requireStateMachineArn(arn).qualifierKind === 'alias')
      throw new ApiError(
        'InvalidArn',
        `Invalid Arn: '${arn}' is an alias ARN; describe it with DescribeStateMachineAlias`,
      );
    const { machine: m, version: v } = resolveTarget(ctx, arn);
    const description = v ? v.description : m.description;
    return {
      stateMachineArn: v ? v.arn : m.arn,
      name: m.name,
      type: m.type,
      creationDate: epochSeconds(v ? v.creationDate : m.creationDate),
      status: 'ACTIVE',
      definition: v ? v.definitionText : m.definitionText,
      roleArn: v ? v.roleArn : m.roleArn,
      revisionId: v ? v.revisionId : m.revisionId,
      ...(description !== undefined ? { description } : {}),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  },

  UpdateStateMachine(body, ctx) {
    const machine = getMachine(ctx, reqString(body, 'stateMachineArn'));
    const definitionText = optString(body, 'definition', { min: 1 });
    const roleArn = optString(body, 'roleArn', { min: 1, max: 256 });
    const publish = optBool(body, 'publish') ?? false;
    const versionDescription = optString(body, 'versionDescription', { max: 256 });
    if (versionDescription !== undefined && !publish)
      throw sfnError.validation('versionDescription can only be set when publish is true');
    if (definitionText === undefined && roleArn === undefined && !publish)
      throw sfnError.validation(
        'UpdateStateMachine needs at least one of definition, roleArn, loggingConfiguration, tracingConfiguration or publish',
      );
    if (roleArn !== undefined && !isRoleArn(roleArn)) throw invalidRoleArn(roleArn);
    const checked = definitionText !== undefined ? checkDefinition(definitionText) : undefined;
    const changed =
      (definitionText !== undefined && definitionText !== machine.definitionText) ||
      (roleArn !== undefined && roleArn !== machine.roleArn);
    if (checked && definitionText !== undefined) {
      machine.definitionText = definitionText;
      machine.checked = checked;
    }
    if (roleArn !== undefined) machine.roleArn = roleArn;
    // The engine keeps the version description as the machine's description (see CreateStateMachine).
    if (versionDescription !== undefined && versionDescription !== machine.description) {
      machine.description = versionDescription;
    }
    if (changed || versionDescription !== undefined) machine.revisionId = randomUUID();
    machine.updateDate = new Date();
    const version = publish ? publishVersion(ctx, machine, versionDescription) : undefined;
    return {
      updateDate: epochSeconds(machine.updateDate),
      revisionId: machine.revisionId,
      ...(version ? { stateMachineVersionArn: version.arn } : {}),
    };
  },

  PublishStateMachineVersion(body, ctx) {
    const machine = getMachine(ctx, reqString(body, 'stateMachineArn'));
    const revisionId = optString(body, 'revisionId');
    const description = optString(body, 'description', { max: 256 });
    if (revisionId !== undefined && revisionId !== machine.revisionId)
      throw new ApiError(
        'ConflictException',
        `The revision ${revisionId} is not the latest revision of ${machine.arn} (${machine.revisionId})`,
      );
    // As in AWS, publishing an unchanged revision again returns the latest version.
    const latest = [...machine.versions.values()].at(-1);
    const version =
      latest && latest.revisionId === machine.revisionId ? latest : publishVersion(ctx, machine, description);
    return { creationDate: epochSeconds(version.creationDate), stateMachineVersionArn: version.arn };
  },

  ListStateMachineVersions(body, ctx) {
    const machine = getMachine(ctx, reqString(body, 'stateMachineArn'));
    const newestFirst = [...machine.versions.values()].reverse();
    const { items, ...next } = pageOfArns(body, newestFirst, 'stateMachineVersionArn', {
      scope: `ListStateMachineVersions:${machine.arn}`,
      position: (v) => v.version,
      order: 'descending',
    });
    return { stateMachineVersions: items, ...next };
  },

  DeleteStateMachineVersion(body, ctx) {
    const arn = reqString(body, 'stateMachineVersionArn');
    const parsed = requireVersionArn(arn);
    const machine = ctx.store.machines.get(parsed.machineArn);
    if (!machine) return {};
    for (const alias of machine.aliases.values()) {
      if (alias.routing.some((r) => r.versionArn === arn))
        throw new ApiError(
          'ConflictException',
          `Version ${arn} is referenced by the alias ${alias.arn}; update or delete the alias first`,
        );
    }
    machine.versions.delete(parsed.version);
    return {};
  },

  CreateStateMachineAlias(body, ctx) {
    const name = reqString(body, 'name');
    const description = optString(body, 'description', { max: 256 });
    if (!ALIAS_NAME.test(name))
      throw sfnError.validation(
        `Invalid alias name '${name}': 1 to 80 letters, digits, '_', '-' or '.', and not only digits`,
      );
    const raw = body.routingConfiguration;
    const first = Array.isArray(raw) && raw[0] && typeof raw[0] === 'object' ? (raw[0] as Body) : {};
    const firstArn = typeof first.stateMachineVersionArn === 'string' ? first.stateMachineVersionArn : '';
    const machine = ctx.store.machines.get(requireStateMachineArn(firstArn || 'missing').machineArn);
    if (!machine) throw sfnError.resourceNotFound(firstArn);
    const routing = readRouting(machine, body);
    const arn = stateMachineArn(ctx.scope, machine.name, name);
    const existing = machine.aliases.get(name);
    if (existing) {
      const same =
        existing.description === description && JSON.stringify(existing.routing) === JSON.stringify(routing);
      if (!same)
        throw new ApiError('ConflictException', `The alias ${arn} exists with another configuration`);
      return { stateMachineAliasArn: arn, creationDate: epochSeconds(existing.creationDate) };
    }
    const now = new Date();
    machine.aliases.set(name, {
      name,
      arn,
      ...(description !== undefined ? { description } : {}),
      routing,
      creationDate: now,
      updateDate: now,
    });
    return { stateMachineAliasArn: arn, creationDate: epochSeconds(now) };
  },

  DescribeStateMachineAlias(body, ctx) {
    const { alias } = aliasOf(ctx, reqString(body, 'stateMachineAliasArn'));
    return {
      stateMachineAliasArn: alias.arn,
      name: alias.name,
      ...(alias.description !== undefined ? { description: alias.description } : {}),
      routingConfiguration: renderRouting(alias.routing),
      creationDate: epochSeconds(alias.creationDate),
      updateDate: epochSeconds(alias.updateDate),
    };
  },

  UpdateStateMachineAlias(body, ctx) {
    const { machine, alias } = aliasOf(ctx, reqString(body, 'stateMachineAliasArn'));
    const description = optString(body, 'description', { max: 256 });
    if (description === undefined && body.routingConfiguration === undefined)
      throw sfnError.validation('UpdateStateMachineAlias needs a description or a routingConfiguration');
    if (body.routingConfiguration !== undefined) alias.routing = readRouting(machine, body);
    if (description !== undefined) alias.description = description;
    alias.updateDate = new Date();
    return { updateDate: epochSeconds(alias.updateDate) };
  },

  DeleteStateMachineAlias(body, ctx) {
    const arn = reqString(body, 'stateMachineAliasArn');
    const { machine, alias } = aliasOf(ctx, arn);
    machine.aliases.delete(alias.name);
    return {};
  },

  ListStateMachineAliases(body, ctx) {
    const machine = getMachine(ctx, reqString(body, 'stateMachineArn'));
    const byName = [...machine.aliases.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    const { items, ...next } = pageOfArns(body, byName, 'stateMachineAliasArn', {
      scope: `ListStateMachineAliases:${machine.arn}`,
      position: (a) => a.name,
      order: 'ascending',
    });
    return { stateMachineAliases: items, ...next };
  },

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
    const matches = (e: ExecutionRecord): boolean => {
      if (e.machineArn !== target.machine.arn) return false;
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
        scope: `ListExecutions:${arn}:${statusFilter ?? ''}`,
        position: (e) => e.arn,
        order: 'listed',
        noun: 'execution',
      },
      3096,
    );
    return {
      executions: page.map((e) => ({
        executionArn: e.arn,
        stateMachineArn: e.machineArn,
        name: e.name,
        status: e.status,
        startDate: epochSeconds(e.startDate),
        ...(e.stopDate ? { stopDate: epochSeconds(e.stopDate) } : {}),
        ...(e.versionArn ? { stateMachineVersionArn: e.versionArn } : {}),
        ...(e.aliasArn ? { stateMachineAliasArn: e.aliasArn } : {}),
      })),
      ...next,
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
    const type = optEnum(body, 'type', STATE_MACHINE_TYPES) ?? 'STANDARD';
    const tags = optTags(body, 'tags') ?? [];
    // The API has no description on create; a version description is the closest field.
    const description = optString(body, 'versionDescription', { max: 256 });
    const publish = optBool(body, 'publish') ?? false;
    checkStepFunctionsName(name, 'state machine');
    if (!isRoleArn(roleArn)) throw invalidRoleArn(roleArn);
    const checked = checkDefinition(definitionText);
    const existing = [...ctx.store.machines.values()].find((m) => m.name === name);
    if (existing) {
      // CreateStateMachine is idempotent in AWS: the same definition, role and type return the existing machine.
      if (
        existing.definitionText === definitionText &&
        existing.roleArn === roleArn &&
        existing.type === type
      ) {
        const latest = [...existing.versions.values()].at(-1);
        return {
          stateMachineArn: existing.arn,
          creationDate: epochSeconds(existing.creationDate),
          ...(publish && latest ? { stateMachineVersionArn: latest.arn } : {}),
        };
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
    const version = publish ? publishVersion(ctx, machine, description) : undefined;
    return {
      stateMachineArn: machine.arn,
      creationDate: epochSeconds(machine.creationDate),
      ...(version ? { stateMachineVersionArn: version.arn } : {}),
    };
  },

  DeleteStateMachine(body, ctx) {
    const arn = reqString(body, 'stateMachineArn');
    requireUnqualifiedArn(arn);
    // Idempotent as in AWS; running executions finish on their own.
    ctx.store.machines.delete(arn);
    return {};
  },

  StartExecution(body, ctx) {
    const target = resolveTarget(ctx, reqString(body, 'stateMachineArn'));
    const { machine } = target;
    const name = executionName(body);
    const input = readInput(body);
    if (machine.type === 'EXPRESS') {
      const execution = startExpressExecution(ctx, target, name, input);
      return { executionArn: execution.arn, startDate: epochSeconds(execution.startDate) };
    }
    const arn = executionArn(ctx.scope, 'standard', machine.name, name);
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
    const execution = newExecution(ctx, target, arn, name, input.text);
    ctx.store.addExecution(execution);
    startRun(runnableOf(target), execution, input.parsed, runEnv(ctx));
    return { executionArn: execution.arn, startDate: epochSeconds(execution.startDate) };
  },

  async StartSyncExecution(body, ctx, signal) {
    // Version and alias ARNs are accepted here too, as StartExecution accepts them.
    const target = resolveTarget(ctx, reqString(body, 'stateMachineArn'));
    const { machine } = target;
    const name = executionName(body);
    const input = readInput(body);
    if (machine.type !== 'EXPRESS') {
      throw new ApiError(
        'StateMachineTypeNotSupported',
        `StartSyncExecution runs EXPRESS state machines only; '${machine.arn}' is a ${machine.type} state machine (use StartExecution)`,
      );
    }
    const execution = startExpressExecution(ctx, target, name, input);
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
      ...(e.versionArn ? { stateMachineVersionArn: e.versionArn } : {}),
      ...(e.aliasArn ? { stateMachineAliasArn: e.aliasArn } : {}),
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
