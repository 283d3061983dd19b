import { isObject } from '../../result.js';

/**
 * A definition as the interpreter reads it: states with their query language resolved and their Retry and
 * Catch fields parsed, nested Parallel branches and Map processors compiled the same way. Built once per
 * definition from a definition the validator accepted; every field keeps its JSON value, so payload
 * templates and expressions are evaluated as written.
 */

export type QueryLanguage = 'JSONPath' | 'JSONata';
export type StateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';
type Json = Record<string, unknown>;

export interface Retrier {
  errorEquals: string[];
  intervalSeconds: number;
  maxAttempts: number;
  backoffRate: number;
  maxDelaySeconds?: number;
  jitter: 'FULL' | 'NONE';
}

export interface Catcher {
  errorEquals: string[];
  next: string;
  /** JSONPath only: absent = `$`, null = discard the error output. */
  resultPath?: string | null;
  /** JSONata only: the Catcher's `Output`. */
  output?: unknown;
  assign?: Json;
}

/** A list of states with its start: the machine, a Parallel branch or a Map's ItemProcessor. */
export interface Program {
  startAt: string;
  states: ReadonlyMap<string, State>;
}

export interface State {
  name: string;
  type: StateType;
  language: QueryLanguage;
  /** The state's own fields, as written. */
  fields: Json;
  next?: string;
  end: boolean;
  retry: Retrier[];
  catch: Catcher[];
  /** Parallel: one program per branch. */
  branches?: Program[];
  /** Map: the ItemProcessor (or the legacy Iterator). */
  processor?: Program;
}

export interface Machine extends Program {
  language: QueryLanguage;
  timeoutSeconds?: number;
  comment?: string;
}

const STATE_TYPES: readonly StateType[] = [
  'Pass',
  'Task',
  'Choice',
  'Wait',
  'Succeed',
  'Fail',
  'Parallel',
  'Map',
];

function languageOf(value: unknown): QueryLanguage | undefined {
  return value === 'JSONata' || value === 'JSONPath' ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

function retriers(value: unknown): Retrier[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((r) => ({
    errorEquals: strings(r.ErrorEquals),
    intervalSeconds: num(r.IntervalSeconds, 1),
    maxAttempts: num(r.MaxAttempts, 3),
    backoffRate: num(r.BackoffRate, 2),
    ...(typeof r.MaxDelaySeconds === 'number' ? { maxDelaySeconds: r.MaxDelaySeconds } : {}),
    jitter: r.JitterStrategy === 'FULL' ? 'FULL' : 'NONE',
  }));
}

function catchers(value: unknown): Catcher[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((c) => ({
    errorEquals: strings(c.ErrorEquals),
    next: typeof c.Next === 'string' ? c.Next : '',
    ...('ResultPath' in c ? { resultPath: typeof c.ResultPath === 'string' ? c.ResultPath : null } : {}),
    ...('Output' in c ? { output: c.Output } : {}),
    ...(isObject(c.Assign) ? { assign: c.Assign } : {}),
  }));
}

function compileState(name: string, fields: Json, top: QueryLanguage): State {
  const type = STATE_TYPES.includes(fields.Type as StateType) ? (fields.Type as StateType) : 'Pass';
  const state: State = {
    name,
    type,
    // A state inherits the machine's language, not its enclosing Map's or Parallel's.
    language: languageOf(fields.QueryLanguage) ?? top,
    fields,
    ...(typeof fields.Next === 'string' ? { next: fields.Next } : {}),
    end: fields.End === true || type === 'Succeed' || type === 'Fail',
    retry: retriers(fields.Retry),
    catch: catchers(fields.Catch),
  };
  if (type === 'Parallel' && Array.isArray(fields.Branches))
    state.branches = fields.Branches.filter(isObject).map((b) => compileProgram(b, top));
  if (type === 'Map') {
    const processor = isObject(fields.ItemProcessor) ? fields.ItemProcessor : fields.Iterator;
    if (isObject(processor)) state.processor = compileProgram(processor, top);
  }
  return state;
}

function compileProgram(json: Json, top: QueryLanguage): Program {
  const states = new Map<string, State>();
  if (isObject(json.States)) {
    for (const [name, fields] of Object.entries(json.States))
      if (isObject(fields)) states.set(name, compileState(name, fields, top));
  }
  return { startAt: typeof json.StartAt === 'string' ? json.StartAt : '', states };
}

/** Compiles a definition the validator accepted. */
export function compileMachine(definition: Json): Machine {
  const language = languageOf(definition.QueryLanguage) ?? 'JSONPath';
  return {
    ...compileProgram(definition, language),
    language,
    ...(typeof definition.TimeoutSeconds === 'number' ? { timeoutSeconds: definition.TimeoutSeconds } : {}),
    ...(typeof definition.Comment === 'string' ? { comment: definition.Comment } : {}),
  };
}

/** Every state of a program, nested ones included, for indexes such as "which states are Tasks". */
export function allStates(program: Program): State[] {
  const out: State[] = [];
  for (const state of program.states.values()) {
    out.push(state);
    for (const branch of state.branches ?? []) out.push(...allStates(branch));
    if (state.processor) out.push(...allStates(state.processor));
  }
  return out;
}
