import type { StateMachineType } from '@aws-sdk/client-sfn';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { errorMessage, isObject } from '../result.js';
import { ApiError } from './errors.js';
import { checkDefinitionText, checkDefinitionValue } from './validate.js';

/**
 * Checks an ASL definition the way CreateStateMachine does (src/engine/asl/validate/, through validate.ts),
 * refuses what the execution library would silently ignore, and indexes the states the runner needs by name.
 */

const MAX_DEFINITION_CHARS = 1_048_576;

export interface WaitSpec {
  seconds?: number;
  timestamp?: string;
}

export interface RetrySpec {
  intervalSeconds: number;
  maxDelaySeconds?: number;
}

export interface CheckedDefinition {
  /** The library's runnable machine, built once and reused for every execution. */
  runnable: StateMachine;
  comment?: string;
  /** Task state name -> its Resource (first one wins when nested states share a name). */
  tasks: Map<string, string>;
  /** Wait state name -> fixed duration, for `waitScale`; SecondsPath/TimestampPath waits are absent. */
  waits: Map<string, WaitSpec>;
  /** State name -> its retriers' intervals, for `waitScale`. */
  retries: Map<string, RetrySpec[]>;
}

type Json = Record<string, unknown>;

function invalid(reason: string): ApiError {
  return new ApiError('InvalidDefinition', `Invalid State Machine Definition: ${reason}`);
}

// Fields AWS accepts but aws-local-stepfunctions would ignore, which would
// make a run quietly differ from AWS. Refusing them is more honest.
const UNSUPPORTED_STATE_FIELDS: Record<string, string> = {
  Assign: 'variables (Assign) are not supported by the local engine',
  Arguments: 'JSONata Arguments are not supported by the local engine',
  Output: 'JSONata Output is not supported by the local engine',
  Items: 'JSONata Items are not supported by the local engine',
  ItemReader: 'Distributed Map ItemReader is not supported by the local engine',
  ItemBatcher: 'Distributed Map ItemBatcher is not supported by the local engine',
  ResultWriter: 'Distributed Map ResultWriter is not supported by the local engine',
  ToleratedFailurePercentage: 'Distributed Map tolerated failures are not supported by the local engine',
  ToleratedFailurePercentagePath: 'Distributed Map tolerated failures are not supported by the local engine',
  ToleratedFailureCount: 'Distributed Map tolerated failures are not supported by the local engine',
  ToleratedFailureCountPath: 'Distributed Map tolerated failures are not supported by the local engine',
  Credentials: 'Task Credentials are not supported by the local engine',
};

interface Index {
  tasks: Map<string, string>;
  waits: Map<string, WaitSpec>;
  retries: Map<string, RetrySpec[]>;
}

function walk(machine: Json, path: string, index: Index): void {
  if (machine.QueryLanguage === 'JSONata')
    throw invalid(
      `${path || '/'}: JSONata (QueryLanguage) is not supported by the local engine; use JSONPath`,
    );
  const states = isObject(machine.States) ? machine.States : {};
  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    const where = `${path}/States/${name}`;
    if (state.QueryLanguage === 'JSONata')
      throw invalid(`${where}: JSONata (QueryLanguage) is not supported by the local engine; use JSONPath`);
    for (const [field, reason] of Object.entries(UNSUPPORTED_STATE_FIELDS)) {
      if (field in state) throw invalid(`${where}/${field}: ${reason}`);
    }
    for (const list of [state.Choices, state.Catch]) {
      if (
        Array.isArray(list) &&
        list.some((rule) => isObject(rule) && ('Assign' in rule || 'Output' in rule))
      ) {
        throw invalid(
          `${where}: variables (Assign) and JSONata Output are not supported by the local engine`,
        );
      }
    }
    if (state.Type === 'Task' && typeof state.Resource === 'string' && !index.tasks.has(name))
      index.tasks.set(name, state.Resource);
    if (state.Type === 'Wait' && !index.waits.has(name)) {
      if (typeof state.Seconds === 'number') index.waits.set(name, { seconds: state.Seconds });
      else if (typeof state.Timestamp === 'string') index.waits.set(name, { timestamp: state.Timestamp });
    }
    if (Array.isArray(state.Retry) && !index.retries.has(name)) {
      index.retries.set(
        name,
        state.Retry.filter(isObject).map((r) => ({
          intervalSeconds: typeof r.IntervalSeconds === 'number' ? r.IntervalSeconds : 1,
          ...(typeof r.MaxDelaySeconds === 'number' ? { maxDelaySeconds: r.MaxDelaySeconds } : {}),
        })),
      );
    }
    if (Array.isArray(state.Branches))
      state.Branches.forEach((b, i) => isObject(b) && walk(b, `${where}/Branches/${i}`, index));
    if (isObject(state.Iterator)) walk(state.Iterator, `${where}/Iterator`, index);
    if (isObject(state.ItemProcessor)) walk(state.ItemProcessor, `${where}/ItemProcessor`, index);
  }
}

// Checked definitions are kept by type and text: many machines share a definition in tests and
// benchmarks. A CheckedDefinition is read-only and its StateMachine runs independent executions.
const checkedByText = new Map<string, CheckedDefinition>();
const MAX_CACHED = 128;

/** Parses and checks a definition for a machine of `type`; throws InvalidDefinition with AWS's message. */
export function checkDefinition(text: string, type: StateMachineType = 'STANDARD'): CheckedDefinition {
  const key = `${type}\n${text}`;
  const cached = checkedByText.get(key);
  if (cached) return cached;
  if (text.length > MAX_DEFINITION_CHARS)
    throw invalid(`the definition is ${text.length} characters; at most ${MAX_DEFINITION_CHARS} are allowed`);
  const checked = indexDefinition(checkDefinitionText(text, type));
  if (checkedByText.size >= MAX_CACHED) checkedByText.delete(checkedByText.keys().next().value!);
  checkedByText.set(key, checked);
  return checked;
}

/** The same for a definition already parsed (a machine folder's definition.asl.json). */
export function checkDefinitionObject(
  parsed: unknown,
  type: StateMachineType = 'STANDARD',
): CheckedDefinition {
  return indexDefinition(checkDefinitionValue(parsed, type));
}

function indexDefinition(parsed: Record<string, unknown>): CheckedDefinition {
  const index: Index = { tasks: new Map(), waits: new Map(), retries: new Map() };
  walk(parsed, '', index);
  let runnable: StateMachine;
  try {
    // Already validated above (the library's own, older asl-validator would double the cost and refuse forms AWS accepts).
    runnable = new StateMachine(structuredClone(parsed) as unknown as StateMachineDefinition, {
      validationOptions: { noValidate: true },
    });
  } catch (err) {
    throw invalid(
      `valid ASL, but the local engine cannot run it: ${errorMessage(err).replace(/\s+/g, ' ').trim()}`,
    );
  }
  return {
    runnable,
    ...(typeof parsed.Comment === 'string' ? { comment: parsed.Comment } : {}),
    ...index,
  };
}
