import { randomUUID } from 'node:crypto';
import {
  defaultRoleArn,
  isVersionQualifier,
  parseStateMachineArn,
  qualifiedArn,
  rejectQualifier,
  stateMachineArn,
} from './arn.js';
import type { EngineContext } from './context.js';
import type { CheckedDefinition } from './definition.js';
import { ApiError, sfnError } from './errors.js';
import type { AliasRecord, MachineRecord, MachineType, VersionRecord } from './store.js';
import type { TaskHandlers } from './task-handlers.js';
import { checkName } from './validate.js';

export interface MachineSpec {
  name: string;
  definitionText: string;
  checked: CheckedDefinition;
  type: MachineType;
  roleArn?: string;
  description?: string;
  tags?: Iterable<[string, string]>;
  handlers?: TaskHandlers;
}

const MAX_TAGS = 50;

/** Adds a machine to the account; shared by CreateStateMachine and the folder loader. */
export function createMachine(ctx: EngineContext, spec: MachineSpec): MachineRecord {
  checkName(spec.name, 'state machine');
  const tags = new Map(spec.tags ?? []);
  checkTagCount(tags.size);
  const machine: MachineRecord = {
    arn: stateMachineArn(ctx.scope, spec.name),
    name: spec.name,
    type: spec.type,
    definitionText: spec.definitionText,
    checked: spec.checked,
    roleArn: spec.roleArn ?? defaultRoleArn(ctx.scope),
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    creationDate: new Date(),
    revisionId: randomUUID(),
    tags,
    handlers: spec.handlers ?? {},
    versions: new Map(),
    nextVersion: 1,
    aliases: new Map(),
  };
  ctx.store.addMachine(machine);
  return machine;
}

/** The machine an ARN names, or AWS's InvalidArn / StateMachineDoesNotExist. */
export function getMachine(ctx: EngineContext, arn: string): MachineRecord {
  rejectQualifier(parseStateMachineArn(arn), arn);
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
export function publishVersion(machine: MachineRecord, description: string | undefined): VersionRecord {
  const version: VersionRecord = {
    version: machine.nextVersion,
    arn: qualifiedArn(machine.arn, machine.nextVersion),
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
  const parsed = parseStateMachineArn(arn);
  if (parsed.qualifier === undefined) return { machine: getMachine(ctx, arn) };
  const base = arn.slice(0, arn.length - parsed.qualifier.length - 1);
  const machine = ctx.store.machines.get(base);
  if (!machine) throw sfnError.machineDoesNotExist(arn);
  if (isVersionQualifier(parsed.qualifier)) {
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
  const version = machine.versions.get(Number(route.versionArn.slice(route.versionArn.lastIndexOf(':') + 1)));
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
