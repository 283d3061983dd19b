import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig, splitList } from '../../src/config.js';

describe('resolveConfig', () => {
  it('uses the reference defaults when nothing is set', () => {
    const c = resolveConfig({}, {});
    expect(c.aws).toEqual({ region: 'us-east-1' });
    expect(c.selection).toEqual({ prefix: '', list: [], tagKey: '', tagValue: '' });
    expect(c.transport).toBe('stdio');
    expect(c.host).toBe('127.0.0.1');
    expect(c.stopOnCancel).toBe(false);
  });

  it('reads the reference variables', () => {
    const c = resolveConfig(
      {},
      {
        AWS_PROFILE: 'dev',
        AWS_REGION: 'eu-west-1',
        STATE_MACHINE_PREFIX: 'demo-',
        STATE_MACHINE_LIST: ' a, b ,,c ',
        STATE_MACHINE_TAG_KEY: 'team',
        STATE_MACHINE_TAG_VALUE: 'ops',
        STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: 'schema',
      },
    );
    expect(c.aws).toEqual({ profile: 'dev', region: 'eu-west-1' });
    expect(c.selection).toEqual({
      prefix: 'demo-',
      list: ['a', 'b', 'c'],
      tagKey: 'team',
      tagValue: 'ops',
      schemaArnTagKey: 'schema',
    });
  });

  it('falls back to AWS_DEFAULT_REGION and lets a flag win over the environment', () => {
    expect(resolveConfig({}, { AWS_DEFAULT_REGION: 'ap-south-1' }).aws.region).toBe('ap-south-1');
    expect(resolveConfig({ awsRegion: 'us-west-2' }, { AWS_REGION: 'eu-west-1' }).aws.region).toBe(
      'us-west-2',
    );
    expect(resolveConfig({ transport: 'http' }, { SFN_MCP_TRANSPORT: 'stdio' }).transport).toBe('http');
  });

  it('reads endpoint overrides', () => {
    const c = resolveConfig(
      {},
      { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:2' },
    );
    expect(c.aws.endpoint).toBe('http://127.0.0.1:1');
    expect(c.aws.sfnEndpoint).toBe('http://127.0.0.1:2');
  });

  it.each([
    [
      { SFN_MCP_TRANSPORT: 'websocket' },
      /SFN_MCP_TRANSPORT: 'websocket' is not a transport; use stdio or http/,
    ],
    [{ SFN_MCP_PORT: '-1' }, /SFN_MCP_PORT: '-1' is not allowed; use a whole number from 0 to 65535/],
    [{ SFN_MCP_WAIT_BUDGET_SECONDS: '1.5' }, /SFN_MCP_WAIT_BUDGET_SECONDS/],
    [
      { SFN_MCP_STOP_ON_CANCEL: 'maybe' },
      /SFN_MCP_STOP_ON_CANCEL: 'maybe' is not allowed; use true or false/,
    ],
    [{ AWS_ENDPOINT_URL: 'not a url' }, /AWS_ENDPOINT_URL: 'not a url' is not an http\(s\) URL/],
  ])('rejects %j with one clear line', (env, message) => {
    expect(() => resolveConfig({}, env)).toThrow(ConfigError);
    expect(() => resolveConfig({}, env)).toThrow(message);
  });

  it('names the flag when the bad value came from a flag', () => {
    expect(() => resolveConfig({ port: 'abc' }, {})).toThrow(/--port: 'abc'/);
  });
});

describe('splitList', () => {
  it('trims entries and drops empty ones', () => {
    expect(splitList(' x ,, y,')).toEqual(['x', 'y']);
    expect(splitList(undefined)).toEqual([]);
  });
});

describe('resolveConfig list validation', () => {
  it('accepts names and state machine, version and alias ARNs', () => {
    const list =
      'orders, arn:aws:states:us-east-1:123456789012:stateMachine:refunds, ' +
      'arn:aws:states:us-east-1:123456789012:stateMachine:refunds:3, arn:aws:states:us-east-1:123456789012:stateMachine:refunds:prod';
    expect(resolveConfig({}, { STATE_MACHINE_LIST: list }).selection.list).toHaveLength(4);
  });

  it('refuses a malformed ARN, naming the variable', () => {
    expect(() => resolveConfig({}, { STATE_MACHINE_LIST: 'ok, arn:aws:states:oops' })).toThrow(
      /^STATE_MACHINE_LIST: .*arn:aws:states:oops/,
    );
  });
});
