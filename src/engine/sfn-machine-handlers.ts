import { randomUUID } from 'node:crypto';
import { isRoleArn } from '../aws/arn.js';
import { requireStateMachineArn, requireUnqualifiedArn } from './arn-checks.js';
import type { EngineContext } from './context.js';
import { checkDefinition } from './definition.js';
import { ApiError, sfnError } from './errors.js';
import { epochSeconds } from './http.js';
import { checkTagCount, createMachine, getMachine, publishVersion, resolveTarget } from './machines.js';
import { requestedPage } from './pagination.js';
import type { SfnOperation } from './sfn-handlers.js';
import { STATE_MACHINE_TYPES, type MachineRecord } from './store.js';
import {
  checkStepFunctionsName,
  optBool,
  optEnum,
  optString,
  optTags,
  reqString,
  reqStringList,
} from './validate.js';

/** Step Functions operations on state machines themselves: list, describe, create, update, delete, tags. */

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

function invalidRoleArn(arn: string): ApiError {
  return sfnError.invalidArn(arn, 'IAM role', 'expected arn:<partition>:iam::<account>:role/<name>');
}

export const machineOperations: Record<string, SfnOperation> = {
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
    const checked = definitionText !== undefined ? checkDefinition(definitionText, machine.type) : undefined;
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
    const checked = checkDefinition(definitionText, type);
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
};
