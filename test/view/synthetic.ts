/**
 * A synthetic state machine of a given size for the picture's tests and benchmark: chains of Tasks with
 * Retry and Catch, Choices, a Wait, a Parallel with branches and a Map, so every kind of node and edge
 * appears. Handlers for the local engine make every Task succeed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

type State = Record<string, unknown>;

/** A definition with exactly `size` states (at least 12), nested ones included. */
export function syntheticDefinition(size = 60): { StartAt: string; States: Record<string, State> } {
  if (size < 12) throw new Error('a synthetic machine needs at least 12 states');
  const nested = 6; // 2 branches of 2 states, and a Map's 2 states
  const top = size - nested - 2; // the Parallel and the Map themselves
  const states: Record<string, State> = {};
  const name = (i: number) => `Step${String(i).padStart(2, '0')}`;
  const half = Math.floor(top / 2);
  for (let i = 1; i <= top; i++) {
    const next = i === half ? 'FanOut' : i === top ? undefined : name(i + 1);
    states[name(i)] = stepState(i, next, name, top);
  }
  states.FanOut = {
    Type: 'Parallel',
    Branches: [0, 1].map((b) => ({
      StartAt: `Branch${b}A`,
      States: { [`Branch${b}A`]: task(`Branch${b}B`), [`Branch${b}B`]: { Type: 'Pass', End: true } },
    })),
    ResultPath: '$.branches',
    Next: 'EachItem',
  };
  states.EachItem = {
    Type: 'Map',
    ItemsPath: '$.items',
    ItemProcessor: {
      ProcessorConfig: { Mode: 'INLINE' },
      StartAt: 'ItemWork',
      States: { ItemWork: task('ItemDone'), ItemDone: { Type: 'Pass', End: true } },
    },
    ResultPath: '$.mapped',
    Next: name(half + 1),
  };
  return { StartAt: name(1), States: states };
}

function task(next: string): State {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { 'Payload.$': '$' },
    ResultPath: null,
    Next: next,
  };
}

/** Every fifth step is a Choice, every seventh a Wait, the last one succeeds; the others are Tasks. */
function stepState(i: number, next: string | undefined, name: (i: number) => string, top: number): State {
  if (next === undefined) return { Type: 'Succeed' };
  if (i % 5 === 0) {
    return {
      Type: 'Choice',
      Choices: [{ Variable: '$.skip', BooleanEquals: true, Next: name(Math.min(i + 2, top)) }],
      Default: next,
    };
  }
  if (i % 7 === 0) return { Type: 'Wait', Seconds: 0, Next: next };
  const state = task(next);
  if (i % 3 === 0) state.Retry = [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 2, IntervalSeconds: 1 }];
  if (i % 4 === 0) state.Catch = [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: name(top) }];
  return state;
}

/** The names of every state, nested ones (Parallel branches, Map item processors) included. */
export function stateNames(states: Record<string, State>): string[] {
  const names: string[] = [];
  for (const [name, s] of Object.entries(states)) {
    names.push(name);
    for (const body of [...((s.Branches as unknown[]) ?? []), s.ItemProcessor ?? s.Iterator].filter(
      Boolean,
    )) {
      names.push(...stateNames((body as { States: Record<string, State> }).States));
    }
  }
  return names;
}

export const countStates = (states: Record<string, State>): number => stateNames(states).length;

/** A local-engine machine folder `<dir>/<name>` holding the synthetic machine (Standard). */
export async function writeSyntheticMachine(dir: string, name = 'synthetic-60', size = 60): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'definition.asl.json'), JSON.stringify(syntheticDefinition(size), null, 2));
  await writeFile(
    join(folder, 'machine.json'),
    JSON.stringify({ type: 'STANDARD', description: 'A synthetic machine.' }),
  );
  await writeFile(
    join(folder, 'handlers.mjs'),
    "export default { 'arn:aws:states:::lambda:invoke': async (input) => input };\n",
  );
  return folder;
}
