/**
 * Distributed Map on local items, through the real SDK client: ItemReader through the local S3 stand-in (a
 * machine folder's `s3/<bucket>/<key>` files, or a `<MapState>.ItemReader` handler), ItemBatcher, the
 * tolerated failures, ResultWriter, and the isolated scope of its children. Expected values are AWS's:
 * the recorded histories of LocalStack's AWS-validated v2/scenarios/test_base_scenarios.snapshot.json
 * (test_map_item_reader_*, test_map_state_tolerated_failure_*; cited per test) and the pages
 * input-output-itemreader.html, input-output-itembatcher.html, input-output-resultwriter.html and
 * maprun-fail-threshold.html of https://docs.aws.amazon.com/step-functions/latest/dg/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { useEngine } from '../helpers/engine.js';
import { chain, createMachine, ended, start, useMachineFolder } from './runs.js';

const DISTRIBUTED = { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' };
const PASS_ITEM = { StartAt: 'PassItem', States: { PassItem: { Type: 'Pass', End: true } } };

/** A one-state machine whose Map state has these fields and a DISTRIBUTED processor. */
function mapMachine(
  fields: Record<string, unknown>,
  processor: Record<string, unknown> = PASS_ITEM,
  extra = {},
) {
  return {
    StartAt: 'MapState',
    States: {
      MapState: {
        Type: 'Map',
        MaxConcurrency: 1,
        ...fields,
        ItemProcessor: { ProcessorConfig: DISTRIBUTED, ...processor },
        End: true,
      },
    },
    ...extra,
  };
}

const getObject = (InputType: string, more: Record<string, unknown> = {}) => ({
  ItemReader: {
    ReaderConfig: { InputType, ...more },
    Resource: 'arn:aws:states:::s3:getObject',
    Parameters: { 'Bucket.$': '$.Bucket', 'Key.$': '$.Key' },
  },
});

/** A Map Run that failed to read its items: the execution, its last events and MapRunFailed say why. */
function expectReaderFailed(
  out: { status?: string; error?: string; cause?: string; events: HistoryEvent[] },
  cause: string,
): void {
  expect(out).toMatchObject({ status: 'FAILED', error: 'States.ItemReaderFailed', cause });
  expect(out.events.map((e) => e.type).slice(-4)).toEqual([
    'MapRunStarted',
    'MapRunFailed',
    'MapStateFailed',
    'ExecutionFailed',
  ]);
  expect(out.events.find((e) => e.type === 'MapRunFailed')!.mapRunFailedEventDetails).toEqual({
    error: 'States.ItemReaderFailed',
    cause,
  });
}

const FACTS = [
  { verdict: 'true', statement_date: '6/11/2008', statement_source: 'speech' },
  { verdict: 'false', statement_date: '6/7/2022', statement_source: 'television' },
  { verdict: 'mostly-true', statement_date: '5/18/2016', statement_source: 'news' },
];
const CSV =
  "Col1,Col2,Col3\nValue1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n";
const CSV_NO_HEADER =
  "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n";

