/**
 * Every ARN the project reads or builds: state machines (with their versions and aliases), Standard and
 * Express executions, Schema Registry schemas, IAM roles and Task resources. Catalogue, execution and the
 * local engine all go through here, on `@aws-sdk/util-arn-parser`. Pure.
 */
import { build, parse } from '@aws-sdk/util-arn-parser';
import { fail, ok, type Result } from '../result.js';

/** Where a resource lives. `partition` defaults to `aws`. */
export interface ArnScope {
  partition?: string;
  region: string;
  accountId: string;
}

export interface StateMachineArnParts {
  /** The ARN as given (trimmed). */
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  name: string;
  /** The unqualified state machine ARN. */
  machineArn: string;
  /** Version number or alias name after `stateMachine:<name>:`, when the ARN is qualified. */
  qualifier?: string;
  qualifierKind?: 'version' | 'alias';
}

/** `standard` for `...:execution:...`, `express` for `...:express:...`. */
export type ExecutionKind = 'standard' | 'express';

export interface ExecutionArnParts {
  arn: string;
  kind: ExecutionKind;
  partition: string;
  region: string;
  accountId: string;
  machineName: string;
  executionName: string;
  /** The last part of an Express execution ARN. */
  expressId?: string;
  /** The unqualified ARN of the state machine the execution belongs to. */
  machineArn: string;
}

export interface SchemaArnParts {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  registryName: string;
  schemaName: string;
}

export const STATE_MACHINE_ARN_SHAPE =
  'arn:<partition>:states:<region>:<account>:stateMachine:<name>[:<version or alias>]';
export const EXECUTION_ARN_SHAPE =
  'arn:<partition>:states:<region>:<account>:execution:<state machine name>:<execution name>';
export const SCHEMA_ARN_SHAPE = 'arn:<partition>:schemas:<region>:<account>:schema/<registry>/<name>';

