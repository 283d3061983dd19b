import { isObject } from '../../../result.js';
import { taskResourceParts } from '../../../aws/arn.js';
import { isJsonataExpression } from '../jsonata.js';
import { READER_INPUT_TYPES } from '../item-reader.js';
import { child } from './diagnostics.js';
import {
  checkJsonataTemplate,
  checkLiteralOrJsonata,
  checkPath,
  checkPayloadTemplate,
} from './expressions.js';
import { atMostOne } from './fields.js';
import { checkOneOf, isNonNegativeInteger, kindOf, wrongValue, type StateCheck } from './context.js';
import type { BranchCheck } from './state.js';

/**
 * Map states (state-map, state-map-inline, state-map-distributed, input-output-itemreader, -itembatcher,
 * -resultwriter in the developer guide): the item processor, where the items come from, and the fields of
 * Distributed mode (ItemReader, ItemBatcher, ResultWriter, ToleratedFailure*, Label).
 */

const DISTRIBUTED_ONLY = [
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'Label',
];
const MAX_LABEL = 40;

type Part = {
  fields: readonly string[];
  numbers: readonly string[];
  paths: readonly string[];
  /** 'required', or 'unless-config': a ResultWriter may have only a WriterConfig (agent-toolkit asl-state-types.md). */
  resource?: 'required' | 'unless-config';
};

const PARTS: Record<'ItemReader' | 'ItemBatcher' | 'ResultWriter', Part> = {
  ItemReader: {
    fields: ['Resource', 'ReaderConfig', 'Parameters', 'Arguments'],
    numbers: [],
    paths: [],
    resource: 'required',
  },
  ItemBatcher: {
    fields: [
      'MaxItemsPerBatch',
      'MaxItemsPerBatchPath',
      'MaxInputBytesPerBatch',
      'MaxInputBytesPerBatchPath',
      'BatchInput',
    ],
    numbers: ['MaxItemsPerBatch', 'MaxInputBytesPerBatch'],
    paths: ['MaxItemsPerBatchPath', 'MaxInputBytesPerBatchPath'],
  },
  ResultWriter: {
    fields: ['Resource', 'Parameters', 'Arguments', 'WriterConfig'],
    numbers: [],
    paths: [],
    resource: 'unless-config',
  },
};

/** ItemReader, ItemBatcher, ResultWriter: an object of known fields, with templates in the state's language. */
function checkPart(c: StateCheck, name: keyof typeof PARTS): void {
  const value = c.state[name];
  const at = child(c.at, name);
  if (!isObject(value)) return wrongValue(c, name, 'an object', at);
  const part = PARTS[name];
  for (const key of Object.keys(value))
    if (!part.fields.includes(key)) c.problems.schema(`Field '${key}' is not supported`, child(at, key));
  const needed =
    part.resource === 'required' || (part.resource === 'unless-config' && value.WriterConfig === undefined);
  if (needed && value.Resource === undefined)
    c.problems.schema("The field 'Resource' is required but was missing", at);
  else if (value.Resource !== undefined && typeof value.Resource !== 'string')
    wrongValue(c, 'Resource', 'a string', child(at, 'Resource'));
  else if (typeof value.Resource === 'string' && taskResourceParts(value.Resource).resourceType === 'local')
    c.problems.schema(
      `Value is not a valid resource ARN: '${String(value.Resource)}'`,
      child(at, 'Resource'),
    );
  for (const f of part.numbers)
    if (value[f] !== undefined)
      checkLiteralOrJsonata(c, value[f], f, child(at, f), {
        what: 'a positive whole number',
        test: (v) => Number.isInteger(v) && (v as number) > 0,
      });
  for (const f of part.paths) if (value[f] !== undefined) checkPath(c, value[f], f, child(at, f), 'path');
  if (c.language === 'JSONPath') checkPayloadTemplate(c, value, at);
  else checkJsonataTemplate(c, value, at);
  if (isObject(value.ReaderConfig)) checkReaderConfig(c, value.ReaderConfig, child(at, 'ReaderConfig'));
}

/** A value as a diagnostic shows it: JSON for a scalar, its kind for an object or array. */
function shown(value: unknown): string {
  return typeof value === 'object' && value !== null ? kindOf(value) : JSON.stringify(value);
}

function checkReaderConfig(c: StateCheck, config: Record<string, unknown>, at: string): void {
  // input-output-itemreader.html lists the InputTypes AWS accepts (READER_INPUT_TYPES); it does not say that
  // InputType is required, so a ReaderConfig without one is left alone (the engine reads it as JSON).
  const inputType = config.InputType;
  if (inputType !== undefined && !READER_INPUT_TYPES.includes(inputType as string))
    c.problems.schema(
      `The field 'InputType' of state '${c.name}' should have one of these values: ` +
        `[${READER_INPUT_TYPES.join(', ')}], got ${shown(inputType)}`,
      child(at, 'InputType'),
    );
  if (config.MaxItems !== undefined)
    checkLiteralOrJsonata(c, config.MaxItems, 'MaxItems', child(at, 'MaxItems'), {
      what: 'a whole number',
      test: isNonNegativeInteger,
    });
  if (config.MaxItemsPath !== undefined)
    checkPath(c, config.MaxItemsPath, 'MaxItemsPath', child(at, 'MaxItemsPath'), 'path');
}

