import { taskResourceParts } from '../../aws/arn.js';
import { detailsOf, jsonText, type HistoryThread } from './history.js';

/**
 * The history events of one Task attempt, as AWS writes them: `Task*` events with the integration's
 * resourceType and resource (`lambda` / `invoke`, `aws-sdk:dynamodb` / `putItem`, `sqs` /
 * `sendMessage.waitForTaskToken`), or `LambdaFunction*` events for a Resource that is a Lambda
 * function ARN (the legacy integration).
 */

export interface Scheduled {
  parameters: unknown;
  timeoutInSeconds?: number;
  heartbeatInSeconds?: number;
  roleArn?: string;
}

export interface TaskEvents {
  scheduled(s: Scheduled): void;
  started(): void;
  submitted(output: unknown): void;
  succeeded(output: unknown): void;
  failed(error: string | undefined, cause: string | undefined): void;
  timedOut(): void;
}

function resourceOf(resource: string): { resourceType: string; resource: string } {
  const parts = taskResourceParts(resource);
  // aws-sdk:<service>:<action> is reported as resourceType aws-sdk:<service>, resource <action>.
  if (parts.resourceType === 'aws-sdk') {
    const at = parts.resource.indexOf(':');
    if (at > 0)
      return {
        resourceType: `aws-sdk:${parts.resource.slice(0, at)}`,
        resource: parts.resource.slice(at + 1),
      };
  }
  return parts;
}

function errorFields(error: string | undefined, cause: string | undefined): Record<string, string> {
  return { ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) };
}

function lambdaFunctionEvents(thread: HistoryThread, arn: string): TaskEvents {
  const add = (type: string, details: Record<string, unknown> = {}): void => {
    thread.add(type, Object.keys(details).length ? detailsOf(type, details) : {});
  };
  return {
    scheduled: (s) =>
      add('LambdaFunctionScheduled', {
        resource: arn,
        input: jsonText(s.parameters),
        inputDetails: { truncated: false },
        ...(s.timeoutInSeconds !== undefined ? { timeoutInSeconds: s.timeoutInSeconds } : {}),
        ...(s.roleArn !== undefined ? { taskCredentials: { roleArn: s.roleArn } } : {}),
      }),
    started: () => add('LambdaFunctionStarted'),
    submitted: () => undefined,
    succeeded: (output) =>
      add('LambdaFunctionSucceeded', { output: jsonText(output), outputDetails: { truncated: false } }),
    failed: (error, cause) => add('LambdaFunctionFailed', errorFields(error, cause)),
    timedOut: () => add('LambdaFunctionTimedOut', { error: 'States.Timeout' }),
  };
}

export function taskEvents(thread: HistoryThread, resource: string, region: string): TaskEvents {
  const named = resourceOf(resource);
  if (named.resourceType === 'lambda' && named.resource.startsWith('arn:'))
    return lambdaFunctionEvents(thread, resource);
  const add = (type: string, details: Record<string, unknown> = {}): void => {
    thread.add(type, detailsOf(type, { ...named, ...details }));
  };
  const output = (value: unknown) => ({ output: jsonText(value), outputDetails: { truncated: false } });
  return {
    scheduled: (s) =>
      add('TaskScheduled', {
        region,
        parameters: jsonText(s.parameters),
        ...(s.timeoutInSeconds !== undefined ? { timeoutInSeconds: s.timeoutInSeconds } : {}),
        ...(s.heartbeatInSeconds !== undefined ? { heartbeatInSeconds: s.heartbeatInSeconds } : {}),
        ...(s.roleArn !== undefined ? { taskCredentials: { roleArn: s.roleArn } } : {}),
      }),
    started: () => add('TaskStarted'),
    submitted: (value) => add('TaskSubmitted', output(value)),
    succeeded: (value) => add('TaskSucceeded', output(value)),
    failed: (error, cause) => add('TaskFailed', errorFields(error, cause)),
    timedOut: () => add('TaskTimedOut', { error: 'States.Timeout' }),
  };
}
