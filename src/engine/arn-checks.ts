/**
 * The ARNs a request names, read with the shared parsers of src/aws/arn.ts; a refusal is AWS's InvalidArn,
 * with the parser's reason and the expected shape.
 */
import {
  isVersionQualifier,
  parseExecutionArn,
  parseStateMachineArn,
  type ExecutionArnParts,
  type StateMachineArnParts,
} from '../aws/arn.js';
import type { Result } from '../result.js';
import { ApiError, sfnError } from './errors.js';

function orInvalidArn<T>(arn: string, what: string, parsed: Result<T>): T {
  // The shared parsers trim; AWS does not, and the engine looks ARNs up as given.
  if (arn !== arn.trim()) throw sfnError.invalidArn(arn, what, 'it has leading or trailing whitespace');
  if (!parsed.ok) throw new ApiError('InvalidArn', `Invalid Arn: ${parsed.error}`);
  return parsed.value;
}

/** A state machine ARN, unqualified or with a version or alias. */
export function requireStateMachineArn(arn: string): StateMachineArnParts {
  return orInvalidArn(arn, 'state machine', parseStateMachineArn(arn));
}

/** A Standard or Express execution ARN. */
export function requireExecutionArn(arn: string): ExecutionArnParts {
  return orInvalidArn(arn, 'execution', parseExecutionArn(arn));
}

/** For operations that take the unqualified state machine ARN only (tagging, delete, update, publish). */
export function requireUnqualifiedArn(arn: string): StateMachineArnParts {
  const parsed = requireStateMachineArn(arn);
  if (parsed.qualifier !== undefined) {
    throw new ApiError(
      'InvalidArn',
      `Invalid Arn: '${arn}': this operation takes the unqualified state machine ARN, not a version or alias ARN`,
    );
  }
  return parsed;
}

/** `...:stateMachine:Name:3`: the parts and the version number. */
export function requireVersionArn(arn: string): StateMachineArnParts & { version: number } {
  const parsed = requireStateMachineArn(arn);
  if (parsed.qualifier === undefined || !isVersionQualifier(parsed.qualifier))
    throw sfnError.invalidArn(arn, 'state machine version');
  return { ...parsed, version: Number(parsed.qualifier) };
}

/** `...:stateMachine:Name:prod`: the parts and the alias name. */
export function requireAliasArn(arn: string): StateMachineArnParts & { qualifier: string } {
  const parsed = requireStateMachineArn(arn);
  if (parsed.qualifier === undefined || isVersionQualifier(parsed.qualifier))
    throw sfnError.invalidArn(arn, 'state machine alias');
  return { ...parsed, qualifier: parsed.qualifier };
}
