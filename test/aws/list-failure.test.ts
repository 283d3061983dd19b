import { describe, expect, it } from 'vitest';
import { isUnreachable, listFailureMessage, stepFunctionsEndpoint } from '../../src/aws/list-failure.js';

const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
const noHost = Object.assign(new Error('getaddrinfo ENOTFOUND states.eu-west-9.amazonaws.com'), {
  code: 'ENOTFOUND',
});
const denied = Object.assign(new Error('User is not authorized to perform states:ListStateMachines'), {
  name: 'AccessDeniedException',
});

describe('listFailureMessage', () => {
  it("names AWS's own endpoint and the region setting when no endpoint is configured", () => {
    const message = listFailureMessage(noHost, { region: 'eu-west-9' });
    expect(message).toBe(
      "Could not reach AWS Step Functions at https://states.eu-west-9.amazonaws.com (AWS's endpoint for " +
        'eu-west-9, the region set by AWS_REGION / --aws-region): getaddrinfo ENOTFOUND states.eu-west-9.amazonaws.com. ' +
        'Check that this endpoint is right and reachable from this host (network, proxy, VPC endpoint, firewall).',
    );
  });

  it('prefers the Step Functions endpoint over the general one', () => {
    const aws = { region: 'us-east-1', endpoint: 'http://a:1', sfnEndpoint: 'http://b:2' };
    expect(stepFunctionsEndpoint(aws)).toEqual({
      url: 'http://b:2',
      setting: 'AWS_ENDPOINT_URL_SFN / --sfn-endpoint-url',
    });
    expect(listFailureMessage(refused, aws)).toContain(
      'at http://b:2 (set by AWS_ENDPOINT_URL_SFN / --sfn-endpoint-url)',
    );
  });

  it('points at credentials, region and permission for anything else', () => {
    expect(isUnreachable(denied)).toBe(false);
    const message = listFailureMessage(denied, { region: 'us-east-1' });
    expect(message).toContain(
      'Could not list the AWS Step Functions state machines: AccessDeniedException: User is not',
    );
    expect(message).toContain('the states:ListStateMachines permission');
  });
});
