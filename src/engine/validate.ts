import type { StateMachineType } from '@aws-sdk/client-sfn';
import { isObject } from '../result.js';
import {
  invalidDefinitionMessage,
  normalizeDefinition,
  validateDefinition,
  validateDefinitionValue,
} from './asl/validate/check-definition.js';
import { ApiError, sfnError } from './errors.js';

/** Readers for request fields that fail with AWS's error names and say what is allowed. */

export type Body = Record<string, unknown>;

export function asBody(value: unknown): Body {
  if (!isObject(value)) throw sfnError.serialization('The request body must be a JSON object');
  return value;
}

function describeType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function wrongType(key: string, expected: string, value: unknown): ApiError {
  return sfnError.serialization(`Field '${key}' must be ${expected}, got ${describeType(value)}`);
}

function missing(key: string): ApiError {
  return sfnError.validation(
    `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
  );
}

export function optString(
  body: Body,
  key: string,
  limits: { min?: number; max?: number } = {},
): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(key, 'a string', value);
  const { min = 0, max } = limits;
  if (value.length < min || (max !== undefined && value.length > max)) {
    throw sfnError.validation(
      `1 validation error detected: Value at '${key}' failed to satisfy constraint: Member must have length between ${min} and ${max ?? 'unbounded'}`,
    );
  }
  return value;
}

export function reqString(body: Body, key: string, limits: { min?: number; max?: number } = {}): string {
  const value = optString(body, key, { min: 1, ...limits });
  if (value === undefined) throw missing(key);
  return value;
}

export function optInt(body: Body, key: string, min: number, max: number): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(key, 'an integer', value);
  if (value < min || value > max) {
    throw sfnError.validation(
      `1 validation error detected: Value '${value}' at '${key}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    );
  }
  return value;
}

export function optBool(body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(key, 'a boolean', value);
  return value;
}

export function optEnum<T extends string>(body: Body, key: string, allowed: readonly T[]): T | undefined {
  const value = optString(body, key);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw sfnError.validation(
      `1 validation error detected: Value '${value}' at '${key}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
    );
  }
  return value as T;
}

export interface Tag {
  key: string;
  value: string;
}

const MAX_TAGS = 50;

export function checkTag(key: string, value: string, where: string): void {
  if (key.length < 1 || key.length > 128)
    throw sfnError.validation(`Tag key at '${where}' must have length between 1 and 128`);
  if (value.length > 256)
    throw sfnError.validation(`Tag value at '${where}' must have length between 0 and 256`);
}

export function optTags(body: Body, key: string): Tag[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(key, 'a list of {key, value}', value);
  if (value.length > MAX_TAGS)
    throw new ApiError(
      'TooManyTags',
      `Too many tags: at most ${MAX_TAGS} tags are allowed, got ${value.length}`,
    );
  return value.map((item: unknown, i) => {
    const where = `${key}.${i + 1}`;
    if (!isObject(item)) throw wrongType(where, 'an object {key, value}', item);
    const k = item.key;
    const v = item.value ?? '';
    if (typeof k !== 'string')
      throw k === undefined ? missing(`${where}.key`) : wrongType(`${where}.key`, 'a string', k);
    if (typeof v !== 'string') throw wrongType(`${where}.value`, 'a string', v);
    checkTag(k, v, where);
    return { key: k, value: v };
  });
}

export function reqStringList(body: Body, key: string): string[] {
  const value = body[key];
  if (value === undefined || value === null) throw missing(key);
  if (!Array.isArray(value)) throw wrongType(key, 'a list of strings', value);
  return value.map((item: unknown, i) => {
    if (typeof item !== 'string') throw wrongType(`${key}.${i + 1}`, 'a string', item);
    return item;
  });
}

// AWS rejects whitespace, these characters and control characters in names.
const FORBIDDEN_NAME_CHARS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]|\p{Cc}/u;

/** Machine and execution names: 1..80 characters, none of AWS's forbidden ones. */
export function nameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 80) return 'must have length between 1 and 80';
  const bad = FORBIDDEN_NAME_CHARS.exec(name);
  if (bad)
    return `must not contain whitespace, control characters or any of < > { } [ ] ? * " # % \\ ^ | ~ \` $ & , ; : / (found ${JSON.stringify(bad[0])})`;
  return undefined;
}

/** Throws AWS's InvalidName unless `name` is a valid state machine or execution name. */
export function checkStepFunctionsName(name: string, what: string): void {
  const problem = nameProblem(name);
  if (problem) throw new ApiError('InvalidName', `Invalid Name: '${name}': a ${what} name ${problem}`);
}

/**
 * The definition check of CreateStateMachine and UpdateStateMachine: throws AWS's InvalidDefinition with every
 * problem found (src/engine/asl/validate/), in AWS's message format. Returns the parsed definition, normalized
 * for the interpreter (normalizeDefinition).
 */
export function checkDefinitionText(text: string, type: StateMachineType): Record<string, unknown> {
  const { value, diagnostics } = validateDefinition(text, type);
  if (diagnostics.length > 0) throw new ApiError('InvalidDefinition', invalidDefinitionMessage(diagnostics));
  return normalizeDefinition(value as Record<string, unknown>);
}

/** The same check for a definition already parsed (a machine folder's definition.asl.json). */
export function checkDefinitionValue(value: unknown, type: StateMachineType): Record<string, unknown> {
  const diagnostics = validateDefinitionValue(value, type);
  if (diagnostics.length > 0) throw new ApiError('InvalidDefinition', invalidDefinitionMessage(diagnostics));
  return normalizeDefinition(value as Record<string, unknown>);
}
