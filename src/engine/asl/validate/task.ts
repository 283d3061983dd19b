import { isObject } from '../../../result.js';
import { taskResourceParts } from '../../../aws/arn.js';
import { isJsonataExpression } from '../jsonata.js';
import { child } from './diagnostics.js';
import { checkDynamicValue, checkJsonataTemplate, checkLiteralOrJsonata, checkPath } from './expressions.js';
import { atMostOne } from './fields.js';
import { isPositiveInteger, MAX_SECONDS, wrongValue, type StateCheck } from './context.js';

/** Task states (state-task in the developer guide): Resource, timeouts, Credentials, Express limits. */

function checkSeconds(c: StateCheck, field: 'TimeoutSeconds' | 'HeartbeatSeconds'): void {
  atMostOne(c, [field, `${field}Path`]);
  const value = c.state[field];
  if (value !== undefined)
    checkLiteralOrJsonata(c, value, field, child(c.at, field), {
      what: `a whole number of seconds from 1 to ${MAX_SECONDS}`,
      test: (v) => isPositiveInteger(v) && v <= MAX_SECONDS,
    });
  const path = c.state[`${field}Path`];
  if (path !== undefined) checkPath(c, path, `${field}Path`, child(c.at, `${field}Path`), 'path');
}

function checkTimeouts(c: StateCheck): void {
  checkSeconds(c, 'TimeoutSeconds');
  checkSeconds(c, 'HeartbeatSeconds');
  const timeout = c.state.TimeoutSeconds ?? MAX_SECONDS;
  const heartbeat = c.state.HeartbeatSeconds;
  if (typeof timeout === 'number' && typeof heartbeat === 'number' && heartbeat >= timeout)
    c.problems.schema(
      `HeartbeatSeconds (${heartbeat}) must be smaller than TimeoutSeconds (${timeout})`,
      child(c.at, 'HeartbeatSeconds'),
    );
}

/** Credentials: `RoleArn` (JSONPath: or `RoleArn.$`), the role the Task assumes. */
function checkCredentials(c: StateCheck): void {
  const value = c.state.Credentials;
  const at = child(c.at, 'Credentials');
  if (!isObject(value)) {
    wrongValue(c, 'Credentials', 'an object with RoleArn', at);
    return;
  }
  const dynamic = c.language === 'JSONPath' && value['RoleArn.$'] !== undefined;
  if (value.RoleArn === undefined && !dynamic)
    c.problems.schema("The field 'RoleArn' is required but was missing", at);
  if (dynamic) checkDynamicValue(c, 'RoleArn.$', value['RoleArn.$'], at);
  else if (value.RoleArn !== undefined && typeof value.RoleArn !== 'string')
    wrongValue(c, 'RoleArn', 'a string', child(at, 'RoleArn'));
  if (c.language === 'JSONata') checkJsonataTemplate(c, value, at);
}

/** What an EXPRESS machine cannot run (AWS's texts, recorded in test_sfn_api_validation.snapshot.json). */
function checkExpress(c: StateCheck, resource: string): void {
  const at = child(c.at, 'Resource');
  if (resource.endsWith('.waitForTaskToken'))
    c.problems.schema("Express state machine does not support '.waitForTaskToken' service integration ", at);
  else if (/\.sync(:\d+)?$/.test(resource))
    c.problems.schema("Express state machine does not support '.sync' service integration", at);
  else if (taskResourceParts(resource).resourceType === 'states' && resource.includes(':activity:'))
    c.problems.schema('Express state machine does not support Activity ARN', at);
}

export function checkTask(c: StateCheck): void {
  const resource = c.state.Resource;
  const at = child(c.at, 'Resource');
  if (resource === undefined) c.problems.schema("The field 'Resource' is required but was missing", c.at);
  else if (typeof resource !== 'string') wrongValue(c, 'Resource', 'a string', at);
  else if (
    !(c.language === 'JSONata' && isJsonataExpression(resource)) &&
    taskResourceParts(resource).resourceType === 'local'
  )
    c.problems.schema(
      `Value is not a valid resource ARN: '${resource}' (expected arn:<partition>:<service>:…)`,
      at,
    );
  else if (c.type === 'EXPRESS') checkExpress(c, resource);
  checkTimeouts(c);
  if (c.state.Credentials !== undefined) checkCredentials(c);
}
