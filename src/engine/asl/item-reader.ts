import { parse } from 'csv-parse/sync';
import { errorMessage, isObject } from '../../result.js';
import { StateFailure } from './failure.js';
import type { ItemsAnswer } from './runtime.js';

/**
 * A Distributed Map's ItemReader content as items
 * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html): a JSON array, JSON
 * Lines, or CSV rows as objects of strings keyed by the header row (FIRST_ROW) or the given CSVHeaders
 * (GIVEN); at most MaxItems of them (0 = all). Failures are States.ItemReaderFailed with AWS's recorded
 * causes (LocalStack's AWS-validated test_base_scenarios snapshots).
 */

export interface ReaderConfig {
  inputType: string;
  headerLocation: 'FIRST_ROW' | 'GIVEN';
  headers?: string[];
  delimiter: string;
  /** 0 = every item. */
  maxItems: number;
}

const DELIMITERS: Record<string, string> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' };

export function readerFailed(cause: string): StateFailure {
  return new StateFailure('States.ItemReaderFailed', cause);
}

/**
 * The ReaderConfig InputTypes AWS defines ("Accepts one of the following values: CSV, JSON, JSONL, PARQUET,
 * MANIFEST", https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html). The
 * definition check (validate/map.ts) refuses any other value at creation.
 */
export const READER_INPUT_TYPES: readonly string[] = ['CSV', 'JSON', 'JSONL', 'PARQUET', 'MANIFEST'];

/** The InputTypes the engine reads; AWS also reads MANIFEST (an S3 inventory) and PARQUET. */
const READABLE_INPUT_TYPES = ['JSON', 'JSONL', 'CSV'];

/**
 * Refuses, before anything is read (no handler is called, no file opened), an InputType the engine cannot
 * read (MANIFEST, PARQUET). AWS accepts such definitions, so CreateStateMachine does too; this is the
 * run-time answer. An InputType AWS does not define never gets here: CreateStateMachine refuses it.
 */
export function checkInputType(config: ReaderConfig): void {
  if (READABLE_INPUT_TYPES.includes(config.inputType)) return;
  throw readerFailed(
    `The ItemReader's ReaderConfig InputType '${config.inputType}' is not supported by the local engine: it ` +
      `reads InputType ${READABLE_INPUT_TYPES.join(', ')} (s3:getObject, from the machine's s3/<bucket>/<key> ` +
      `file or a '<MapState>.ItemReader' handler) and s3:listObjectsV2 listings. Run this Map on AWS, or give ` +
      `it its items as JSON, JSON Lines or CSV to run it locally.`,
  );
}

/** ReaderConfig as written; MaxItems is resolved by the caller (it may come from a path or an expression). */
export function readerConfig(config: unknown, maxItems: number): ReaderConfig {
  const c = isObject(config) ? config : {};
  return {
    inputType: typeof c.InputType === 'string' ? c.InputType : 'JSON',
    headerLocation: c.CSVHeaderLocation === 'GIVEN' ? 'GIVEN' : 'FIRST_ROW',
    ...(Array.isArray(c.CSVHeaders) ? { headers: c.CSVHeaders.map(String) } : {}),
    delimiter: DELIMITERS[typeof c.CSVDelimiter === 'string' ? c.CSVDelimiter : 'COMMA'] ?? ',',
    maxItems,
  };
}

function csvItems(text: string, config: ReaderConfig): Record<string, string>[] {
  let rows: string[][];
  try {
    rows = parse(text, { delimiter: config.delimiter, relax_column_count: true, skip_empty_lines: true });
  } catch (err) {
    throw readerFailed(`The CSV content cannot be parsed: ${errorMessage(err)}`);
  }
  const headers = config.headerLocation === 'GIVEN' ? (config.headers ?? []) : (rows.shift() ?? []);
  if (new Set(headers).size !== headers.length) throw readerFailed('CSV headers cannot contain duplicates.');
  // Extra fields are dropped, missing ones are empty strings.
  return rows.map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i] ?? ''])));
}

function jsonItems(text: string, lines: boolean): unknown[] {
  try {
    if (lines)
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown);
    const value = JSON.parse(text) as unknown;
    if (!Array.isArray(value)) throw readerFailed('Attempting to map over non-iterable node.');
    return value;
  } catch (err) {
    if (err instanceof StateFailure) throw err;
    throw readerFailed(
      `The ItemReader content is not valid ${lines ? 'JSON Lines' : 'JSON'}: ${errorMessage(err)}`,
    );
  }
}

/** The items of what the reader answered, cut to MaxItems. */
export function itemsOf(answer: ItemsAnswer, config: ReaderConfig): unknown[] {
  if (config.maxItems < 0) throw readerFailed('field MaxItems must be positive');
  let items: unknown[];
  if ('items' in answer) {
    if (!Array.isArray(answer.items)) throw readerFailed('Attempting to map over non-iterable node.');
    items = answer.items;
  } else if (config.inputType === 'CSV') items = csvItems(answer.text, config);
  else if (config.inputType === 'JSONL') items = jsonItems(answer.text, true);
  else {
    checkInputType(config);
    items = jsonItems(answer.text, false);
  }
  return config.maxItems > 0 ? items.slice(0, config.maxItems) : items;
}

/** ItemBatcher: consecutive items in batches of at most `maxItems` and `maxBytes` of JSON (0 = no limit). */
export function batches(items: unknown[], maxItems: number, maxBytes: number): unknown[][] {
  const out: unknown[][] = [];
  let current: unknown[] = [];
  let bytes = 2;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item)) + 1;
    const full = (maxItems > 0 && current.length >= maxItems) || (maxBytes > 0 && bytes + size > maxBytes);
    if (current.length > 0 && full) {
      out.push(current);
      current = [];
      bytes = 2;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
