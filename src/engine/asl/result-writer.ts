import { isObject } from '../../result.js';
import type { StateFailure } from './failure.js';
import type { ResultFile } from './runtime.js';

/**
 * A Map Run's results (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html):
 * one record per child execution; WriterConfig's Transformation NONE keeps the records (with the
 * execution's metadata), COMPACT keeps the outputs (the default without a ResultWriter), FLATTEN also
 * flattens outputs that are arrays. A failed child keeps its record whatever the transformation. With
 * Resource and Parameters, the results go to S3 as SUCCEEDED_0.json / FAILED_0.json and a manifest.json.
 */

export interface ChildResult {
  executionArn: string;
  name: string;
  input: unknown;
  startDate: Date;
  stopDate: Date;
  output?: unknown;
  failure?: StateFailure;
}

export interface WriterConfig {
  transformation: 'NONE' | 'COMPACT' | 'FLATTEN';
  outputType: 'JSON' | 'JSONL';
}

export function writerConfig(resultWriter: unknown): WriterConfig {
  const w = isObject(resultWriter) ? resultWriter : {};
  const c = isObject(w.WriterConfig) ? w.WriterConfig : {};
  const exported = typeof w.Resource === 'string';
  const transformation =
    c.Transformation === 'NONE' || c.Transformation === 'COMPACT' || c.Transformation === 'FLATTEN'
      ? c.Transformation
      : exported
        ? 'NONE'
        : 'COMPACT';
  return { transformation, outputType: c.OutputType === 'JSONL' ? 'JSONL' : 'JSON' };
}

/** A child execution as the NONE transformation reports it. */
export function childRecord(child: ChildResult, machineArn: string): Record<string, unknown> {
  const failed = child.failure !== undefined;
  return {
    ExecutionArn: child.executionArn,
    Input: JSON.stringify(child.input ?? null),
    InputDetails: { Included: true },
    Name: child.name,
    ...(failed
      ? {
          ...(child.failure!.error !== undefined ? { Error: child.failure!.error } : {}),
          ...(child.failure!.cause !== undefined ? { Cause: child.failure!.cause } : {}),
        }
      : { Output: JSON.stringify(child.output ?? null), OutputDetails: { Included: true } }),
    RedriveCount: 0,
    RedriveStatus: failed ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
    ...(failed ? {} : { RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven' }),
    StartDate: child.startDate.toISOString(),
    StateMachineArn: machineArn,
    Status: failed ? 'FAILED' : 'SUCCEEDED',
    StopDate: child.stopDate.toISOString(),
  };
}

/** The results as the transformation gives them. */
export function transformed(children: ChildResult[], config: WriterConfig, machineArn: string): unknown[] {
  return children.flatMap((child) => {
    if (config.transformation === 'NONE' || child.failure) return [childRecord(child, machineArn)];
    if (config.transformation === 'FLATTEN' && Array.isArray(child.output)) return child.output;
    return [child.output ?? null];
  });
}

function body(values: unknown[], outputType: WriterConfig['outputType']): string {
  return outputType === 'JSONL' ? values.map((v) => JSON.stringify(v)).join('\n') : JSON.stringify(values);
}

/** The files of an export under `<Prefix>/<run id>/`, the manifest last; and the manifest's key. */
export function resultFiles(
  where: { bucket: string; prefix: string; runId: string; mapRunArn: string },
  children: ChildResult[],
  config: WriterConfig,
  machineArn: string,
): { files: ResultFile[]; manifestKey: string } {
  const base = `${where.prefix ? `${where.prefix.replace(/\/$/, '')}/` : ''}${where.runId}`;
  const files: ResultFile[] = [];
  const listed: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', { Key: string; Size: number }[]> = {
    FAILED: [],
    PENDING: [],
    SUCCEEDED: [],
  };
  for (const status of ['SUCCEEDED', 'FAILED'] as const) {
    const group = children.filter((c) => (status === 'FAILED') === (c.failure !== undefined));
    if (group.length === 0) continue;
    const key = `${base}/${status}_0.json`;
    const text = body(transformed(group, config, machineArn), config.outputType);
    files.push({ key, body: text });
    listed[status].push({ Key: key, Size: Buffer.byteLength(text) });
  }
  const manifestKey = `${base}/manifest.json`;
  const manifest = { DestinationBucket: where.bucket, MapRunArn: where.mapRunArn, ResultFiles: listed };
  files.push({ key: manifestKey, body: JSON.stringify(manifest) });
  return { files, manifestKey };
}
