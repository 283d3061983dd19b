/**
 * The authentication settings of the HTTP endpoint, from the configuration: static tokens (listed and
 * from a file), OAuth, the tool-scope mapping and the resource URL. Unsafe or contradictory settings
 * are refused at start with a ConfigError naming the setting to change.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, settingLabel, type Config } from '../../config/index.js';
import { errorMessage } from '../../result.js';
import { isLoopbackHost, isSecureOrLoopbackUrl } from './hosts.js';
import { parseToolScopes, type ToolScopeRule } from './tool-scopes.js';

export interface StaticTokenEntry {
  token: string;
  /** Scopes given on the token's line in the tokens file; unset = every tool. */
  scopes?: string[];
}

export interface OAuthSettings {
  issuer: string;
  jwksUrl?: string;
  /** Unset = the resource URL. */
  audience?: string;
  requiredScopes: string[];
}

export interface HttpAuthSettings {
  staticTokens: StaticTokenEntry[];
  oauth?: OAuthSettings;
  toolRules?: ToolScopeRule[];
  /** The configured public URL of /mcp; unset = derived from the bound address. */
  resourceUrl?: string;
}

type HttpConfig = Config['http'];

/**
 * One token per line; `#` starts a comment; blank lines are skipped. A line may name scopes after
 * the token (`<token> scope1 scope2`), which the tool-scope mapping then applies to.
 */
export function parseTokensFile(text: string): StaticTokenEntry[] {
  const entries: StaticTokenEntry[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const [token = '', ...scopes] = line.split(/\s+/);
    entries.push({ token, ...(scopes.length > 0 ? { scopes } : {}) });
  }
  return entries;
}

/** The authentication settings, or a ConfigError naming the setting to change. */
export function resolveHttpAuth(config: Config): HttpAuthSettings {
  const http = config.http;
  const settings: HttpAuthSettings = { staticTokens: staticTokensOf(config.authTokens, http.authTokensFile) };
  if (http.resourceUrl) settings.resourceUrl = http.resourceUrl;
  if (http.oauthIssuer) settings.oauth = oauthSettings(http, http.oauthIssuer, config.host);
  else refuseOAuthWithoutIssuer(http);
  if (http.toolScopes) settings.toolRules = toolRulesOf(http.toolScopes);
  const authenticated = settings.staticTokens.length > 0 || settings.oauth !== undefined;
  if (!authenticated && !isLoopbackHost(config.host) && !http.allowUnauthenticated) {
    throw new ConfigError(
      `${settingLabel('host')}: refusing to serve ${config.host} (not a loopback address) without authentication; ` +
        `set ${settingLabel('authTokens')}, ${settingLabel('authTokensFile')} or ${settingLabel('oauthIssuer')}, ` +
        `or allow it explicitly with ${settingLabel('allowUnauthenticated')} set to true`,
    );
  }
  return settings;
}

/** The listed tokens, then those of the tokens file. */
function staticTokensOf(listed: string[], file: string | undefined): StaticTokenEntry[] {
  const entries: StaticTokenEntry[] = listed.map((token) => ({ token }));
  if (!file) return entries;
  const label = settingLabel('authTokensFile');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${label}: cannot read '${file}': ${errnoCode(error) ?? errorMessage(error)}`);
  }
  const fromFile = parseTokensFile(text);
  if (fromFile.length === 0) {
    throw new ConfigError(`${label}: '${file}' holds no tokens (one per line, # for comments)`);
  }
  return [...entries, ...fromFile];
}

/** The system error code of a failed file read (ENOENT, EACCES...), when there is one. */
function errnoCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function oauthSettings(http: HttpConfig, issuerUrl: string, host: string): OAuthSettings {
  const issuer = new URL(issuerUrl);
  if (!isSecureOrLoopbackUrl(issuer)) {
    throw new ConfigError(
      `${settingLabel('oauthIssuer')}: '${issuerUrl}' must be an https URL (plain http is allowed for loopback issuers only)`,
    );
  }
  if (http.oauthJwksUrl && !isSecureOrLoopbackUrl(http.oauthJwksUrl)) {
    throw new ConfigError(
      `${settingLabel('oauthJwksUrl')}: '${http.oauthJwksUrl}' must be an https URL (plain http is allowed for loopback hosts only)`,
    );
  }
  if (issuer.search || issuer.hash) {
    throw new ConfigError(`${settingLabel('oauthIssuer')}: '${issuerUrl}' must not have a query or fragment`);
  }
  if (!http.resourceUrl && !isLoopbackHost(host)) {
    throw new ConfigError(
      `${settingLabel('resourceUrl')}: required with ${settingLabel('oauthIssuer')} when binding ${host}; set it to the public URL clients use, e.g. https://mcp.example.com/mcp`,
    );
  }
  return {
    issuer: issuerUrl,
    requiredScopes: http.oauthScopes,
    ...(http.oauthJwksUrl ? { jwksUrl: http.oauthJwksUrl } : {}),
    ...(http.oauthAudience ? { audience: http.oauthAudience } : {}),
  };
}

/** OAuth details without an issuer would be silently ignored: refuse them instead. */
function refuseOAuthWithoutIssuer(http: HttpConfig): void {
  const given = [
    [http.oauthJwksUrl, 'oauthJwksUrl'],
    [http.oauthAudience, 'oauthAudience'],
    [http.oauthScopes.length > 0 ? 'set' : undefined, 'oauthScopes'],
  ] as const;
  for (const [value, key] of given) {
    if (value) {
      throw new ConfigError(
        `${settingLabel(key)}: has no effect without ${settingLabel('oauthIssuer')}; set the issuer too`,
      );
    }
  }
}

function toolRulesOf(spec: string): ToolScopeRule[] {
  try {
    return parseToolScopes(spec);
  } catch (error) {
    throw new ConfigError(
      `${settingLabel('toolScopes')}: ${errorMessage(error)}; the form is 'scope=glob|glob;scope2=glob'`,
    );
  }
}
