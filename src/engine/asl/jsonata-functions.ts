import { createHash, randomUUID } from 'node:crypto';
import type jsonata from 'jsonata';
import { errorMessage } from '../../result.js';
import { HASHES } from './intrinsics-functions.js';

/**
 * The functions Step Functions adds to JSONata (transforming-data in the developer guide, "JSONata functions
 * provided by Step Functions"; descriptions in aws/amazon-states-language-service
 * src/asl-utils/utils/jsonata/functions.ts). `$eval` is not available on AWS; `$parse` replaces it.
 */

/** An error shaped like jsonata's own, so the evaluation error reads `<code>: <message>` as AWS prints it. */
function functionError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

/**
 * A JSONata sequence: an array that collapses to its only item when it is a whole result, as AWS answers
 * `$range(1, 9, 9)` with `1` (LocalStack snapshot test_array_jsonata.snapshot.json::test_array_range).
 */
function sequence(items: number[]): number[] {
  return Object.assign(items, { sequence: true });
}

function partition(list: unknown[], size: number): unknown[][] {
  if (!Number.isInteger(size) || size <= 0)
    throw functionError('D3050', `The size argument of $partition must be a positive integer, got ${size}`);
  const out: unknown[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function range(start: number, end: number, step: number): number[] {
  if (step === 0) return sequence([]);
  const out: number[] = [];
  for (let v = start; step > 0 ? v <= end : v >= end; v += step) out.push(v);
  return sequence(out);
}

function hash(text: string, algorithm: string): string {
  const node = HASHES[algorithm];
  if (!node)
    throw functionError(
      'D3050',
      `The algorithm argument of $hash must be one of ${Object.keys(HASHES).join(', ')}`,
    );
  return createHash(node).update(text, 'utf8').digest('hex');
}

/** A seeded generator (mulberry32): the same seed gives the same number. AWS's own sequence is not known. */
function seeded(seed: number): number {
  let t = (Math.trunc(seed) + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text, (_k, v: unknown) => (Object.is(v, -0) ? 0 : v)) as unknown;
  } catch (err) {
    throw functionError('D3050', `The argument of $parse is not a JSON string: ${errorMessage(err)}`);
  }
}

/** Registers the AWS functions on one compiled expression (they shadow jsonata's built-in `$random`). */
export function registerAwsFunctions(expression: jsonata.Expression): void {
  expression.registerFunction('partition', partition, '<an:a>');
  expression.registerFunction('range', range, '<nnn:a<n>>');
  expression.registerFunction('hash', hash, '<ss:s>');
  expression.registerFunction(
    'random',
    (seed?: number) => (seed === undefined ? Math.random() : seeded(seed)),
    '<n?:n>',
  );
  expression.registerFunction('uuid', () => randomUUID(), '<:s>');
  expression.registerFunction('parse', parse, '<s:x>');
}
