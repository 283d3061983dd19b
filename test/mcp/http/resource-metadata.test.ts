/** The RFC 9728 document over HTTP (src/mcp/http/resource-metadata.ts): methods, CORS and caching. */
import { describe, expect, it } from 'vitest';
import { resourceMetadataResponse } from '../../../src/mcp/http/resource-metadata.js';

const document = {
  resource: 'https://mcp.example.com/mcp',
  authorization_servers: ['https://id.example.com'],
};

describe('resourceMetadataResponse', () => {
  it('serves the document to GET, readable cross-origin and cacheable', async () => {
    const res = resourceMetadataResponse('GET', document);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await res.json()).toEqual(document);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = resourceMetadataResponse('HEAD', document);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.text()).toBe('');
  });

  it('answers a CORS preflight 204 with the methods allowed', () => {
    const res = resourceMetadataResponse('OPTIONS', document);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
  });

  it('refuses other methods 405, naming the allowed ones', () => {
    const res = resourceMetadataResponse('POST', document);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });
});
