import { ApiError, sfnError } from './errors.js';

/**
 * Every ARN the engine builds or reads goes through here, so that version and
 * alias ARNs (`...:stateMachine:Name:3`, `...:stateMachine:Name:prod`) can be
 * added in one place.
 */

export interface ArnScope {
  region: string;
  accountId: string;
}

export type ExecutionKind = 'execution' | 'express';

export interface ParsedMachineArn {
  region: string;
  accountId: string;
  name: string;
  /** Version number or alias name. */
  qualifier?: string;
}

export interface ParsedExecutionArn {
  region: string;
  accountId: string;
  kind: ExecutionKind;
  machineName: string;
  executionName: string;
}

const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov']);

export function stateMachineArn(scope: ArnScope, name: string): string {
  return `arn:aws:states:${scope.region}:${scope.accountId}:stateMachine:${name}`;
}

/** `...:stateMachine:Name:3` or `...:stateMachine:Name:prod`. */
export function qualifiedArn(machineArn: string, qualifier: string | number): string {
  return `${machineArn}:${qualifier}`;
}

export function executionArn(
  scope: ArnScope,
  kind: ExecutionKind,
  machineName: string,
  executionName: string,
  id?: string,
): string {
  const base = `arn:aws:states:${scope.region}:${scope.accountId}:${kind}:${machineName}:${executionName}`;
  return kind === 'express' && id ? `${base}:${id}` : base;
}

export function schemaArn(scope: ArnScope, registry: string, name: string): string {
  return `arn:aws:schemas:${scope.region}:${scope.accountId}:schema/${registry}/${name}`;
}

export function defaultRoleArn(scope: ArnScope): string {
  return `arn:aws:iam::${scope.accountId}:role/local-stepfunctions`;
}

function statesParts(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 7 || parts[0] !== 'arn' || !PARTITIONS.has(parts[1] ?? '') || parts[2] !== 'states')
    return undefined;
  if (!parts[3] || !/^\d{12}$/.test(parts[4] ?? '')) return undefined;
  return parts;
}

/** Throws InvalidArn unless `arn` names a state machine (optionally qualified). */
export function parseStateMachineArn(arn: string): ParsedMachineArn {
  const parts = statesParts(arn);
  if (!parts || parts[5] !== 'stateMachine' || parts.length > 8 || !parts[6])
    throw sfnError.invalidArn(arn, 'state machine');
  const parsed: ParsedMachineArn = { region: parts[3]!, accountId: parts[4]!, name: parts[6] };
  if (parts.length === 8) {
    if (!parts[7]) throw sfnError.invalidArn(arn, 'state machine');
    parsed.qualifier = parts[7];
  }
  return parsed;
}

/** Throws InvalidArn unless `arn` names a Standard or Express execution. */
export function parseExecutionArn(arn: string): ParsedExecutionArn {
  const parts = statesParts(arn);
  const kind = parts?.[5];
  if (!parts || (kind !== 'execution' && kind !== 'express')) throw sfnError.invalidArn(arn, 'execution');
  const expected = kind === 'express' ? 9 : 8;
  if (parts.length !== expected || parts.slice(6).some((p) => !p))
    throw sfnError.invalidArn(arn, 'execution');
  return { region: parts[3]!, accountId: parts[4]!, kind, machineName: parts[6]!, executionName: parts[7]! };
}

/** For operations that take the unqualified state machine ARN only (tagging, delete, update, publish). */
export function rejectQualifier(parsed: ParsedMachineArn, arn: string): void {
  if (parsed.qualifier !== undefined) {
    throw new ApiError(
      'InvalidArn',
      `Invalid Arn: '${arn}': this operation takes the unqualified state machine ARN, not a version or alias ARN`,
    );
  }
}

/** The unqualified ARN of a parsed (possibly qualified) state machine ARN. */
export function unqualifiedArn(arn: string): string {
  const parsed = parseStateMachineArn(arn);
  return parsed.qualifier === undefined ? arn : arn.slice(0, arn.length - parsed.qualifier.length - 1);
}

export function isVersionQualifier(qualifier: string): boolean {
  return /^\d+$/.test(qualifier);
}

export function isPlausibleRoleArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(arn);
}

/** How history names a Task's resource: `arn:aws:states:::lambda:invoke` -> lambda / invoke. */
export function taskResourceParts(resource: string): { resourceType: string; resource: string } {
  const parts = resource.split(':');
  if (
    parts[0] === 'arn' &&
    parts[2] === 'states' &&
    parts[3] === '' &&
    parts[4] === '' &&
    parts.length >= 7
  ) {
    return { resourceType: parts[5]!, resource: parts.slice(6).join(':') };
  }
  if (parts[0] === 'arn' && parts[2]) return { resourceType: parts[2], resource };
  return { resourceType: 'local', resource };
}
