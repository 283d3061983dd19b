import type { StateMachineType } from '@aws-sdk/client-sfn';
import { isObject } from '../../../result.js';
import type { Problems } from './diagnostics.js';

/** What every check needs: where problems go, the machine type and the query language in force. */

export type QueryLanguage = 'JSONPath' | 'JSONata';
export const QUERY_LANGUAGES: readonly QueryLanguage[] = ['JSONPath', 'JSONata'];

export interface Check {
  problems: Problems;
  type: StateMachineType;
  /** The machine's top-level QueryLanguage: every state inherits it, inside Map and Parallel too. */
  topLanguage: QueryLanguage;
}

export interface StateCheck extends Check {
  name: string;
  state: Record<string, unknown>;
  /** `/States/<name>` (with the branch prefix inside Parallel and Map). */
  at: string;
  language: QueryLanguage;
}

export type Json = Record<string, unknown>;

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isObject(value)) return 'object';
  return typeof value;
}

/** AWS's words for a field whose value is not one of those allowed. */
export function oneOfMessage(field: string, allowed: readonly string[]): string {
  return `The field '${field}' should have one of these values: [${allowed.join(', ')}]`;
}

/** Records oneOfMessage when a present field's value is not one of `allowed`; false then. */
export function checkOneOf(
  c: Check,
  value: unknown,
  field: string,
  allowed: readonly string[],
  at: string,
): boolean {
  if (value === undefined || allowed.includes(value as string)) return true;
  c.problems.schema(oneOfMessage(field, allowed), at);
  return false;
}

/** Records "must be <what>" for a field whose value has the wrong kind. */
export function wrongValue(c: Check, field: string, what: string, at: string): void {
  c.problems.schema(`The value for the field '${field}' must be ${what}`, at);
}

export function isPositiveInteger(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) > 0;
}

export function isNonNegativeInteger(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 0;
}

/** AWS's limit on TimeoutSeconds, HeartbeatSeconds and the machine's TimeoutSeconds. */
export const MAX_SECONDS = 99_999_999;
