import { child } from './diagnostics.js';
import { checkDynamicValue, checkLiteralOrJsonata, checkPath } from './expressions.js';
import { atMostOne } from './fields.js';
import { isNonNegativeInteger, MAX_SECONDS, type StateCheck } from './context.js';

/** Pass, Wait and Fail (state-pass, state-wait, state-fail in the developer guide). */

/**
 * The timestamp form the States Language requires: RFC 3339, an uppercase T between date and time, and Z or a
 * numeric offset.
 */
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function checkPass(_c: StateCheck): void {
  // Result may be any JSON value; the data-flow fields are checked for every state.
}

export function checkWait(c: StateCheck): void {
  const fields = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'];
  const given = fields.filter((f) => c.state[f] !== undefined);
  if (given.length === 0)
    c.problems.schema(
      "A Wait state needs one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath'",
      c.at,
    );
  atMostOne(c, fields);
  const at = (f: string): string => child(c.at, f);
  if (c.state.Seconds !== undefined)
    checkLiteralOrJsonata(c, c.state.Seconds, 'Seconds', at('Seconds'), {
      what: `a whole number of seconds from 0 to ${MAX_SECONDS}`,
      test: (v) => isNonNegativeInteger(v) && v <= MAX_SECONDS,
    });
  if (c.state.Timestamp !== undefined)
    checkLiteralOrJsonata(c, c.state.Timestamp, 'Timestamp', at('Timestamp'), {
      what: 'an ISO-8601 timestamp such as 2016-03-14T01:59:00Z',
      test: (v) => typeof v === 'string' && TIMESTAMP.test(v),
    });
  for (const f of ['SecondsPath', 'TimestampPath'])
    if (c.state[f] !== undefined) checkPath(c, c.state[f], f, at(f), 'path');
}

export function checkFail(c: StateCheck): void {
  atMostOne(c, ['Error', 'ErrorPath']);
  atMostOne(c, ['Cause', 'CausePath']);
  for (const f of ['Error', 'Cause']) {
    if (c.state[f] === undefined) continue;
    checkLiteralOrJsonata(c, c.state[f], f, child(c.at, f), {
      what: 'a string',
      test: (v) => typeof v === 'string',
    });
  }
  for (const f of ['ErrorPath', 'CausePath'])
    if (c.state[f] !== undefined) checkDynamicValue(c, f, c.state[f], child(c.at, f));
}
