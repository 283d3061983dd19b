import {
  applyInputPath,
  bindings,
  fieldValue,
  pathRoots,
  pathValue,
  payload,
  runtimeError,
} from './dataflow.js';
import { evaluateTemplate, unexpectedType } from './jsonata.js';
import type { Step } from './runtime.js';

/**
 * A Map state's items and what each iteration gets (https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html):
 * JSONPath InputPath → ItemsPath → ItemSelector (or the legacy Parameters) per item; JSONata `Items` →
 * `ItemSelector` with `$states.context.Map.Item`.
 */

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** The Map's input after InputPath (JSONPath), which ItemSelector's `$` reads. */
export function mapInput(step: Step): unknown {
  return step.state.language === 'JSONPath' ? applyInputPath(step) : step.input;
}

/** The items of an inline Map. */
export async function inlineItems(step: Step, input: unknown): Promise<unknown[]> {
  const { fields, language } = step.state;
  if (language === 'JSONata') {
    const items = 'Items' in fields ? await evaluateTemplate(fields.Items, bindings(step), 'Items') : input;
    if (!Array.isArray(items)) throw unexpectedType(String(fields.Items), 'Items', 'array', items);
    return items;
  }
  const path = typeof fields.ItemsPath === 'string' ? fields.ItemsPath : '$';
  const items = pathValue(step, path, input);
  if (!Array.isArray(items))
    throw runtimeError(
      `The ItemsPath '${path}' of the Map state must select an array, but selected ${typeName(items)}`,
    );
  return items;
}

/** One iteration's input: the item, or what ItemSelector (or Parameters) makes of it. */
export async function iterationInput(
  step: Step,
  input: unknown,
  item: unknown,
  index: number,
): Promise<unknown> {
  const { fields } = step.state;
  const selector = 'ItemSelector' in fields ? fields.ItemSelector : fields.Parameters;
  if (selector === undefined) return item;
  const context = {
    ...step.context,
    Map: { Item: { Index: index, Value: item } },
  };
  const itemStep: Step = { ...step, context };
  if (step.state.language === 'JSONata')
    return evaluateTemplate(selector, bindings(itemStep), 'ItemSelector');
  return payload(selector, pathRoots(itemStep, input));
}

/** MaxConcurrency (or MaxConcurrencyPath, or a JSONata expression); 0 = no limit. */
export async function maxConcurrency(step: Step, input: unknown): Promise<number> {
  const { fields } = step.state;
  const value =
    typeof fields.MaxConcurrencyPath === 'string'
      ? pathValue(step, fields.MaxConcurrencyPath, input)
      : await fieldValue(step, fields.MaxConcurrency ?? 0, 'MaxConcurrency');
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw runtimeError(
      `The MaxConcurrency of the Map state must be a non-negative integer, got ${JSON.stringify(value)}`,
    );
  return value;
}
