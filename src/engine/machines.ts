import { randomUUID } from 'node:crypto';
import type { StateMachineType } from '@aws-sdk/client-sfn';
import { iamRoleArn, stateMachineArn } from '../aws/arn.js';
import { requireStateMachineArn, requireUnqualifiedArn } from './arn-checks.js';
import type { EngineContext } from './context.js';
import type { CheckedDefinition } from './definition.js';
import { ApiError, sfnError } from './errors.js';
import type { AliasRecord, MachineRecord, VersionRecord } from './store.js';
import type { TaskHandlers } from './task-handlers.js';
import { checkStepFunctionsName } from './validate.js';

/** What CreateStateMachine and the folder loader add to the account. */
export interface NewMachine {
  name: string;
  definitionText: string;
  checked: CheckedDefinition;
  type: StateMachineType;
  roleArn?: string;
  description?: string;
  tags?: Iterable<[string, string]>;
  handlers?: TaskHandlers;
  /** The folder the machine was loaded from (the Distributed Map's S3 stand-in lives under it). */
  folder?: string;
}

const MAX_TAGS = 50;
// The role of a machine loaded from a folder, which names none.
const DEFAULT_ROLE_NAME = 'local-stepfunctions';

/** Adds a machine to the account; shared by CreateStateMachine and the folder loader. */
export function createMachine(ctx: EngineContext, spec: NewMachine): MachineRecord {
  checkStepFunctionsName(spec.name, 'state machine');
  const tags = new Map(spec.tags ?? []);
  checkTagCount(tags.size);
  const machine: MachineRecord = {
    arn: stateMachineArn(ctx.scope, spec.name),
    name: spec.name,
    type: spec.type,
    definitionText: spec.definitionText,
    checked: spec.checked,
    roleArn: spec.roleArn ?? iamRoleArn(ctx.scope, DEFAULT_ROLE_NAME),
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    creationDate: new Date(),
    revisionId: randomUUID(),
    tags,
    handlers: spec.handlers ?? {},
    ...(spec.folder !== undefined ? { folder: spec.folder } : {}),
    versions: new Map(),
    nextVersion: 1,
    aliases: new Map(),
  };
  ctx.store.addMachine(machine);
  return machine;
}

/** The machine an ARN names, or AWS's InvalidArn / StateMachineDoesNotExist. */
export function getMachine(ctx: EngineContext, arn: string): MachineRecord {
  requireUnqualifiedArn(arn);
  const machine = ctx.store.machines.get(arn);
  if (!machine) throw sfnError.machineDoesNotExist(arn);
  return machine;
}

export function checkTagCount(count: number): void {
  if (count > MAX_TAGS)
    throw new ApiError(
      'TooManyTags',
      `Too many tags: a resource can have at most ${MAX_TAGS} tags, this request would give it ${count}`,
    );
}

/** Publishes the machine's current revision as a new version; its description is the version description. */
export function publishVersion(
  ctx: EngineContext,
  machine: MachineRecord,
  description: string | undefined,
): VersionRecord {
  const version: VersionRecord = {
    version: machine.nextVersion,
    arn: stateMachineArn(ctx.scope, machine.name, machine.nextVersion),
    definitionText: machine.definitionText,
    checked: machine.checked,
    roleArn: machine.roleArn,
    ...(description !== undefined ? { description } : {}),
    creationDate: new Date(),
    revisionId: machine.revisionId,
  };
  machine.nextVersion += 1;
  machine.versions.set(version.version, version);
  return version;
}

/** What a (possibly qualified) ARN runs: the machine, and the version or alias it names. */
export interface Target {
  machine: MachineRecord;
  version?: VersionRecord;
  alias?: AliasRecord;
}

/** Resolves a machine, version or alias ARN; an alias is resolved to one of its versions by weight. */
export function resolveTarget(ctx: EngineContext, arn: string, random = Math.random): Target {
  const parsed = requireStateMachineArn(arn);
  if (parsed.qualifier === undefined) return { machine: getMachine(ctx, arn) };
  const machine = ctx.store.machines.get(parsed.machineArn);
  if (!machine) throw sfnError.machineDoesNotExist(arn);
  if (parsed.qualifierKind === 'version') {
    const version = machine.versions.get(Number(parsed.qualifier));
    if (!version) throw sfnError.machineDoesNotExist(arn);
    return { machine, version };
  }
  const alias = machine.aliases.get(parsed.qualifier);
  if (!alias) throw sfnError.resourceNotFound(arn);
  let pick = random() * alias.routing.reduce((sum, r) => sum + r.weight, 0);
  let route = alias.routing[0]!;
  for (const r of alias.routing) {
    route = r;
    pick -= r.weight;
    if (pick < 0) break;
  }
  const version = machine.versions.get(route.version);
  if (!version) throw sfnError.machineDoesNotExist(route.versionArn);
  return { machine, version, alias };
}

/** The machine as a version runs it: the version's definition and role, the machine's handlers and names. */
export function runnableOf(target: Target): MachineRecord {
  const { machine, version } = target;
  if (!version) return machine;
  return {
    ...machine,
    definitionText: version.definitionText,
    checked: version.checked,
    roleArn: version.roleArn,
  };
}