/** The processor: ItemProcessor (with ProcessorConfig) or the older Iterator; returns the mode. */
function checkProcessor(c: StateCheck, branch: BranchCheck): 'INLINE' | 'DISTRIBUTED' {
  atMostOne(c, ['ItemProcessor', 'Iterator']);
  const processor = c.state.ItemProcessor ?? c.state.Iterator;
  const field = c.state.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator';
  if (processor === undefined) {
    c.problems.schema("The field 'ItemProcessor' is required but was missing", c.at);
    return 'INLINE';
  }
  const at = child(c.at, field);
  const config = isObject(processor) ? processor.ProcessorConfig : undefined;
  // A Distributed Map's children of ExecutionType EXPRESS are Express executions, with Express's limits.
  const expressChildren =
    isObject(config) && config.Mode === 'DISTRIBUTED' && config.ExecutionType === 'EXPRESS';
  const inner = expressChildren ? { ...c, type: 'EXPRESS' as const } : c;
  branch(inner, processor, at, field === 'ItemProcessor' ? ['ProcessorConfig'] : []);
  if (config === undefined) return 'INLINE';
  const configAt = child(at, 'ProcessorConfig');
  if (!isObject(config)) {
    wrongValue(c, 'ProcessorConfig', 'an object', configAt);
    return 'INLINE';
  }
  checkOneOf(c, config.Mode, 'Mode', ['INLINE', 'DISTRIBUTED'], child(configAt, 'Mode'));
  const distributed = config.Mode === 'DISTRIBUTED';
  checkOneOf(
    c,
    config.ExecutionType,
    'ExecutionType',
    ['STANDARD', 'EXPRESS'],
    child(configAt, 'ExecutionType'),
  );
  if (distributed && config.ExecutionType === undefined)
    c.problems.schema("The field 'ExecutionType' is required but was missing", configAt);
  return distributed ? 'DISTRIBUTED' : 'INLINE';
}

function checkItems(c: StateCheck): void {
  const s = c.state;
  atMostOne(c, ['ItemSelector', 'Parameters']);
  if (c.language === 'JSONPath') {
    if (s.ItemsPath !== undefined) checkPath(c, s.ItemsPath, 'ItemsPath', child(c.at, 'ItemsPath'), 'path');
    if (s.ItemSelector !== undefined) checkPayloadTemplate(c, s.ItemSelector, child(c.at, 'ItemSelector'));
    return;
  }
  if (s.ItemSelector !== undefined) checkJsonataTemplate(c, s.ItemSelector, child(c.at, 'ItemSelector'));
  // "Items: a JSON array, a JSON object, or a JSONata expression" (agent-toolkit, processing-state-inputs-and-outputs.md).
  if (s.Items !== undefined && !Array.isArray(s.Items) && !isObject(s.Items) && !isJsonataExpression(s.Items))
    wrongValue(c, 'Items', 'an array, an object or a JSONata expression', child(c.at, 'Items'));
  else if (s.Items !== undefined) checkJsonataTemplate(c, s.Items, child(c.at, 'Items'));
}

function checkLimits(c: StateCheck): void {
  const s = c.state;
  const limits: [string, string, (v: unknown) => boolean][] = [
    ['MaxConcurrency', 'a whole number of at least 0', isNonNegativeInteger],
    ['ToleratedFailureCount', 'a whole number of at least 0', isNonNegativeInteger],
    [
      'ToleratedFailurePercentage',
      'a number from 0 to 100',
      (v) => typeof v === 'number' && v >= 0 && v <= 100,
    ],
  ];
  for (const [f, what, test] of limits) {
    atMostOne(c, [f, `${f}Path`]);
    if (s[f] !== undefined) checkLiteralOrJsonata(c, s[f], f, child(c.at, f), { what, test });
    if (s[`${f}Path`] !== undefined) checkPath(c, s[`${f}Path`], `${f}Path`, child(c.at, `${f}Path`), 'path');
  }
  if (s.Label !== undefined && (typeof s.Label !== 'string' || s.Label.length > MAX_LABEL))
    wrongValue(c, 'Label', `a string of at most ${MAX_LABEL} characters`, child(c.at, 'Label'));
}

export function checkMap(c: StateCheck, branch: BranchCheck): void {
  const mode = checkProcessor(c, branch);
  checkItems(c);
  checkLimits(c);
  for (const part of ['ItemReader', 'ItemBatcher', 'ResultWriter'] as const)
    if (c.state[part] !== undefined) checkPart(c, part);
  if (mode === 'DISTRIBUTED') return;
  for (const f of DISTRIBUTED_ONLY)
    if (c.state[f] !== undefined)
      c.problems.schema(
        `Field '${f}' is only supported by a Map state whose ProcessorConfig Mode is DISTRIBUTED`,
        child(c.at, f),
      );
}