const PARTITION = /^aws(-[a-z]+)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;
/** State machine, execution, version-alias names: 1-80 characters, none of AWS's forbidden ones. */
const NAME = /^[^\s:<>{}[\]?*"#%\\^|~`$&,;/]{1,80}$/;

/** At most 300 characters of a rejected value go into a message. */
function quote(value: string): string {
  return `"${value.length > 300 ? `${value.slice(0, 300)}…` : value}"`;
}

type Split = { partition: string; service: string; region: string; accountId: string; resource: string };

/** The five fixed fields, checked alike for every Step Functions and Schemas ARN. */
function splitArn(arn: string, service: string): Result<Split> {
  let parts: Split;
  try {
    parts = parse(arn);
  } catch {
    return fail('it has fewer than six colon-separated parts or does not start with "arn:"');
  }
  if (!PARTITION.test(parts.partition))
    return fail(`the partition "${parts.partition}" is not an AWS partition`);
  if (parts.service !== service) return fail(`the service is "${parts.service}", not "${service}"`);
  if (!REGION.test(parts.region)) return fail(`the region "${parts.region}" is not a region name`);
  if (!ACCOUNT.test(parts.accountId)) return fail(`the account "${parts.accountId}" is not 12 digits`);
  return ok(parts);
}

/** `arn:aws:states:us-east-1:123456789012:stateMachine:Orders`, optionally `:3` or `:prod`. */
export function parseStateMachineArn(raw: string): Result<StateMachineArnParts> {
  const arn = raw.trim();
  const bad = (why: string) =>
    fail(`${quote(arn)} is not a valid state machine ARN (${why}); expected ${STATE_MACHINE_ARN_SHAPE}`);
  const split = splitArn(arn, 'states');
  if (!split.ok) return bad(split.error);
  const { partition, region, accountId, resource } = split.value;
  const [type, name, qualifier, ...rest] = resource.split(':');
  if (type !== 'stateMachine') return bad(`the resource type is "${type ?? ''}", not "stateMachine"`);
  if (!name) return bad('the state machine name is missing');
  if (!NAME.test(name)) return bad('the state machine name is malformed');
  if (rest.length > 0) return bad('it has too many parts after the state machine name');
  if (qualifier === '') return bad('the version or alias after the name is empty');
  const machineArn = stateMachineArn({ partition, region, accountId }, name);
  const parts: StateMachineArnParts = { arn, partition, region, accountId, name, machineArn };
  if (qualifier === undefined) return ok(parts);
  return ok({ ...parts, qualifier, qualifierKind: isVersionQualifier(qualifier) ? 'version' : 'alias' });
}

/**
 * `arn:aws:states:us-east-1:123456789012:execution:Orders:mcp-…` (Standard) and
 * `arn:aws:states:…:express:Orders:<name>:<id>` (Express).
 */
export function parseExecutionArn(raw: unknown): Result<ExecutionArnParts> {
  if (typeof raw !== 'string' || raw.trim() === '')
    return fail(`an execution ARN is required, shaped ${EXECUTION_ARN_SHAPE}`);
  const arn = raw.trim();
  const bad = (why: string) =>
    fail(`${quote(arn)} is not a Step Functions execution ARN (${why}); expected ${EXECUTION_ARN_SHAPE}`);
  const split = splitArn(arn, 'states');
  if (!split.ok) return bad(split.error);
  const { partition, region, accountId, resource } = split.value;
  const segments = resource.split(':');
  if (segments.length < 3) return bad('too few colon-separated parts');
  const [type, machineName = '', executionName = '', ...rest] = segments;
  if (type !== 'execution' && type !== 'express')
    return bad(`the resource type is "${type}", not "execution"`);
  if (!NAME.test(machineName)) return bad('the state machine name is missing or malformed');
  if (!NAME.test(executionName)) return bad('the execution name is missing or malformed');
  if (type === 'execution' && rest.length > 0) return bad('it has too many parts after the execution name');
  if (type === 'express' && (rest.length !== 1 || !rest[0]))
    return bad('an Express execution ARN has one more part');
  const scope = { partition, region, accountId };
  return ok({
    arn,
    kind: type === 'express' ? 'express' : 'standard',
    ...scope,
    machineName,
    executionName,
    ...(type === 'express' ? { expressId: rest[0] } : {}),
    machineArn: stateMachineArn(scope, machineName),
  });
}

/** `arn:<partition>:schemas:<region>:<account>:schema/<registry>/<name>`. */
export function parseSchemaArn(raw: string): Result<SchemaArnParts> {
  const arn = raw.trim();
  const bad = (why: string) =>
    fail(`${quote(arn)} is not a schema ARN (${why}); expected ${SCHEMA_ARN_SHAPE}`);
  const split = splitArn(arn, 'schemas');
  if (!split.ok) return bad(split.error);
  const { partition, region, accountId, resource } = split.value;
  const [type, registryName, schemaName, ...rest] = resource.split('/');
  if (type !== 'schema') return bad(`the resource type is "${type ?? ''}", not "schema"`);
  if (!registryName || !schemaName || rest.length > 0)
    return bad('the resource is not schema/<registry>/<name>');
  return ok({ arn, partition, region, accountId, registryName, schemaName });
}

export function stateMachineArn(scope: ArnScope, name: string, qualifier?: string | number): string {
  const resource = `stateMachine:${name}${qualifier === undefined ? '' : `:${qualifier}`}`;
  return build({
    partition: scope.partition ?? 'aws',
    service: 'states',
    region: scope.region,
    accountId: scope.accountId,
    resource,
  });
}

/** A Standard execution's ARN, or an Express one's (which carries one more part, `expressId`). */
export function executionArn(
  scope: ArnScope,
  kind: ExecutionKind,
  machineName: string,
  executionName: string,
  expressId?: string,
): string {
  const type = kind === 'express' ? 'express' : 'execution';
  const tail = kind === 'express' && expressId ? `:${expressId}` : '';
  const resource = `${type}:${machineName}:${executionName}${tail}`;
  return build({
    partition: scope.partition ?? 'aws',
    service: 'states',
    region: scope.region,
    accountId: scope.accountId,
    resource,
  });
}

/**
 * A Distributed Map's Map Run: `mapRun:<machine>/<label or id>:<id>`. Its child executions are Standard
 * execution ARNs whose machine part is `<machine>/<label or id>`.
 */
export function mapRunArn(scope: ArnScope, machineName: string, runName: string, id: string): string {
  return build({
    partition: scope.partition ?? 'aws',
    service: 'states',
    region: scope.region,
    accountId: scope.accountId,
    resource: `mapRun:${machineName}/${runName}:${id}`,
  });
}

/**
 * The ARN a Standard execution named `executionName` of `machineArn` has (executions of versions and
 * aliases carry the machine's name too). Undefined when `machineArn` is not a state machine ARN.
 */
export function executionArnOf(machineArn: string, executionName: string): string | undefined {
  const parsed = parseStateMachineArn(machineArn);
  if (!parsed.ok) return undefined;
  return executionArn(parsed.value, 'standard', parsed.value.name, executionName);
}

/** The unqualified ARN of a state machine, version or alias ARN; undefined when it is none of them. */
export function unqualifiedArn(arn: string): string | undefined {
  const parsed = parseStateMachineArn(arn);
  return parsed.ok ? parsed.value.machineArn : undefined;
}

export function isVersionQualifier(qualifier: string): boolean {
  return /^\d+$/.test(qualifier);
}

export function schemaArn(scope: ArnScope, registryName: string, schemaName: string): string {
  return build({
    partition: scope.partition ?? 'aws',
    service: 'schemas',
    region: scope.region,
    accountId: scope.accountId,
    resource: `schema/${registryName}/${schemaName}`,
  });
}

export function iamRoleArn(scope: Pick<ArnScope, 'partition' | 'accountId'>, roleName: string): string {
  return build({
    partition: scope.partition ?? 'aws',
    service: 'iam',
    region: '',
    accountId: scope.accountId,
    resource: `role/${roleName}`,
  });
}

/** An IAM role ARN as CreateStateMachine's `roleArn` takes it. */
export function isRoleArn(arn: string): boolean {
  let parts: Split;
  try {
    parts = parse(arn);
  } catch {
    return false;
  }
  return (
    PARTITION.test(parts.partition) &&
    parts.service === 'iam' &&
    parts.region === '' &&
    ACCOUNT.test(parts.accountId) &&
    /^role\/.+$/.test(parts.resource)
  );
}

/**
 * How execution history names a Task's resource: `arn:aws:states:::lambda:invoke` is type `lambda`,
 * resource `invoke`; another service's ARN is typed by its service; anything else is `local`.
 */
export function taskResourceParts(resource: string): { resourceType: string; resource: string } {
  let parts: Split;
  try {
    parts = parse(resource);
  } catch {
    return { resourceType: 'local', resource };
  }
  if (parts.service === 'states' && parts.region === '' && parts.accountId === '') {
    const [resourceType, ...rest] = parts.resource.split(':');
    if (resourceType && rest.length > 0) return { resourceType, resource: rest.join(':') };
  }
  if (parts.service) return { resourceType: parts.service, resource };
  return { resourceType: 'local', resource };
}

/** One STATE_MACHINE_LIST entry: a machine name, or a state machine / version / alias ARN. */
export type StateMachineListEntry =
  | { kind: 'name'; entry: string; name: string }
  | ({ kind: 'arn'; entry: string } & Pick<
      StateMachineArnParts,
      'machineArn' | 'name' | 'qualifier' | 'qualifierKind'
    >);

/**
 * Tells a name from an ARN and validates ARNs . State machine names may not
 * contain `:`, so any entry with a colon is taken for an ARN and must be a well-formed one: a typo
 * then fails at start-up instead of silently matching nothing.
 */
export function parseStateMachineListEntry(raw: string): Result<StateMachineListEntry> {
  const entry = raw.trim();
  if (entry === '') return fail('empty state machine name');
  if (!entry.includes(':')) return ok({ kind: 'name', entry, name: entry });
  const parsed = parseStateMachineArn(entry);
  if (!parsed.ok) return parsed;
  const { machineArn, name, qualifier, qualifierKind } = parsed.value;
  return ok({
    kind: 'arn',
    entry,
    machineArn,
    name,
    ...(qualifier !== undefined ? { qualifier, qualifierKind } : {}),
  });
}
