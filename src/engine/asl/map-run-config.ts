import { isObject } from '../../result.js';
import { bindings, fieldValue, pathRoots, pathValue, payload, runtimeError } from './dataflow.js';
import { readerConfig, type ReaderConfig } from './item-reader.js';
import { evaluateTemplate } from './jsonata.js';
import type { Step } from './runtime.js';

/**
 * What a Distributed Map's fields resolve to for one run: the ItemReader request, the ItemBatcher and
 * ResultWriter settings, and the tolerated failures, with AWS's recorded runtime errors
 * (LocalStack's AWS-validated test_base_scenarios snapshots).
 */

type Fields = Record<string, unknown>;

/** A JSONPath `Parameters` payload, or JSONata `Arguments`, of a nested object (ItemReader, ResultWriter). */
export async function nestedArguments(
  step: Step,
  owner: Fields,
  input: unknown,
  field: string,
): Promise<unknown> {
  if (step.state.language === 'JSONata')
    return 'Arguments' in owner
      ? evaluateTemplate(owner.Arguments, bindings(step), `${field}/Arguments`)
      : {};
  return 'Parameters' in owner ? payload(owner.Parameters, pathRoots(step, input)) : {};
}

/** A number field written directly, as a JSONata expression, or as a `...Path`. */
async function numberField(step: Step, owner: Fields, name: string, input: unknown): Promise<unknown> {
  const path = owner[`${name}Path`];
  if (typeof path === 'string') return pathValue(step, path, input);
  return fieldValue(step, owner[name], name);
}

export interface ReaderPlan {
  resource: string;
  arguments: unknown;
  config: ReaderConfig;
}

export async function readerPlan(step: Step, input: unknown): Promise<ReaderPlan | undefined> {
  const reader = step.state.fields.ItemReader;
  if (!isObject(reader)) return undefined;
  const config = isObject(reader.ReaderConfig) ? reader.ReaderConfig : {};
  const max = (await numberField(step, config, 'MaxItems', input)) ?? 0;
  if (typeof max !== 'number' || !Number.isInteger(max)) {
    const path = typeof config.MaxItemsPath === 'string' ? config.MaxItemsPath : 'MaxItems';
    throw runtimeError(
      `The MaxItemsPath field refers to value ${JSON.stringify(String(max))} which is not a valid integer: ${path}`,
    );
  }
  return {
    resource: String(reader.Resource),
    arguments: await nestedArguments(step, reader, input, 'ItemReader'),
    config: readerConfig(config, max),
  };
}

export interface Tolerance {
  count?: number;
  percentage?: number;
}

export async function tolerance(step: Step, input: unknown): Promise<Tolerance> {
  const { fields } = step.state;
  const count = await numberField(step, fields, 'ToleratedFailureCount', input);
  const percentage = await numberField(step, fields, 'ToleratedFailurePercentage', input);
  if (count !== undefined && (typeof count !== 'number' || count < 0))
    throw runtimeError('ToleratedFailureCount cannot be negative.');
  if (percentage !== undefined && (typeof percentage !== 'number' || percentage < 0 || percentage > 100))
    throw runtimeError('ToleratedFailurePercentage must be between 0 and 100.');
  return {
    ...(count !== undefined ? { count } : {}),
    ...(percentage !== undefined ? { percentage } : {}),
  };
}

/** Whether `failed` of `total` items exceed the tolerance (none given: no failure is tolerated). */
export function exceeds(t: Tolerance, failed: number, total: number): boolean {
  if (t.count === undefined && t.percentage === undefined) return failed > 0;
  if (t.count !== undefined && failed > t.count) return true;
  return t.percentage !== undefined && total > 0 && (failed * 100) / total > t.percentage;
}

export interface BatchPlan {
  maxItems: number;
  maxBytes: number;
  batchInput?: unknown;
}

export async function batchPlan(step: Step, input: unknown): Promise<BatchPlan | undefined> {
  const batcher = step.state.fields.ItemBatcher;
  if (!isObject(batcher)) return undefined;
  const maxItems = (await numberField(step, batcher, 'MaxItemsPerBatch', input)) ?? 0;
  const maxBytes = (await numberField(step, batcher, 'MaxInputBytesPerBatch', input)) ?? 0;
  if (typeof maxItems !== 'number' || typeof maxBytes !== 'number' || maxItems < 0 || maxBytes < 0)
    throw runtimeError('The ItemBatcher limits must be non-negative integers');
  let batchInput: unknown;
  if ('BatchInput' in batcher) {
    batchInput =
      step.state.language === 'JSONata'
        ? await evaluateTemplate(batcher.BatchInput, bindings(step), 'ItemBatcher/BatchInput')
        : payload(batcher.BatchInput, pathRoots(step, input));
  }
  return { maxItems, maxBytes, ...(batchInput !== undefined ? { batchInput } : {}) };
}