const FAILS_ON_EVEN = `export default { Check: (n) => { if (n % 2 === 0) throw Object.assign(new Error('even ' + n), { name: 'Even' }); return n; } };`;
const CHECK = {
  StartAt: 'Check',
  States: { Check: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
};

const FOLDER = {
  Json: { 'definition.asl.json': mapMachine(getObject('JSON')), 's3/bucket-name/file.json': FACTS },
  Csv: {
    'definition.asl.json': mapMachine(getObject('CSV', { CSVHeaderLocation: 'FIRST_ROW' })),
    's3/bucket-name/file.csv': CSV,
  },
  CsvGiven: {
    'definition.asl.json': mapMachine(getObject('CSV', { CSVHeaderLocation: 'GIVEN', CSVHeaders: ['H1'] })),
    's3/bucket-name/file.csv': CSV_NO_HEADER,
  },
  CsvDuplicates: {
    'definition.asl.json': mapMachine(
      getObject('CSV', { CSVHeaderLocation: 'GIVEN', CSVHeaders: ['H1', 'H1'] }),
    ),
    's3/bucket-name/file.csv': CSV_NO_HEADER,
  },
  NotAList: { 'definition.asl.json': mapMachine(getObject('JSON')), 's3/bucket-name/file.json': { a: 1 } },
  MaxItemsJsonata: {
    'definition.asl.json': {
      ...mapMachine({
        ItemReader: {
          ReaderConfig: { InputType: 'JSON', MaxItems: '{% $maxItems := 2 %}' },
          Resource: 'arn:aws:states:::s3:getObject',
          Arguments: { Bucket: '{% $states.input.Bucket %}', Key: '{% $states.input.Key %}' },
        },
      }),
      QueryLanguage: 'JSONata',
    },
    's3/bucket-name/file.json': FACTS,
  },
  MaxItemsPath: {
    'definition.asl.json': mapMachine(getObject('JSON', { MaxItemsPath: '$.MaxItems' })),
    's3/bucket-name/file.json': FACTS,
  },
  Listing: {
    'definition.asl.json': mapMachine({
      ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { 'Bucket.$': '$.Bucket' } },
    }),
    's3/bucket_name/file_0.txt': 'HelloWorld 0',
    's3/bucket_name/file_1.txt': 'HelloWorld 1',
  },
  FromHandler: {
    'definition.asl.json': mapMachine(getObject('JSON')),
    'handlers.mjs': `export default { 'MapState.ItemReader': (args) => [args.Key, args.Bucket] };`,
  },
  Batched: {
    'definition.asl.json': mapMachine({
      ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'factCheck.$': '$.check' } },
      ItemsPath: '$.items',
    }),
  },
  Tolerant: {
    'definition.asl.json': mapMachine(
      {
        ItemsPath: '$.items',
        ToleratedFailureCountPath: '$.count',
        ToleratedFailurePercentagePath: '$.percentage',
      },
      CHECK,
    ),
    'handlers.mjs': FAILS_ON_EVEN,
  },
  Strict: {
    'definition.asl.json': mapMachine({ ItemsPath: '$.items' }, CHECK),
    'handlers.mjs': FAILS_ON_EVEN,
  },
  // A reader handler that would answer: the refusal comes before anything is read.
  Manifest: {
    'definition.asl.json': mapMachine(getObject('MANIFEST')),
    'handlers.mjs': `export default { 'MapState.ItemReader': () => [1, 2] };`,
  },
  Parquet: {
    'definition.asl.json': mapMachine(getObject('PARQUET')),
    's3/bucket-name/file.parquet': 'PAR1',
  },
  TolerantJsonata: {
    'definition.asl.json': {
      ...mapMachine(
        {
          Items: '{% $states.input.items %}',
          ToleratedFailureCount: '{% $states.input.count %}',
          ToleratedFailurePercentage: '{% $states.input.percentage %}',
        },
        CHECK,
      ),
      QueryLanguage: 'JSONata',
    },
    'handlers.mjs': FAILS_ON_EVEN,
  },
  ToHandler: {
    'definition.asl.json': mapMachine({
      ItemsPath: '$.items',
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: 'results', 'Prefix.$': '$.prefix' },
      },
    }),
    // The writer keeps what it was given beside the definition, for the test to read.
    'handlers.mjs': `import { writeFileSync } from 'node:fs';
export default { 'MapState.ResultWriter': (args) => { writeFileSync(new URL('./written.json', import.meta.url), JSON.stringify(args)); } };`,
  },
  Exported: {
    'definition.asl.json': mapMachine({
      ItemsPath: '$.items',
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: 'results', Prefix: 'runs' },
      },
    }),
  },
};

