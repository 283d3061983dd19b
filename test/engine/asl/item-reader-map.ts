/**
 * The definitions the ItemReader InputType tests validate, create and load: a Distributed Map state that
 * reads its items with s3:getObject and a given ReaderConfig, in either query language (JSONata passes the
 * bucket and key as Arguments, JSONPath as Parameters).
 */
import type { QueryLanguage } from '../../../src/engine/asl/validate/context.js';

/** The Map state; without ReaderConfig when `readerConfig` is undefined. */
export function itemReaderMap(language: QueryLanguage, readerConfig?: unknown): Record<string, unknown> {
  return {
    Type: 'Map',
    ItemReader: {
      Resource: 'arn:aws:states:::s3:getObject',
      ...(readerConfig === undefined ? {} : { ReaderConfig: readerConfig }),
      [language === 'JSONata' ? 'Arguments' : 'Parameters']: { Bucket: 'b', Key: 'orders' },
    },
    ItemProcessor: {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      StartAt: 'P',
      States: { P: { Type: 'Pass', End: true } },
    },
    End: true,
  };
}

/** A machine of that one Map state, named 'Orders'. */
export function itemReaderMachine(language: QueryLanguage, readerConfig?: unknown): Record<string, unknown> {
  return {
    QueryLanguage: language,
    StartAt: 'Orders',
    States: { Orders: itemReaderMap(language, readerConfig) },
  };
}
