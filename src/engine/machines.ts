import { defaultRoleArn, parseStateMachineArn, rejectQualifier, stateMachineArn } from './arn.js';
import type { EngineContext } from './context.js';
import type { CheckedDefinition } from './definition.js';
import { ApiError, sfnError } from './errors.js';
import type { MachineRecord, MachineType } from './store.js';
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
    tags,
    handlers: spec.handlers ?? {},
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
