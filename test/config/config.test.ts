import { describe, expect, it } from 'vitest';
import {
  CHECKABLE_FORMATS,
  ConfigError,
  readSetting,
  resolveConfig,
  SETTINGS,
  settingLabel,
  splitList,
  type Config,
} from '../../src/config/index.js';

describe('resolveConfig', () => {
  it('uses the reference defaults when nothing is set', () => {
    const c = resolveConfig({}, {});
    expect(c.aws).toEqual({ region: 'us-east-1' });
    expect(c.selection).toEqual({
      prefix: '',
      list: [],
      tagKey: '',
      tagValue: '',
      eventEnvelope: 'detail',
      checkFormats: [],
    });
    expect(c.transport).toBe('stdio');
    expect(c.host).toBe('127.0.0.1');
    expect(c.stopOnCancel).toBe(false);
    expect(c.operations).toBe('none');
  });

  it('reads the operations level and the output schema tag, and refuses another level', () => {
    const c = resolveConfig(
      {},
      { SFN_MCP_OPERATIONS: 'read', SFN_MCP_OUTPUT_SCHEMA_ARN_TAG_KEY: 'OutSchema' },
    );
    expect(c.operations).toBe('read');
    expect(c.selection.outputSchemaArnTagKey).toBe('OutSchema');
    expect(() => resolveConfig({}, { SFN_MCP_OPERATIONS: 'write' })).toThrow(
      /SFN_MCP_OPERATIONS.*is not a level; use none, read or all/,
    );
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
      eventEnvelope: 'detail',
      checkFormats: [],
    });
  });

  it('falls back to AWS_DEFAULT_REGION and lets a flag win over the environment', () => {
    expect(resolveConfig({}, { AWS_DEFAULT_REGION: 'ap-south-1' }).aws.region).toBe('ap-south-1');
    expect(resolveConfig({ awsRegion: 'us-west-2' }, { AWS_REGION: 'eu-west-1' }).aws.region).toBe(
      'us-west-2',
    );
    expect(resolveConfig({ transport: 'http' }, { SFN_MCP_TRANSPORT: 'stdio' }).transport).toBe('http');
  });

  it('reads the schema settings: the event envelope mode, and the formats to check (deduplicated, `all`)', () => {
    expect(resolveConfig({}, { SFN_MCP_EVENT_ENVELOPE: 'full' }).selection.eventEnvelope).toBe('full');
    const formats = (value: string) =>
      resolveConfig({}, { SFN_MCP_CHECK_FORMATS: value }).selection.checkFormats;
    expect(formats(' date-time , email,date-time,')).toEqual(['date-time', 'email']);
    expect(formats('all')).toEqual([...CHECKABLE_FORMATS]);
    expect(formats('all')).toContain('date-time');
    expect(() => formats('datetime, email')).toThrow(
      /SFN_MCP_CHECK_FORMATS: 'datetime, email' is not allowed; 'datetime' is not a format; use date, time, date-time, .* or all$/,
    );
    expect(() => resolveConfig({}, { SFN_MCP_EVENT_ENVELOPE: 'envelope' })).toThrow(
      "SFN_MCP_EVENT_ENVELOPE: 'envelope' is not a mode; use detail or full",
    );
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

describe('the synchronous endpoint setting', () => {
  it('is unset by default', () => {
    expect(resolveConfig({}, {}).aws.syncEndpoint).toBeUndefined();
  });

  it('comes from SFN_MCP_SYNC_ENDPOINT_URL or --sync-endpoint-url, the flag winning', () => {
    const env = { SFN_MCP_SYNC_ENDPOINT_URL: 'https://sync-states.eu-west-1.amazonaws.com' };
    expect(resolveConfig({}, env).aws.syncEndpoint).toBe('https://sync-states.eu-west-1.amazonaws.com');
    expect(resolveConfig({ syncEndpointUrl: 'http://127.0.0.1:9' }, env).aws.syncEndpoint).toBe(
      'http://127.0.0.1:9',
    );
  });

  it('sits beside the other endpoints without changing them', () => {
    const c = resolveConfig(
      {},
      {
        AWS_ENDPOINT_URL_SFN: 'https://vpce-1.states.eu-west-1.vpce.amazonaws.com',
        SFN_MCP_SYNC_ENDPOINT_URL: 'https://vpce-1.sync-states.eu-west-1.vpce.amazonaws.com',
      },
    );
    expect(c.aws).toEqual({
      region: 'us-east-1',
      sfnEndpoint: 'https://vpce-1.states.eu-west-1.vpce.amazonaws.com',
      syncEndpoint: 'https://vpce-1.sync-states.eu-west-1.vpce.amazonaws.com',
    });
  });

  it.each([
    [
      {},
      { SFN_MCP_SYNC_ENDPOINT_URL: 'sync-states.amazonaws.com' },
      "SFN_MCP_SYNC_ENDPOINT_URL: 'sync-states.amazonaws.com' is not an http(s) URL",
    ],
    [
      {},
      { SFN_MCP_SYNC_ENDPOINT_URL: 'ftp://proxy' },
      "SFN_MCP_SYNC_ENDPOINT_URL: 'ftp://proxy' is not an http(s) URL",
    ],
    [{ syncEndpointUrl: 'nope' }, {}, "--sync-endpoint-url: 'nope' is not an http(s) URL"],
  ])('refuses a value that is not an http(s) URL (%j %j)', (flags, env, message) => {
    expect(() => resolveConfig(flags, env)).toThrow(new ConfigError(message));
  });
});

describe('every kind of setting', () => {
  it.each([
    [{ SFN_MCP_RESULT_TOOL: 'OFF' }, (c: Config) => c.resultTool, false],
    [{ SFN_MCP_STOP_ON_CANCEL: 'Yes' }, (c: Config) => c.stopOnCancel, true],
    [{ SFN_MCP_STOP_ON_CANCEL: '1' }, (c: Config) => c.stopOnCancel, true],
    [{ SFN_MCP_PORT: '65535' }, (c: Config) => c.port, 65535],
    [{ SFN_MCP_LOG_LEVEL: 'silent' }, (c: Config) => c.logLevel, 'silent'],
    [
      { SFN_MCP_ALLOWED_HOSTS: ' a.example ,, b.example ' },
      (c: Config) => c.http.allowedHosts,
      ['a.example', 'b.example'],
    ],
    [{ AWS_PROFILE: '  dev  ' }, (c: Config) => c.aws.profile, 'dev'],
    [{ AWS_PROFILE: '   ' }, (c: Config) => c.aws.profile, undefined],
  ])('reads %j', (env, read, value) => {
    expect(read(resolveConfig({}, env))).toEqual(value);
  });

  it.each([
    [{ SFN_MCP_PORT: '65536' }, "SFN_MCP_PORT: '65536' is not allowed; use a whole number from 0 to 65535"],
    [{ SFN_MCP_PORT: '1e3' }, "SFN_MCP_PORT: '1e3' is not allowed; use a whole number from 0 to 65535"],
    [
      { SFN_MCP_DISCOVERY_CONCURRENCY: '0' },
      "SFN_MCP_DISCOVERY_CONCURRENCY: '0' is not allowed; use a whole number from 1 to 256",
    ],
    [
      { SFN_MCP_LOG_LEVEL: 'loud' },
      "SFN_MCP_LOG_LEVEL: 'loud' is not a log level; use fatal, error, warn, info, debug, trace or silent",
    ],
    [{ SFN_MCP_OAUTH_ISSUER: 'issuer' }, "SFN_MCP_OAUTH_ISSUER: 'issuer' is not an http(s) URL"],
  ])('refuses %j', (env, message) => {
    expect(() => resolveConfig({}, env)).toThrow(new ConfigError(message));
  });

  it('takes the next variable when the first is empty', () => {
    expect(resolveConfig({}, { AWS_REGION: '', AWS_DEFAULT_REGION: 'eu-west-3' }).aws.region).toBe(
      'eu-west-3',
    );
    expect(resolveConfig({}, { AWS_REGION: ' ', AWS_DEFAULT_REGION: 'eu-west-3' }).aws.region).toBe(
      'eu-west-3',
    );
  });

  it('reads one setting alone', () => {
    expect(readSetting('logLevel', {}, { SFN_MCP_LOG_LEVEL: 'warn' })).toBe('warn');
    expect(readSetting('logLevel', {}, {})).toBe('info');
    expect(() => readSetting('logLevel', { logLevel: 'x' }, {})).toThrow(
      "--log-level: 'x' is not a log level",
    );
  });
});

describe('the settings table is the single source', () => {
  it('gives every setting a unique key, flag and variables, the key being the flag in camelCase', () => {
    const camel = (flag: string) => flag.slice(2).replace(/-(.)/g, (_m, c: string) => c.toUpperCase());
    for (const s of SETTINGS) expect(s.key).toBe(camel(s.flag));
    const envs = SETTINGS.flatMap((s) => s.env);
    expect(new Set(envs).size).toBe(envs.length);
    expect(new Set(SETTINGS.map((s) => s.flag)).size).toBe(SETTINGS.length);
  });

  it('labels a setting by its first variable and its flag', () => {
    expect(settingLabel('port')).toBe('SFN_MCP_PORT / --port');
    expect(settingLabel('awsRegion')).toBe('AWS_REGION / --aws-region');
    expect(settingLabel('syncEndpointUrl')).toBe('SFN_MCP_SYNC_ENDPOINT_URL / --sync-endpoint-url');
  });

  it('sets every Config field from a setting, and every setting reaches a field', () => {
    const defaults = resolveConfig({}, {});
    const allSet = resolveConfig({}, SAMPLES);
    // The local engine's static credentials are set by src/runtime.ts, never by a setting.
    const fields = leafPaths(allSet).filter((path) => path !== 'aws.credentials');
    const typeFields = Object.keys(CONFIG_FIELDS).sort();
    expect(fields.sort()).toEqual(typeFields);
    for (const path of fields) {
      expect(valueAt(allSet, path), `${path} is not set by any setting`).not.toEqual(valueAt(defaults, path));
    }
    for (const spec of SETTINGS) {
      const one = resolveConfig({}, { [spec.env[0]]: SAMPLES[spec.env[0]] });
      expect(one, `${spec.key} changes no Config field`).not.toEqual(defaults);
    }
  });
});

/** A valid value, different from the default, for every setting's first variable. */
const SAMPLES: Record<string, string> = {
  AWS_PROFILE: 'dev',
  AWS_REGION: 'eu-west-1',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
  AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:2',
  SFN_MCP_SYNC_ENDPOINT_URL: 'http://127.0.0.1:3',
  AWS_ENDPOINT_URL_SCHEMAS: 'http://127.0.0.1:4',
  STATE_MACHINE_PREFIX: 'app-',
  STATE_MACHINE_LIST: 'orders',
  STATE_MACHINE_TAG_KEY: 'team',
  STATE_MACHINE_TAG_VALUE: 'blue',
  STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: 'schema',
  SFN_MCP_OUTPUT_SCHEMA_ARN_TAG_KEY: 'output-schema',
  SFN_MCP_EVENT_ENVELOPE: 'full',
  SFN_MCP_CHECK_FORMATS: 'date-time',
  SFN_MCP_TRANSPORT: 'http',
  SFN_MCP_HOST: '0.0.0.0',
  SFN_MCP_PORT: '8080',
  SFN_MCP_LOCAL: 'machines',
  SFN_MCP_WAIT_BUDGET_SECONDS: '5',
  SFN_MCP_STOP_ON_CANCEL: 'true',
  SFN_MCP_DESCRIBE_RATE: '5',
  SFN_MCP_RESULT_TOOL: 'false',
  SFN_MCP_OPERATIONS: 'all',
  SFN_MCP_SCHEMA_IN_DESCRIPTION: 'true',
  SFN_MCP_TOOL_BUDGET: '0',
  SFN_MCP_REFRESH_SECONDS: '0',
  SFN_MCP_TAGS_IN_BULK: 'false',
  SFN_MCP_REFRESH_RECHECK_EVERY: '1',
  SFN_MCP_ANNOTATION_TAGS: 'true',
  SFN_MCP_DISCOVERY_CONCURRENCY: '4',
  SFN_MCP_CATALOG_CACHE: '/var/cache/sfn-mcp',
  SFN_MCP_API_QUOTAS: 'other,scale=2,DescribeStateMachine=40/400',
  SFN_MCP_AGENT_APPROVALS: 'true',
  SFN_MCP_START_UNCONFIRMED: 'true',
  SFN_MCP_REQUEST_STATE_KEY: 'a-long-shared-secret-for-request-state',
  SFN_MCP_AUTH_TOKENS: 'secret',
  SFN_MCP_AUTH_TOKENS_FILE: '/tokens',
  SFN_MCP_OAUTH_ISSUER: 'https://issuer.example',
  SFN_MCP_OAUTH_JWKS_URL: 'https://issuer.example/jwks',
  SFN_MCP_OAUTH_AUDIENCE: 'api',
  SFN_MCP_OAUTH_SCOPES: 'mcp',
  SFN_MCP_RESOURCE_URL: 'https://mcp.example/mcp',
  SFN_MCP_TOOL_SCOPES: 'mcp=*',
  SFN_MCP_ALLOWED_HOSTS: 'mcp.example',
  SFN_MCP_ALLOWED_ORIGINS: 'app.example',
  SFN_MCP_MAX_BODY_BYTES: '2048',
  SFN_MCP_MAX_HEADER_BYTES: '32768',
  SFN_MCP_ALLOW_UNAUTHENTICATED: 'true',
  SFN_MCP_SHUTDOWN_GRACE_SECONDS: '1',
  SFN_MCP_LOG_LEVEL: 'debug',
};

/**
 * Every field of Config (aws.credentials aside): the compiler insists on the whole list, so a field added to
 * Config must be added here, and then the test above fails until a setting sets it.
 */
const CONFIG_FIELDS: Record<Exclude<ConfigPath, 'aws.credentials'>, true> = {
  'aws.profile': true,
  'aws.region': true,
  'aws.endpoint': true,
  'aws.sfnEndpoint': true,
  'aws.schemasEndpoint': true,
  'aws.syncEndpoint': true,
  'selection.prefix': true,
  'selection.list': true,
  'selection.tagKey': true,
  'selection.tagValue': true,
  'selection.schemaArnTagKey': true,
  'selection.outputSchemaArnTagKey': true,
  'selection.eventEnvelope': true,
  'selection.checkFormats': true,
  transport: true,
  host: true,
  port: true,
  local: true,
  waitBudgetSeconds: true,
  stopOnCancel: true,
  refreshSeconds: true,
  authTokens: true,
  discoveryConcurrency: true,
  logLevel: true,
  describeRate: true,
  'apiQuotas.table': true,
  'apiQuotas.scale': true,
  'apiQuotas.overrides': true,
  catalogCache: true,
  resultTool: true,
  operations: true,
  schemaInDescription: true,
  toolBudget: true,
  tagsInBulk: true,
  annotationTags: true,
  refreshRecheckEvery: true,
  agentApprovals: true,
  startUnconfirmed: true,
  requestStateKey: true,
  'http.authTokensFile': true,
  'http.oauthIssuer': true,
  'http.oauthJwksUrl': true,
  'http.oauthAudience': true,
  'http.oauthScopes': true,
  'http.resourceUrl': true,
  'http.toolScopes': true,
  'http.allowedHosts': true,
  'http.allowedOrigins': true,
  'http.maxBodyBytes': true,
  'http.maxHeaderBytes': true,
  'http.allowUnauthenticated': true,
  'http.shutdownGraceSeconds': true,
};

type ConfigPath = {
  [K in keyof Config]-?: NonNullable<Config[K]> extends unknown[]
    ? K
    : NonNullable<Config[K]> extends object
      ? `${K}.${Extract<keyof NonNullable<Config[K]>, string>}`
      : K;
}[keyof Config];

function leafPaths(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, v]: [string, unknown]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? leafPaths(v, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

function valueAt(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
}
