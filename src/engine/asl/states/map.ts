import { isObject } from '../../../result.js';
import { RunAborted } from '../failure.js';
import { childFrame, runChildren } from '../frames.js';
import { detailsOf } from '../history.js';
import { compoundStep, runFrame } from '../interpreter.js';
import { inlineItems, iterationInput, mapInput, maxConcurrency } from '../map-items.js';
import type { Step, StepResult } from '../runtime.js';
import { executeDistributedMap } from './map-run.js';

/**
 * Map. Inline: one iteration per item in a scope of its own, at most MaxConcurrency at once; the first
 * failing iteration aborts the others and fails the state with its error. History as AWS records it:
 * MapStateStarted{length}, MapIterationStarted / Succeeded / Failed / Aborted{name, index}, then
 * MapStateSucceeded or MapStateFailed. A DISTRIBUTED ItemProcessor runs as a Map Run (map-run.ts).
 */

export function isDistributed(fields: Record<string, unknown>): boolean {
  const processor = fields.ItemProcessor;
  return (
    isObject(processor) &&
    isObject(processor.ProcessorConfig) &&
    processor.ProcessorConfig.Mode === 'DISTRIBUTED'
  );
}

export function executeMap(step: Step): Promise<StepResult> {
  return compoundStep(step, () =>
    isDistributed(step.state.fields) ? executeDistributedMap(step) : inlineMap(step),
  );
}

async function inlineMap(step: Step): Promise<unknown[]> {
  const { frame, state } = step;
  const input = mapInput(step);
  const items = await inlineItems(step, input);
  const concurrency = await maxConcurrency(step, input);
  const inputs: unknown[] = [];
  for (const [index, item] of items.entries()) inputs.push(await iterationInput(step, input, item, index));
  frame.thread.add('MapStateStarted', detailsOf('MapStateStarted', { length: items.length }));
  const started = frame.thread.last;
  const iteration = (type: string, index: number, thread = frame.thread): number =>
    thread.add(type, detailsOf(type, { name: state.name, index }));
  const threads = items.map(() => frame.thread.fork());
  const outcomes = await runChildren(
    { count: items.length, concurrency, signal: frame.signal },
    async (index, signal) => {
      const thread = threads[index]!;
      thread.last = Math.max(started, frame.thread.last);
      iteration('MapIterationStarted', index, thread);
      const child = childFrame(frame, state.processor!, `${frame.key}/${state.name}/${index}`, {
        signal,
        thread,
      });
      try {
        const output = await runFrame(child, inputs[index]);
        iteration('MapIterationSucceeded', index, thread);
        return output;
      } catch (err) {
        if (!(err instanceof RunAborted)) iteration('MapIterationFailed', index, thread);
        else if (!frame.run.signal.aborted) iteration('MapIterationAborted', index, thread);
        throw err;
      }
    },
  );
  frame.thread.last = Math.max(frame.thread.last, ...threads.map((t) => t.last));
  if (frame.signal.aborted) throw new RunAborted();
  const failed = outcomes.find((o) => o.kind === 'failed');
  if (failed) throw failed.failure;
  frame.thread.add('MapStateSucceeded');
  return outcomes.map((o) => (o.kind === 'ok' ? o.output : null));
}
