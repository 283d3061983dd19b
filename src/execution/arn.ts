/** Execution ARNs, read without any AWS call. Pure. */

export type ParsedExecutionArn =
  | {
      ok: true;
      kind: 'standard' | 'express';
      partition: string;
      region: string;
      accountId: string;
      machineName: string;
      executionName: string;
      /** The unqualified state machine ARN the execution belongs to. */
      machineArn: string;
    }
  | { ok: false; error: string };

const SHAPE = 'arn:<partition>:states:<region>:<account>:execution:<state machine name>:<execution name>';
// Names: 1-80 characters, no whitespace, no brackets, wildcards, special characters or colons.
const NAME = /^[^\s:<>{}[\]?*"#%\\^|~`$&,;/]{1,80}$/;

/**
 * Parses `arn:aws:states:us-east-1:123456789012:execution:Orders:mcp-…` (Standard) and
 * `arn:aws:states:…:express:Orders:<name>:<id>` (Express). Anything else is refused with the reason.
 */
export function parseExecutionArn(raw: unknown): ParsedExecutionArn {
  if (typeof raw !== 'string' || raw.trim() === '')
    return { ok: false, error: `an execution ARN is required, shaped ${SHAPE}` };
  const arn = raw.trim();
  const bad = (why: string): ParsedExecutionArn => ({
    ok: false,
    error: `"${arn.length > 300 ? `${arn.slice(0, 300)}…` : arn}" is not a Step Functions execution ARN (${why}); expected ${SHAPE}`,
  });
  const parts = arn.split(':');
  if (parts.length < 8 || parts[0] !== 'arn') return bad('too few colon-separated parts');
  const [, partition, service, region, accountId, type, machineName, executionName, ...rest] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    ...string[],
  ];
  if (!/^aws[a-z-]*$/.test(partition)) return bad(`the partition "${partition}" is not an AWS partition`);
  if (service !== 'states') return bad(`the service is "${service}", not "states"`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) return bad(`the region "${region}" is not a region name`);
  if (!/^\d{12}$/.test(accountId)) return bad(`the account "${accountId}" is not 12 digits`);
  if (type !== 'execution' && type !== 'express')
    return bad(`the resource type is "${type}", not "execution"`);
  if (!NAME.test(machineName)) return bad('the state machine name is missing or malformed');
  if (!NAME.test(executionName)) return bad('the execution name is missing or malformed');
  if (type === 'execution' && rest.length > 0) return bad('it has too many parts after the execution name');
  if (type === 'express' && rest.length !== 1) return bad('an Express execution ARN has one more part');
  return {
    ok: true,
    kind: type === 'express' ? 'express' : 'standard',
    partition,
    region,
    accountId,
    machineName,
    executionName,
    machineArn: `arn:${partition}:states:${region}:${accountId}:stateMachine:${machineName}`,
  };
}
