import { isObject } from '../../../result.js';
import { ruleHolds } from '../choice-rules.js';
import { applyInputPath, bindings, finishState, pathRoots } from '../dataflow.js';
import { StateFailure } from '../failure.js';
import { evaluateTemplate, unexpectedType } from '../jsonata.js';
import type { Step, StepResult } from '../runtime.js';

/**
 * Choice: the first rule that holds gives the next state, and its own Assign (and JSONata Output);
 * Default takes the state-level Assign and Output. No rule and no Default: States.NoChoiceMatched.
 */

type Rule = Record<string, unknown>;

async function holds(step: Step, rule: Rule, input: unknown): Promise<boolean> {
  if (step.state.language === 'JSONPath') return ruleHolds(rule, pathRoots(step, input));
  const value = await evaluateTemplate(rule.Condition, bindings(step), 'Condition');
  if (typeof value !== 'boolean') throw unexpectedType(String(rule.Condition), 'Condition', 'boolean', value);
  return value;
}

/** The step as the matched rule finishes it: the rule's Assign and Output instead of the state's. */
function withRuleFields(step: Step, rule: Rule): Step {
  const { Assign: _assign, Output: _output, ...fields } = step.state.fields;
  if ('Assign' in rule) fields.Assign = rule.Assign;
  if ('Output' in rule) fields.Output = rule.Output;
  return { ...step, state: { ...step.state, fields } };
}

export async function executeChoice(step: Step): Promise<StepResult> {
  const { fields } = step.state;
  const input = step.state.language === 'JSONPath' ? applyInputPath(step) : step.input;
  const rules = Array.isArray(fields.Choices) ? fields.Choices.filter(isObject) : [];
  for (const rule of rules) {
    if (!(await holds(step, rule, input))) continue;
    const finished = await finishState(withRuleFields(step, rule), input, 'input');
    return { ...finished, next: String(rule.Next) };
  }
  if (typeof fields.Default !== 'string') {
    throw new StateFailure(
      'States.NoChoiceMatched',
      `No Choice rule of the state '${step.state.name}' matched its input, and the state has no Default`,
    );
  }
  const finished = await finishState(step, input, 'input');
  return { ...finished, next: fields.Default };
}
