import { randomUUID } from 'node:crypto';
import { executionArn, mapRunArn } from '../../../aws/arn.js';
import { errorMessage, isObject } from '../../../result.js';
import { RunAborted, StateFailure, toStateFailure } from '../failure.js';
import { childFrame, runChildren } from '../frames.js';
import { HistoryThread, HistoryWriter, detailsOf } from '../history.js';
import { runFrame } from '../interpreter.js';
import { batches, checkInputType, itemsOf, readerFailed } from '../item-reader.js';
import { inlineItems, iterationInput, mapInput, maxConcurrency } from '../map-items.js';
import {
  batchPlan,
  exceeds,
  nestedArguments,
  readerPlan,
  tolerance,
  type Tolerance,
} from '../map-run-config.js';
import { resultFiles, transformed, writerConfig, type ChildResult } from '../result-writer.js';
import type { Step } from '../runtime.js';

/**
 * A Distributed Map (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html) run as a
 * Map Run: items from the input or from the ItemReader (the local S3 stand-in), ItemSelector per item,
 * ItemBatcher, one child execution per item or batch, the tolerated failures, and the ResultWriter. The
 * children run on this interpreter in scopes that see no outer variables; as on AWS, their events are not
 * in the parent's history, which records MapRunStarted and MapRunSucceeded / MapRunFailed.
 */

interface MapRun {
  step: Step;
  input: unknown;
  arn: string;
  runId: string;
  childMachine: string;
}

const THRESHOLD_CAUSE = 'The specified tolerated failure threshold was exceeded';

export async function executeDistributedMap(step: Step): Promise<unknown> {
  const { frame, state } = step;
  const input = mapInput(step);
  const reader = await readerPlan(step, input);
  const items = reader ? undefined : await inlineItems(step, input);
  const concurrency = await maxConcurrency(step, input);
  frame.thread.add('MapStateStarted', detailsOf('MapStateStarted', { length: items?.length ?? 0 }));
  const tolerated = await tolerance(step, input);
  const runId = randomUUID();
  const label = typeof state.fields.Label === 'string' ? state.fields.Label : runId;
  const run: MapRun = {
    step,
    input,
    runId,
    arn: mapRunArn(frame.run.scope, frame.run.id.machineName, label, runId),
    childMachine: `${frame.run.id.machineName}/${label}`,
  };
  frame.thread.add('MapRunStarted', detailsOf('MapRunStarted', { mapRunArn: run.arn }));
  try {
    const all = items ?? itemsOf(await readItems(run, reader!), reader!.config);
    const result = await runItems(run, all, concurrency, tolerated);
    frame.thread.add('MapRunSucceeded');
    frame.thread.add('MapStateSucceeded');
    return result;
  } catch (err) {
    if (err instanceof RunAborted || frame.signal.aborted) throw new RunAborted();
    const failure = toStateFailure(err);
    frame.thread.add(
      'MapRunFailed',
      detailsOf('MapRunFailed', {
        ...(failure.error !== undefined ? { error: failure.error } : {}),
        ...(failure.cause !== undefined ? { cause: failure.cause } : {}),
      }),
    );
    throw failure;
  }
}

async function readItems(run: MapRun, reader: NonNullable<Awaited<ReturnType<typeof readerPlan>>>) {
  const { frame } = run.step;
  checkInputType(reader.config);
  try {
    return await frame.run.items.read(
      {
        stateName: run.step.state.name,
        resource: reader.resource,
        arguments: reader.arguments,
        executionArn: frame.run.id.executionArn,
        executionName: frame.run.id.executionName,
      },
      frame.signal,
    );
  } catch (err) {
    if (frame.signal.aborted) throw new RunAborted();
    throw readerFailed(errorMessage(err));
  }
}

/** Each child's input: the items after ItemSelector, one each or batched. */
async function childInputs(run: MapRun, items: unknown[]): Promise<{ inputs: unknown[]; sizes: number[] }> {
  const selected: unknown[] = [];
  for (const [index, item] of items.entries())
    selected.push(await iterationInput(run.step, run.input, item, index));
  const plan = await batchPlan(run.step, run.input);
  if (!plan) return { inputs: selected, sizes: selected.map(() => 1) };
  const groups = batches(selected, plan.maxItems, plan.maxBytes);
  return {
    inputs: groups.map((Items) => ({
      ...(plan.batchInput !== undefined ? { BatchInput: plan.batchInput } : {}),
      Items,
    })),
    sizes: groups.map((g) => g.length),
  };
}

async function runItems(
  run: MapRun,
  items: unknown[],
  concurrency: number,
  tolerated: Tolerance,
): Promise<unknown> {
  const { frame, state } = run.step;
  const { inputs, sizes } = await childInputs(run, items);
  let failedItems = 0;
  const children: ChildResult[] = [];
  const outcomes = await runChildren(
    {
      count: inputs.length,
      concurrency,
      signal: frame.signal,
      tolerates: () => !exceeds(tolerated, failedItems, items.length),
    },
    async (index, signal) => {
      const name = randomUUID();
      const child: ChildResult = {
        executionArn: executionArn(frame.run.scope, 'standard', run.childMachine, name),
        name,
        input: inputs[index],
        startDate: new Date(),
        stopDate: new Date(),
      };
      children[index] = child;
      // The child's events go nowhere: on AWS they are in the child execution's own history.
      const thread = new HistoryThread(new HistoryWriter([]), 0);
      const key = `${frame.key}/${state.name}/${index}`;
      try {
        child.output = await runFrame(
          childFrame(frame, state.processor!, key, { signal, thread, isolated: true }),
          inputs[index],
        );
        return child.output;
      } catch (err) {
        if (!(err instanceof RunAborted)) {
          child.failure = toStateFailure(err);
          failedItems += sizes[index]!;
        }
        throw err;
      } finally {
        child.stopDate = new Date();
      }
    },
  );
  if (frame.signal.aborted) throw new RunAborted();
  if (outcomes.some((o) => o.kind === 'failed') && exceeds(tolerated, failedItems, items.length))
    throw new StateFailure('States.ExceedToleratedFailureThreshold', THRESHOLD_CAUSE);
  return results(
    run,
    children.filter((c): c is ChildResult => c !== undefined),
  );
}

/** The Map's result: the transformed results, or where the ResultWriter exported them. */
async function results(run: MapRun, children: ChildResult[]): Promise<unknown> {
  const { frame, state } = run.step;
  const writer = state.fields.ResultWriter;
  const config = writerConfig(writer);
  const machineArn = frame.run.id.machineArn;
  if (!isObject(writer) || typeof writer.Resource !== 'string')
    return transformed(children, config, machineArn);
  try {
    const args = await nestedArguments(run.step, writer, run.input, 'ResultWriter');
    const a = isObject(args) ? args : {};
    const where = {
      bucket: String(a.Bucket ?? ''),
      prefix: String(a.Prefix ?? ''),
      runId: run.runId,
      mapRunArn: run.arn,
    };
    const { files, manifestKey } = resultFiles(where, children, config, machineArn);
    const request = {
      stateName: state.name,
      resource: writer.Resource,
      arguments: args,
      executionArn: frame.run.id.executionArn,
      executionName: frame.run.id.executionName,
    };
    await frame.run.items.write(request, files, frame.signal);
    return { MapRunArn: run.arn, ResultWriterDetails: { Bucket: where.bucket, Key: manifestKey } };
  } catch (err) {
    if (frame.signal.aborted) throw new RunAborted();
    if (err instanceof StateFailure && err.flags.terminal) throw err;
    throw new StateFailure('States.ResultWriterFailed', errorMessage(err));
  }
}
