import { effectiveInput } from '../dataflow.js';
import { RunAborted } from '../failure.js';
import { childFrame, runChildren } from '../frames.js';
import { compoundStep, runFrame } from '../interpreter.js';
import type { Step, StepResult } from '../runtime.js';

/**
 * Parallel: every branch gets the state's effective input in a scope of its own; the result is the
 * branches' outputs in order. The first failing branch aborts the others and fails the state with its
 * error. History as AWS records it: ParallelStateStarted, the branches' events, then ParallelStateFailed
 * on failure (there is no ParallelStateSucceeded).
 */
export function executeParallel(step: Step): Promise<StepResult> {
  return compoundStep(step, () => runBranches(step));
}

async function runBranches(step: Step): Promise<unknown[]> {
  const { frame, state } = step;
  const branches = state.branches ?? [];
  const input = await effectiveInput(step);
  frame.thread.add('ParallelStateStarted');
  const threads = branches.map(() => frame.thread.fork());
  const outcomes = await runChildren(
    { count: branches.length, concurrency: 0, signal: frame.signal },
    (i, signal) =>
      runFrame(
        childFrame(frame, branches[i]!, `${frame.key}/${state.name}/${i}`, { signal, thread: threads[i]! }),
        input,
      ),
  );
  frame.thread.last = Math.max(frame.thread.last, ...threads.map((t) => t.last));
  if (frame.signal.aborted) throw new RunAborted();
  const failed = outcomes.find((o) => o.kind === 'failed');
  if (failed) throw failed.failure;
  return outcomes.map((o) => (o.kind === 'ok' ? o.output : null));
}
