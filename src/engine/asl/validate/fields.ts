import { child } from './diagnostics.js';
import type { StateCheck } from './context.js';

/**
 * Which fields each state type takes, and which belong to one query language only (the Step Functions
 * developer guide pages state-pass … state-map, and transforming-data for JSONata states, which "cannot use
 * InputPath, Parameters, ResultSelector, ResultPath, OutputPath").
 */

export const STATE_TYPES = ['Task', 'Wait', 'Pass', 'Succeed', 'Fail', 'Choice', 'Parallel', 'Map'] as const;
export type StateType = (typeof STATE_TYPES)[number];

const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const IO = ['InputPath', 'OutputPath'];
const RESULT = ['Parameters', 'ResultSelector', 'ResultPath', 'Arguments', 'Output', 'Assign'];
const ERRORS = ['Retry', 'Catch'];

export const STATE_FIELDS: Record<StateType, readonly string[]> = {
  Pass: [...COMMON, ...FLOW, ...IO, 'Parameters', 'ResultPath', 'Result', 'Output', 'Assign'],
  Task: [
    ...COMMON,
    ...FLOW,
    ...IO,
    ...RESULT,
    ...ERRORS,
    'Resource',
    'TimeoutSeconds',
    'TimeoutSecondsPath',
    'HeartbeatSeconds',
    'HeartbeatSecondsPath',
    'Credentials',
  ],
  Choice: [...COMMON, ...IO, 'Choices', 'Default', 'Output', 'Assign'],
  Wait: [
    ...COMMON,
    ...FLOW,
    ...IO,
    'Seconds',
    'SecondsPath',
    'Timestamp',
    'TimestampPath',
    'Output',
    'Assign',
  ],
  Succeed: [...COMMON, ...IO, 'Output'],
  Fail: [...COMMON, 'Error', 'ErrorPath', 'Cause', 'CausePath'],
  Parallel: [...COMMON, ...FLOW, ...IO, ...RESULT, ...ERRORS, 'Branches'],
  // No Arguments on Map: AWS's field table gives Arguments to Task and Parallel only (aws/agent-toolkit-for-aws,
  // aws-step-functions references/processing-state-inputs-and-outputs.md); Map's items go through ItemSelector.
  Map: [
    ...COMMON,
    ...FLOW,
    ...IO,
    ...RESULT.filter((f) => f !== 'Arguments'),
    ...ERRORS,
    'ItemProcessor',
    'Iterator',
    'ItemsPath',
    'Items',
    'ItemSelector',
    'ItemReader',
    'ItemBatcher',
    'ResultWriter',
    'MaxConcurrency',
    'MaxConcurrencyPath',
    'ToleratedFailurePercentage',
    'ToleratedFailurePercentagePath',
    'ToleratedFailureCount',
    'ToleratedFailureCountPath',
    'Label',
  ],
};

/** Fields of JSONPath states only. */
export const JSONPATH_ONLY = [
  'InputPath',
  'OutputPath',
  'Parameters',
  'ResultSelector',
  'ResultPath',
  'ItemsPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'SecondsPath',
  'TimestampPath',
  'MaxConcurrencyPath',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCountPath',
  'ErrorPath',
  'CausePath',
];

/** Fields of JSONata states only. */
export const JSONATA_ONLY = ['Arguments', 'Output', 'Items'];

/** Unknown fields, and fields of the other query language, each named with where it is. */
export function checkFieldNames(c: StateCheck, type: StateType): void {
  const allowed = STATE_FIELDS[type];
  for (const field of Object.keys(c.state)) {
    if (!allowed.includes(field)) {
      c.problems.schema(`Field '${field}' is not supported`, child(c.at, field));
      continue;
    }
    const other = c.language === 'JSONata' ? JSONPATH_ONLY : JSONATA_ONLY;
    if (other.includes(field)) {
      const wanted = c.language === 'JSONata' ? 'JSONPath' : 'JSONata';
      c.problems.schema(
        `The QueryLanguage is set to '${c.language}', but field '${field}' is only supported for the '${wanted}' QueryLanguage`,
        c.at,
      );
    }
  }
}

/** Two fields of which at most one may be given (Seconds/SecondsPath, Error/ErrorPath …). */
export function atMostOne(c: StateCheck, fields: readonly string[], at = c.at): void {
  const given = fields.filter((f) => c.state[f] !== undefined);
  if (given.length > 1)
    c.problems.schema(`Only one of the fields ${given.map((f) => `'${f}'`).join(', ')} may be given`, at);
}
