/**
 * What to tell an operator when the state machines cannot be listed: which endpoint could not be
 * reached and which setting points there, or which credentials, region and permission to check. Used by
 * the bridge (the answer to tools/list and tools/call before any catalogue) and by the `list` command,
 * so both say the same. Pure.
 */
import { settingLabel, type AwsConfig } from '../config/index.js';
import { awsErrorInfo, awsErrorText } from './errors.js';

/** Error names that mean the service was never reached: no connection, no such host, no answer in time. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
]);

export function isUnreachable(error: unknown): boolean {
  return UNREACHABLE.has(awsErrorInfo(error).name);
}

/** Where Step Functions requests go, and the setting that sent them there (none: AWS's own endpoint). */
export function stepFunctionsEndpoint(aws: AwsConfig): { url: string; setting?: string } {
  if (aws.sfnEndpoint) return { url: aws.sfnEndpoint, setting: settingLabel('sfnEndpointUrl') };
  if (aws.endpoint) return { url: aws.endpoint, setting: settingLabel('endpointUrl') };
  return { url: `https://states.${aws.region}.amazonaws.com`, setting: undefined };
}

export function listFailureMessage(error: unknown, aws: AwsConfig): string {
  const what = awsErrorText(error);
  if (isUnreachable(error)) {
    const { url, setting } = stepFunctionsEndpoint(aws);
    const from = setting
      ? `set by ${setting}`
      : `AWS's endpoint for ${aws.region}, the region set by ${settingLabel('awsRegion')}`;
    return (
      `Could not reach AWS Step Functions at ${url} (${from}): ${what}. ` +
      'Check that this endpoint is right and reachable from this host (network, proxy, VPC endpoint, firewall).'
    );
  }
  return (
    `Could not list the AWS Step Functions state machines: ${what}. ` +
    `Check the credentials (${settingLabel('awsProfile')}), the region (${settingLabel('awsRegion')}) ` +
    'and the states:ListStateMachines permission.'
  );
}
