import { isObject } from '../../result.js';
import { StateFailure } from './failure.js';
import { jsonText } from './history.js';
import { evaluateIntrinsic } from './intrinsics.js';
import { evaluateTemplate, isJsonataExpression, type JsonataBindings } from './jsonata.js';
import { readPath, writePath, type PathRoots } from './jsonpath.js';
import type { Catcher } from './model.js';
import type { Step } from './runtime.js';
import { StatesError } from './states-error.js';

/**
 * A state's data flow (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html,
 * .../transforming-data.html). JSONPath: InputPath → Parameters → [work] → ResultSelector → Assign →
 * ResultPath → OutputPath, where Assign reads the result and ResultPath/OutputPath still see the variables
 * from before the state. JSONata: Arguments → [work] → Assign and Output, both from `$states.input`,
 * `$states.result` and the variables from before the state.
 */

export function pathRoots(step: Step, input: unknown): PathRoots {
  return { input, context: step.context, variables: step.variables };
}

export function bindings(
  step: Step,
  extra: { result?: unknown; errorOutput?: unknown } = {},
): JsonataBindings {
  return { states: { input: step.input, context: step.context, ...extra }, variables: step.variables };
}

/**
 * A field whose value is a path or an intrinsic function (`value.$` in a payload, ErrorPath, CausePath); a
 * missing path gets AWS's wording, which names the field.
 */
export function dynamicValue(expression: unknown, roots: PathRoots, key: string): unknown {
  if (typeof expression !== 'string') return expression;
  if (expression.startsWith('States.')) return evaluateIntrinsic(expression, roots);
  try {
    return readPath(expression, roots);
  } catch (err) {
    if (!(err instanceof StatesError) || err.error !== 'States.Runtime') throw err;
    throw new StatesError(
      'States.Runtime',
      `The JSONPath '${expression}' specified for the field '${key}' could not be found in the input '${jsonText(roots.input)}'`,
    );
  }
}

/** A JSONPath payload template: keys ending in `.$` take the value their path or intrinsic gives. */
export function payload(template: unknown, roots: PathRoots): unknown {
  if (Array.isArray(template)) return template.map((item) => payload(item, roots));
  if (!isObject(template)) return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) out[key.slice(0, -2)] = dynamicValue(value, roots, key);
    else out[key] = payload(value, roots);
  }
  return out;
}

/** InputPath: absent = the whole input, null = `{}`. */
export function applyInputPath(step: Step): unknown {
  const path = step.state.fields.InputPath;
  if (path === undefined) return step.input;
  if (path === null) return {};
  return readPath(path as string, pathRoots(step, step.input));
}

/** What the state works on: JSONPath InputPath + Parameters, or JSONata Arguments. */
export async function effectiveInput(step: Step, template = 'Parameters'): Promise<unknown> {
  const { fields } = step.state;
  if (step.state.language === 'JSONata') {
    return 'Arguments' in fields
      ? evaluateTemplate(fields.Arguments, bindings(step), 'Arguments')
      : step.input;
  }
  const afterInputPath = applyInputPath(step);
  return template in fields ? payload(fields[template], pathRoots(step, afterInputPath)) : afterInputPath;
}

/** JSONPath ResultPath and OutputPath over the state's raw input and its result. */
function placeResult(step: Step, result: unknown, resultPath: unknown): unknown {
  let combined: unknown;
  if (resultPath === undefined || resultPath === '$') combined = result;
  else if (resultPath === null) combined = step.input;
  else combined = writePath(resultPath as string, step.input, result);
  const outputPath = step.state.fields.OutputPath;
  if (outputPath === undefined) return combined;
  if (outputPath === null) return {};
  return readPath(outputPath as string, pathRoots(step, combined));
}

async function assignments(
  step: Step,
  assign: unknown,
  value: unknown,
  extra: { result?: unknown; errorOutput?: unknown },
): Promise<Record<string, unknown> | undefined> {
  if (!isObject(assign)) return undefined;
  const assigned =
    step.state.language === 'JSONata'
      ? await evaluateTemplate(assign, bindings(step, extra), 'Assign')
      : payload(assign, pathRoots(step, value));
  return assigned as Record<string, unknown>;
}

export interface Finished {
  output: unknown;
  assigned?: Record<string, unknown>;
}

/**
 * The state's output and assignments from its result. `kind` says what a JSONata state outputs without
 * `Output`: its result (Task, Map, Parallel) or its input (the other states).
 */
export async function finishState(step: Step, result: unknown, kind: 'result' | 'input'): Promise<Finished> {
  const { fields, language } = step.state;
  if (language === 'JSONata') {
    const extra = kind === 'result' ? { result } : {};
    const assigned = await assignments(step, fields.Assign, undefined, extra);
    const output =
      'Output' in fields
        ? await evaluateTemplate(fields.Output, bindings(step, extra), 'Output')
        : kind === 'result'
          ? result
          : step.input;
    return { output, ...(assigned ? { assigned } : {}) };
  }
  const selected =
    'ResultSelector' in fields ? payload(fields.ResultSelector, pathRoots(step, result)) : result;
  const assigned = await assignments(step, fields.Assign, selected, {});
  const output = placeResult(step, selected, fields.ResultPath);
  return { output, ...(assigned ? { assigned } : {}) };
}

/** A Catcher's output and assignments from the error output (its Assign replaces the state's). */
export async function catcherResult(step: Step, catcher: Catcher, failure: StateFailure): Promise<Finished> {
  const errorOutput = failure.errorOutput();
  const assigned = await assignments(step, catcher.assign, errorOutput, { errorOutput });
  if (step.state.language === 'JSONata') {
    const output =
      catcher.output !== undefined
        ? await evaluateTemplate(catcher.output, bindings(step, { errorOutput }), 'Output')
        : errorOutput;
    return { output, ...(assigned ? { assigned } : {}) };
  }
  let output: unknown;
  if (catcher.resultPath === undefined || catcher.resultPath === '$') output = errorOutput;
  else if (catcher.resultPath === null) output = step.input;
  else output = writePath(catcher.resultPath, step.input, errorOutput);
  return { output, ...(assigned ? { assigned } : {}) };
}

/** A field that may be a JSONata expression in a JSONata state (Seconds, TimeoutSeconds, Error, ...). */
export async function fieldValue(step: Step, value: unknown, field: string): Promise<unknown> {
  if (step.state.language === 'JSONata' && isJsonataExpression(value))
    return evaluateTemplate(value, bindings(step), field);
  return value;
}

/** A JSONPath `...Path` field read against the state's input after InputPath (or the raw input). */
export function pathValue(step: Step, path: string, input: unknown = step.input): unknown {
  if (path.startsWith('States.')) return evaluateIntrinsic(path, pathRoots(step, input));
  return readPath(path, pathRoots(step, input));
}

/** States.Runtime with AWS's wording, e.g. for a path that gives the wrong type. */
export function runtimeError(cause: string): StateFailure {
  return new StateFailure('States.Runtime', cause, { terminal: true });
}
