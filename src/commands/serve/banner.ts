/** What the person who started the server over HTTP reads on stdout (stdout is free over HTTP). */
import type { HttpAuthSettings } from '../../mcp/auth/index.js';
import type { RunningHttpServer } from '../../mcp/http/index.js';

export function httpBanner(url: string, localEngine?: { endpoint: string; dir: string }): string {
  return [
    `MCP server (Streamable HTTP) listening on ${url}`,
    ...(localEngine
      ? [`Local Step Functions engine on ${localEngine.endpoint} serving ${localEngine.dir}`]
      : []),
    `Connect a client to that URL with the Streamable HTTP transport, for example the MCP Inspector:`,
    `  npx @modelcontextprotocol/inspector   (then choose "Streamable HTTP" and enter ${url})`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

/** The start-up log line's fields: where, and which authentication is on (never the secrets). */
export function httpStartFields(
  http: Pick<RunningHttpServer, 'url' | 'resourceUrl'>,
  auth: HttpAuthSettings,
): Record<string, unknown> {
  return {
    transport: 'http',
    url: http.url,
    resource: http.resourceUrl,
    auth: [...(auth.staticTokens.length > 0 ? ['static-tokens'] : []), ...(auth.oauth ? ['oauth'] : [])],
    toolScopes: auth.toolRules !== undefined,
  };
}