describe('Distributed Map on local items', () => {
  const { runMachine, dir } = useMachineFolder(FOLDER);
  const file = (Key: string, Bucket = 'bucket-name') => ({ Bucket, Key });

  it('reads a JSON array from S3 and runs one child per item (recorded: test_map_item_reader_base_json)', async () => {
    const out = await runMachine('Json', file('file.json'));
    expect(JSON.parse(out.output!)).toEqual(FACTS);
    expect(chain(out.events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'MapStateEntered'],
      [3, 2, 'MapStateStarted'],
      [4, 3, 'MapRunStarted'],
      [5, 4, 'MapRunSucceeded'],
      [6, 5, 'MapStateSucceeded'],
      [7, 6, 'MapStateExited'],
      [8, 7, 'ExecutionSucceeded'],
    ]);
    expect(out.events[2]!.mapStateStartedEventDetails).toEqual({ length: 0 });
    expect(out.events[3]!.mapRunStartedEventDetails!.mapRunArn).toMatch(
      /^arn:aws:states:us-east-1:123456789012:mapRun:Json\/[0-9a-f-]{36}:[0-9a-f-]{36}$/,
    );
  });

  it('reads CSV rows as objects of strings keyed by the first row (recorded: test_map_item_reader_base_csv_headers_first_line)', async () => {
    const out = await runMachine('Csv', file('file.csv'));
    expect(JSON.parse(out.output!)).toEqual([
      { Col1: 'Value1', Col2: 'Value2', Col3: 'Value3' },
      { Col1: 'Value4', Col2: 'Value5', Col3: 'Value6' },
      { Col1: '', Col2: '', Col3: '' },
      { Col1: 'true', Col2: '1', Col3: "'HelloWorld'" },
      { Col1: 'Null', Col2: 'None', Col3: '' },
      { Col1: '   ', Col2: '', Col3: '' },
    ]);
  });

  it('keys CSV rows by the given CSVHeaders, dropping extra fields (recorded: test_map_item_reader_csv_headers_decl_extra_fields)', async () => {
    const out = await runMachine('CsvGiven', file('file.csv'));
    expect(JSON.parse(out.output!)).toEqual([
      { H1: 'Value1' },
      { H1: 'Value4' },
      { H1: '' },
      { H1: 'true' },
      { H1: 'Null' },
      { H1: '   ' },
    ]);
  });

  it('fails the Map Run with States.ItemReaderFailed on duplicate CSV headers (recorded: test_map_item_reader_csv_headers_decl_duplicate_headers)', async () => {
    const out = await runMachine('CsvDuplicates', file('file.csv'));
    expectReaderFailed(out, 'CSV headers cannot contain duplicates.');
  });

  it('refuses JSON that is not a list (recorded: test_map_item_reader_json_no_json_list_object)', async () => {
    const out = await runMachine('NotAList', file('file.json'));
    expect(out).toMatchObject({
      error: 'States.ItemReaderFailed',
      cause: 'Attempting to map over non-iterable node.',
    });
  });

  // input-output-itemreader.html: ReaderConfig InputType may also be MANIFEST (an S3 inventory manifest) or
  // PARQUET, so AWS accepts these definitions and so does the engine; it cannot read them, and says so when
  // the Map runs, with the reader's error name (States.ItemReaderFailed) and what it reads instead.
  it.each(['Manifest', 'Parquet'])(
    'fails the Map Run of a %s ItemReader with States.ItemReaderFailed, naming what the local engine reads',
    async (machine) => {
      const inputType = machine.toUpperCase();
      const out = await runMachine(machine, file(`file.${machine.toLowerCase()}`));
      const cause =
        `The ItemReader's ReaderConfig InputType '${inputType}' is not supported by the local engine: it reads ` +
        "InputType JSON, JSONL, CSV (s3:getObject, from the machine's s3/<bucket>/<key> file or a " +
        "'<MapState>.ItemReader' handler) and s3:listObjectsV2 listings. Run this Map on AWS, or give it its " +
        'items as JSON, JSON Lines or CSV to run it locally.';
      expectReaderFailed(out, cause);
    },
  );

  it('reads at most MaxItems, from a JSONata expression (recorded: test_map_item_reader_base_json_max_items_jsonata)', async () => {
    const out = await runMachine('MaxItemsJsonata', file('file.json'));
    expect(JSON.parse(out.output!)).toEqual(FACTS.slice(0, 2));
  });

  it('reads MaxItemsPath: 0 means every item, a negative value fails the reader, a fraction is a runtime error (recorded: test_map_item_reader_csv_max_items_paths)', async () => {
    expect(
      JSON.parse((await runMachine('MaxItemsPath', { ...file('file.json'), MaxItems: 0 })).output!),
    ).toEqual(FACTS);
    expect(await runMachine('MaxItemsPath', { ...file('file.json'), MaxItems: -1 })).toMatchObject({
      error: 'States.ItemReaderFailed',
      cause: 'field MaxItems must be positive',
    });
    expect(await runMachine('MaxItemsPath', { ...file('file.json'), MaxItems: 1.5 })).toMatchObject({
      error: 'States.Runtime',
      cause:
        "An error occurred while executing the state 'MapState' (entered at the event id #2). The MaxItemsPath field " +
        'refers to value "1.5" which is not a valid integer: $.MaxItems',
    });
  });

  it('lists the objects of a bucket with s3:listObjectsV2 (recorded: test_map_item_reader_base_list_objects_v2)', async () => {
    const out = await runMachine('Listing', { Bucket: 'bucket_name' });
    const items = JSON.parse(out.output!) as Record<string, unknown>[];
    expect(items.map(({ Key, Size, StorageClass }) => ({ Key, Size, StorageClass }))).toEqual([
      { Key: 'file_0.txt', Size: 12, StorageClass: 'STANDARD' },
      { Key: 'file_1.txt', Size: 12, StorageClass: 'STANDARD' },
    ]);
    for (const item of items)
      expect(Object.keys(item).sort()).toEqual(['Etag', 'Key', 'LastModified', 'Size', 'StorageClass']);
  });

  // input-output-itemreader.html: an s3:getObject reader's Parameters name the object (Bucket, Key), resolved
  // from the state input; the local engine gives them to the reader handler that stands for S3
  // (docs/engine.md, "Distributed Map and the S3 stand-in").
  it("takes the items from a '<MapState>.ItemReader' handler, given the resolved Parameters", async () => {
    const out = await runMachine('FromHandler', file('any.json', 'b'));
    expect(JSON.parse(out.output!)).toEqual(['any.json', 'b']);
  });

  it('batches items with ItemBatcher: each child gets {BatchInput, Items} (input-output-itembatcher.html)', async () => {
    const out = await runMachine('Batched', { items: ['a', 'b', 'c'], check: 'yes' });
    expect(JSON.parse(out.output!)).toEqual([
      { BatchInput: { factCheck: 'yes' }, Items: ['a', 'b'] },
      { BatchInput: { factCheck: 'yes' }, Items: ['c'] },
    ]);
  });

  it('tolerates failed children up to ToleratedFailureCount / Percentage, and fails beyond (maprun-fail-threshold.html; recorded cause)', async () => {
    const items = [1, 2, 3, 4];
    const within = await runMachine('Tolerant', { items, count: 2, percentage: 100 });
    expect(within.status).toBe('SUCCEEDED');
    const output = JSON.parse(within.output!) as unknown[];
    expect(output.filter((o) => typeof o === 'number')).toEqual([1, 3]);
    expect(output.filter((o) => typeof o === 'object')).toMatchObject([
      { Status: 'FAILED', Error: 'Even', Cause: 'even 2' },
      { Status: 'FAILED', Error: 'Even', Cause: 'even 4' },
    ]);
    const beyond = await runMachine('Tolerant', { items, count: 1, percentage: 100 });
    expect(beyond).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    });
    expect((await runMachine('Tolerant', { items, count: 10, percentage: 50 })).status).toBe('SUCCEEDED');
    expect((await runMachine('Tolerant', { items, count: 10, percentage: 49 })).status).toBe('FAILED');
    expect((await runMachine('Strict', { items: [1, 2] })).error).toBe(
      'States.ExceedToleratedFailureThreshold',
    );
  });

  // maprun-fail-threshold.html: the Map Run fails once failed items exceed ToleratedFailureCount or
  // ToleratedFailurePercentage; in a JSONata state each may be an expression that gives the number
  // (transforming-data.html: any field that takes a value takes {% %}).
  it('reads ToleratedFailureCount and ToleratedFailurePercentage from JSONata expressions', async () => {
    const items = [1, 2, 3, 4];
    const within = await runMachine('TolerantJsonata', { items, count: 2, percentage: 100 });
    expect(within.status).toBe('SUCCEEDED');
    expect((JSON.parse(within.output!) as unknown[]).filter((o) => typeof o === 'number')).toEqual([1, 3]);
    expect(await runMachine('TolerantJsonata', { items, count: 1, percentage: 100 })).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    });
    expect((await runMachine('TolerantJsonata', { items, count: 10, percentage: 50 })).status).toBe(
      'SUCCEEDED',
    );
    expect((await runMachine('TolerantJsonata', { items, count: 10, percentage: 49 })).status).toBe('FAILED');
  });

  it('refuses a negative ToleratedFailureCount with a runtime error (recorded: test_map_state_tolerated_failure_count_path[-1])', async () => {
    const out = await runMachine('Tolerant', { items: [0], count: -1, percentage: 0 });
    expect(out).toMatchObject({
      error: 'States.Runtime',
      cause:
        "An error occurred while executing the state 'MapState' (entered at the event id #2). ToleratedFailureCount cannot be negative.",
    });
    expect(out.events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'ExecutionFailed',
    ]);
  });

  it('exports the results with ResultWriter: manifest.json and SUCCEEDED_0.json under the prefix (input-output-resultwriter.html)', async () => {
    const out = await runMachine('Exported', { items: [{ n: 1 }, { n: 2 }] });
    const result = JSON.parse(out.output!) as {
      MapRunArn: string;
      ResultWriterDetails: { Bucket: string; Key: string };
    };
    expect(result.MapRunArn).toMatch(/:mapRun:Exported\//);
    expect(result.ResultWriterDetails.Bucket).toBe('results');
    expect(result.ResultWriterDetails.Key).toMatch(/^runs\/[0-9a-f-]{36}\/manifest\.json$/);
    const base = join(dir(), 'Exported', 's3', 'results');
    const manifest = JSON.parse(await readFile(join(base, result.ResultWriterDetails.Key), 'utf8')) as {
      MapRunArn: string;
      ResultFiles: { SUCCEEDED: { Key: string }[]; FAILED: unknown[] };
    };
    expect(manifest).toMatchObject({
      DestinationBucket: 'results',
      MapRunArn: result.MapRunArn,
      ResultFiles: { FAILED: [] },
    });
    const succeeded = JSON.parse(
      await readFile(join(base, manifest.ResultFiles.SUCCEEDED[0]!.Key), 'utf8'),
    ) as Record<string, unknown>[];
    expect(succeeded.map((r) => [r.Status, JSON.parse(r.Output as string)])).toEqual([
      ['SUCCEEDED', { n: 1 }],
      ['SUCCEEDED', { n: 2 }],
    ]);
  });

  // input-output-resultwriter.html: the ResultWriter exports SUCCEEDED_0.json (FAILED_0.json when some
  // failed) and manifest.json under <Prefix>/<map run id>/, and the Map's output says where:
  // {MapRunArn, ResultWriterDetails: {Bucket, Key}}. Locally a '<MapState>.ResultWriter' handler, when there
  // is one, is given those files instead of the folder (docs/engine.md, "Distributed Map and the S3 stand-in").
  it("hands the exported files to a '<MapState>.ResultWriter' handler with the resolved Parameters", async () => {
    const out = await runMachine('ToHandler', { items: [{ n: 1 }, { n: 2 }], prefix: 'runs' });
    expect(out.status).toBe('SUCCEEDED');
    const result = JSON.parse(out.output!) as { MapRunArn: string; ResultWriterDetails: { Key: string } };
    const runId = /^runs\/([0-9a-f-]{36})\/manifest\.json$/.exec(result.ResultWriterDetails.Key)?.[1];
    expect(runId).toBeDefined();
    expect(result.MapRunArn.endsWith(`:${runId}`)).toBe(true);
    const written = JSON.parse(await readFile(join(dir(), 'ToHandler', 'written.json'), 'utf8')) as {
      Bucket: string;
      Prefix: string;
      files: { key: string; body: string }[];
    };
    expect(written.Bucket).toBe('results');
    expect(written.Prefix).toBe('runs');
    expect(written.files.map((f) => f.key)).toEqual([
      `runs/${runId}/SUCCEEDED_0.json`,
      `runs/${runId}/manifest.json`,
    ]);
    const succeeded = JSON.parse(written.files[0]!.body) as { Status: string; Output: string }[];
    expect(succeeded.map((r) => [r.Status, JSON.parse(r.Output)])).toEqual([
      ['SUCCEEDED', { n: 1 }],
      ['SUCCEEDED', { n: 2 }],
    ]);
    expect(JSON.parse(written.files[1]!.body)).toMatchObject({
      DestinationBucket: 'results',
      MapRunArn: result.MapRunArn,
      ResultFiles: { FAILED: [], SUCCEEDED: [{ Key: `runs/${runId}/SUCCEEDED_0.json` }] },
    });
    // Nothing went to the folder's S3 stand-in.
    await expect(
      readFile(join(dir(), 'ToHandler', 's3', 'results', result.ResultWriterDetails.Key)),
    ).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('Distributed Map scopes', () => {
  const local = useEngine();

  it('gives its children no access to outer variables, unlike an inline Map (agent toolkit processing-state-inputs-and-outputs.md)', async () => {
    const definition = (mode: string) => ({
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { x: 7 }, Next: 'Each' },
        Each: {
          Type: 'Map',
          Items: [1],
          ItemProcessor: {
            ProcessorConfig: mode === 'DISTRIBUTED' ? DISTRIBUTED : { Mode: 'INLINE' },
            StartAt: 'Read',
            States: { Read: { Type: 'Pass', Output: '{% $x %}', End: true } },
          },
          End: true,
        },
      },
    });
    const inline = await ended(
      local.sfn,
      await start(local.sfn, await createMachine(local.sfn, definition('INLINE'))),
    );
    expect(inline.output).toBe('[7]');
    const distributed = await ended(
      local.sfn,
      await start(local.sfn, await createMachine(local.sfn, definition('DISTRIBUTED'))),
    );
    expect(distributed).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
  });
});
