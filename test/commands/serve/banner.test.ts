import { describe, expect, it } from 'vitest';
import { httpBanner, httpStartFields } from '../../../src/commands/serve/banner.js';

describe('the HTTP start-up banner', () => {
  it('gives the URL and how to connect', () => {
    const text = httpBanner('http://127.0.0.1:3000/mcp');
    expect(text.split('\n')[0]).toBe('MCP server (Streamable HTTP) listening on http://127.0.0.1:3000/mcp');
    expect(text).toContain('enter http://127.0.0.1:3000/mcp)');
    expect(text).not.toContain('Local Step Functions engine');
    expect(text.endsWith('Press Ctrl+C to stop.\n')).toBe(true);
  });

  it('names the local engine and its folder in --local mode', () => {
    const text = httpBanner('http://127.0.0.1:3000/mcp', {
      endpoint: 'http://127.0.0.1:4583',
      dir: 'machines',
    });
    expect(text.split('\n')[1]).toBe('Local Step Functions engine on http://127.0.0.1:4583 serving machines');
  });

  it('logs which authentication is on, never the secrets', () => {
    const http = { url: 'http://h/mcp', resourceUrl: 'https://r/mcp' };
    const fields = httpStartFields(http, {
      staticTokens: [{ token: 'sekrit' }],
      oauth: { issuer: 'https://issuer', requiredScopes: [] },
      toolRules: [],
    });
    expect(fields).toEqual({
      transport: 'http',
      url: 'http://h/mcp',
      resource: 'https://r/mcp',
      auth: ['static-tokens', 'oauth'],
      toolScopes: true,
    });
    expect(JSON.stringify(fields)).not.toContain('sekrit');
    expect(httpStartFields(http, { staticTokens: [] })).toMatchObject({ auth: [], toolScopes: false });
  });
});
