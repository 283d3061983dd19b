/**
 * Who may use the HTTP endpoint: static bearer tokens, OAuth 2.1 JWT access tokens, or both.
 * `resolveHttpAuth` turns the configuration into settings (and refuses unsafe ones at start);
 * `HttpAuthenticator` checks one request's Authorization header and answers exactly as the MCP
 * authorization specification asks: 401 with `WWW-Authenticate: Bearer resource_metadata="…"`
 * (plus `error="invalid_token"` when a token was presented), 403 `insufficient_scope` with the
 * scopes needed. Tokens are only compared and verified here; they are never logged and never
 * passed on to AWS.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  bearerAuthChallengeResponse,
  getOAuthProtectedResourceMetadataUrl,
  OAuthError,
  OAuthErrorCode,
  verifyBearerToken,
  type AuthInfo,
  type OAuthTokenVerifier,
} from '@modelcontextprotocol/server';
import type { JWTVerifyGetKey } from 'jose';
import { ConfigError, type Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { isLoopbackHost, isSecureOrLoopbackUrl } from './hosts.js';
import { issuerKeySet, KeySetUnavailableError, type IssuerKeySetOptions } from './jwks.js';
import { clientIdOf, JwtError, scopesOf, verifyAccessToken } from './jwt.js';
import { parseToolScopes, scopesOfRules, type ToolScopeRule } from './tool-scopes.js';

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

/** Seconds of clock skew accepted on exp and nbf. */
export const CLOCK_TOLERANCE_SECONDS = 60;

export { isLoopbackHost, isWildcardHost } from './hosts.js';

/**
 * One token per line; `#` starts a comment; blank lines are skipped. A line may name scopes after
 * the token (`<token> scope1 scope2`), which the tool-scope mapping then applies to.
 */
export function parseTokensFile(text: string): StaticTokenEntry[] {
  const entries: StaticTokenEntry[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const [token, ...scopes] = line.split(/\s+/);
    entries.push({ token: token!, ...(scopes.length > 0 ? { scopes } : {}) });
  }
  return entries;
}

/** The authentication settings, or a ConfigError naming the setting to change. */
export function resolveHttpAuth(config: Config): HttpAuthSettings {
  const http = config.http;
  const staticTokens: StaticTokenEntry[] = config.authTokens.map((token) => ({ token }));
  if (http.authTokensFile) {
    let text: string;
    try {
      text = readFileSync(http.authTokensFile, 'utf8');
    } catch (error) {
      throw new ConfigError(
        `SFN_MCP_AUTH_TOKENS_FILE / --auth-tokens-file: cannot read '${http.authTokensFile}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    const fromFile = parseTokensFile(text);
    if (fromFile.length === 0) {
      throw new ConfigError(
        `SFN_MCP_AUTH_TOKENS_FILE / --auth-tokens-file: '${http.authTokensFile}' holds no tokens (one per line, # for comments)`,
      );
    }
    staticTokens.push(...fromFile);
  }

  const settings: HttpAuthSettings = { staticTokens };
  if (http.resourceUrl) settings.resourceUrl = http.resourceUrl;

  if (http.oauthIssuer) {
    const issuer = new URL(http.oauthIssuer);
    if (!isSecureOrLoopbackUrl(issuer)) {
      throw new ConfigError(
        `SFN_MCP_OAUTH_ISSUER / --oauth-issuer: '${http.oauthIssuer}' must be an https URL (plain http is allowed for loopback issuers only)`,
      );
    }
    if (http.oauthJwksUrl && !isSecureOrLoopbackUrl(http.oauthJwksUrl)) {
      throw new ConfigError(
        `SFN_MCP_OAUTH_JWKS_URL / --oauth-jwks-url: '${http.oauthJwksUrl}' must be an https URL (plain http is allowed for loopback hosts only)`,
      );
    }
    if (issuer.search || issuer.hash) {
      throw new ConfigError(
        `SFN_MCP_OAUTH_ISSUER / --oauth-issuer: '${http.oauthIssuer}' must not have a query or fragment`,
      );
    }
    if (!http.resourceUrl && !isLoopbackHost(config.host)) {
      throw new ConfigError(
        `SFN_MCP_RESOURCE_URL / --resource-url: required with SFN_MCP_OAUTH_ISSUER when binding ${config.host}; set it to the public URL clients use, e.g. https://mcp.example.com/mcp`,
      );
    }
    settings.oauth = {
      issuer: http.oauthIssuer,
      requiredScopes: http.oauthScopes,
      ...(http.oauthJwksUrl ? { jwksUrl: http.oauthJwksUrl } : {}),
      ...(http.oauthAudience ? { audience: http.oauthAudience } : {}),
    };
  } else {
    for (const [value, name] of [
      [http.oauthJwksUrl, 'SFN_MCP_OAUTH_JWKS_URL / --oauth-jwks-url'],
      [http.oauthAudience, 'SFN_MCP_OAUTH_AUDIENCE / --oauth-audience'],
      [http.oauthScopes.length > 0 ? 'set' : undefined, 'SFN_MCP_OAUTH_SCOPES / --oauth-scopes'],
    ] as const) {
      if (value)
        throw new ConfigError(
          `${name}: has no effect without SFN_MCP_OAUTH_ISSUER / --oauth-issuer; set the issuer too`,
        );
    }
  }

  if (http.toolScopes) {
    try {
      settings.toolRules = parseToolScopes(http.toolScopes);
    } catch (error) {
      throw new ConfigError(
        `SFN_MCP_TOOL_SCOPES / --tool-scopes: ${(error as Error).message}; the form is 'scope=glob|glob;scope2=glob'`,
      );
    }
  }

  const authenticated = staticTokens.length > 0 || settings.oauth !== undefined;
  if (!authenticated && !isLoopbackHost(config.host) && !http.allowUnauthenticated) {
    throw new ConfigError(
      `SFN_MCP_HOST / --host: refusing to serve ${config.host} (not a loopback address) without authentication; ` +
        'set SFN_MCP_AUTH_TOKENS, SFN_MCP_AUTH_TOKENS_FILE or SFN_MCP_OAUTH_ISSUER, ' +
        'or allow it explicitly with SFN_MCP_ALLOW_UNAUTHENTICATED=true (--allow-unauthenticated)',
    );
  }
  return settings;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Static tokens, compared in constant time over fixed-length digests (so length leaks nothing). */
export class StaticTokens {
  private readonly digests: Array<{ digest: Buffer; entry: StaticTokenEntry }>;
  constructor(entries: StaticTokenEntry[]) {
    this.digests = entries.map((entry) => ({ digest: digest(entry.token), entry }));
  }
  get size(): number {
    return this.digests.length;
  }
  match(token: string): StaticTokenEntry | undefined {
    const presented = digest(token);
    let found: StaticTokenEntry | undefined;
    // Every entry is compared, whichever matches, so timing says nothing about which one did.
    for (const d of this.digests) if (timingSafeEqual(presented, d.digest)) found ??= d.entry;
    return found;
  }
}

/** Marks an AuthInfo: how it was verified, and whether the tool-scope mapping applies to it. */
export interface AuthExtra extends Record<string, unknown> {
  kind: 'static' | 'oauth';
  /** True for a static token without scopes: it may use every tool. */
  unrestricted: boolean;
  subject?: string;
}

export function authExtra(info: AuthInfo | undefined): AuthExtra | undefined {
  return info?.extra as AuthExtra | undefined;
}

/** OAuthTokenVerifier over static tokens and, when configured, JWT access tokens. */
class AccessTokenVerifier implements OAuthTokenVerifier {
  constructor(
    private readonly staticTokens: StaticTokens,
    private readonly jwt:
      | {
          keys: JWTVerifyGetKey;
          issuer: string;
          audiences: string[];
          clientIdAudience?: string;
          resource: URL;
        }
      | undefined,
  ) {}

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const entry = this.staticTokens.match(token);
    if (entry) {
      const extra: AuthExtra = { kind: 'static', unrestricted: entry.scopes === undefined };
      return {
        token,
        clientId: `static:${digest(token).toString('hex').slice(0, 8)}`,
        scopes: entry.scopes ?? [],
        // Static tokens do not expire; the SDK's bearer check wants an expiry all the same.
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
        extra,
      };
    }
    if (!this.jwt) throw new OAuthError(OAuthErrorCode.InvalidToken, 'Unknown bearer token');
    try {
      const claims = await verifyAccessToken(token, this.jwt.keys, {
        issuer: this.jwt.issuer,
        audiences: this.jwt.audiences,
        ...(this.jwt.clientIdAudience !== undefined ? { clientIdAudience: this.jwt.clientIdAudience } : {}),
        clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
      });
      const extra: AuthExtra = {
        kind: 'oauth',
        unrestricted: false,
        ...(typeof claims.sub === 'string' ? { subject: claims.sub } : {}),
      };
      return {
        token,
        clientId: clientIdOf(claims),
        scopes: scopesOf(claims),
        // The SDK compares expiresAt with its own clock: give it the skew we accept as well.
        expiresAt: (claims.exp as number) + CLOCK_TOLERANCE_SECONDS,
        resource: this.jwt.resource,
        extra,
      };
    } catch (error) {
      if (error instanceof JwtError) throw new OAuthError(OAuthErrorCode.InvalidToken, error.message);
      throw error;
    }
  }
}

/** What authenticate() decided: go on (with the caller, if any) or answer with this response. */
export type AuthOutcome = { ok: true; authInfo?: AuthInfo } | { ok: false; response: Response };

export class HttpAuthenticator {
  readonly enabled: boolean;
  /** RFC 9728 document URL (OAuth only). */
  readonly resourceMetadataUrl: string | undefined;
  private readonly verifier: AccessTokenVerifier;
  private readonly requiredScopes: string[];
  private readonly metadata: Record<string, unknown> | undefined;

  /** `keySet` tunes the issuer's key set (clock, failure cooldown, timeout); tests set it. */
  constructor(
    private readonly settings: HttpAuthSettings,
    readonly resourceUrl: URL,
    private readonly log: Logger,
    keySet: Pick<IssuerKeySetOptions, 'now' | 'failureCooldownMs' | 'timeoutMs'> = {},
  ) {
    const oauth = settings.oauth;
    this.enabled = settings.staticTokens.length > 0 || oauth !== undefined;
    this.requiredScopes = oauth?.requiredScopes ?? [];
    this.verifier = new AccessTokenVerifier(
      new StaticTokens(settings.staticTokens),
      oauth
        ? {
            keys: issuerKeySet({
              ...keySet,
              issuer: oauth.issuer,
              log,
              ...(oauth.jwksUrl ? { jwksUrl: oauth.jwksUrl } : {}),
            }),
            issuer: oauth.issuer,
            audiences: [oauth.audience ?? resourceUrl.href],
            // Cognito access tokens have no aud: an explicitly configured audience may name the app client.
            ...(oauth.audience !== undefined ? { clientIdAudience: oauth.audience } : {}),
            resource: resourceUrl,
          }
        : undefined,
    );
    if (oauth) {
      this.resourceMetadataUrl = getOAuthProtectedResourceMetadataUrl(resourceUrl);
      const scopes = [...new Set([...oauth.requiredScopes, ...scopesOfRules(settings.toolRules ?? [])])];
      this.metadata = {
        resource: resourceUrl.href,
        authorization_servers: [oauth.issuer],
        ...(scopes.length > 0 ? { scopes_supported: scopes } : {}),
        bearer_methods_supported: ['header'],
        resource_name: 'AWS Step Functions tools (stepfunctions-tool-mcp-server)',
      };
    } else {
      this.resourceMetadataUrl = undefined;
      this.metadata = undefined;
    }
  }

  /** The RFC 9728 protected-resource metadata document, when OAuth is configured. */
  protectedResourceMetadata(): Record<string, unknown> | undefined {
    return this.metadata;
  }

  /** Paths the metadata document is served at: the bare well-known path and the path-suffixed one. */
  metadataPaths(): string[] {
    if (!this.metadata) return [];
    const suffixed = new URL(this.resourceMetadataUrl!).pathname;
    return [
      ...new Set([
        '/.well-known/oauth-protected-resource',
        suffixed,
        '/.well-known/oauth-protected-resource/mcp',
      ]),
    ];
  }

  async authenticate(authorization: string | null): Promise<AuthOutcome> {
    if (!this.enabled) return { ok: true };
    const challengeOptions = {
      requiredScopes: this.requiredScopes,
      ...(this.resourceMetadataUrl ? { resourceMetadataUrl: this.resourceMetadataUrl } : {}),
    };
    if (!authorization || authorization.trim() === '')
      return { ok: false, response: this.missingTokenResponse() };
    try {
      const authInfo = await verifyBearerToken(authorization, {
        verifier: this.verifier,
        ...(this.resourceMetadataUrl ? { resourceMetadataUrl: this.resourceMetadataUrl } : {}),
      });
      const extra = authExtra(authInfo);
      if (extra?.kind === 'oauth') {
        const held = new Set(authInfo.scopes);
        if (!this.requiredScopes.every((s) => held.has(s))) {
          throw new OAuthError(
            OAuthErrorCode.InsufficientScope,
            'The token lacks a scope this server requires',
          );
        }
      }
      return { ok: true, authInfo };
    } catch (error) {
      if (error instanceof KeySetUnavailableError) {
        // A fresh failure is worth an error; answers from the remembered one would only flood the log.
        this.log[error.remembered ? 'debug' : 'error'](
          { err: error.message, retryAfterSeconds: error.retryAfterSeconds },
          'cannot verify access tokens: the issuer keys are unavailable',
        );
        return {
          ok: false,
          response: Response.json(
            {
              error: 'temporarily_unavailable',
              error_description: 'Cannot verify access tokens right now; retry later',
            },
            { status: 503, headers: { 'Retry-After': String(error.retryAfterSeconds) } },
          ),
        };
      }
      return { ok: false, response: bearerAuthChallengeResponse(error, challengeOptions) };
    }
  }

  /** No credentials: RFC 6750 §3.1 says no error code, just the challenge (with where to get a token). */
  private missingTokenResponse(): Response {
    const params: string[] = [];
    if (this.resourceMetadataUrl) params.push(`resource_metadata="${this.resourceMetadataUrl}"`);
    if (this.requiredScopes.length > 0) params.push(`scope="${this.requiredScopes.join(' ')}"`);
    return Response.json(
      {
        error: 'invalid_request',
        error_description: 'This MCP server requires Authorization: Bearer <token>',
      },
      {
        status: 401,
        headers: { 'WWW-Authenticate': params.length > 0 ? `Bearer ${params.join(', ')}` : 'Bearer' },
      },
    );
  }
}

/** The public URL of /mcp: the configured one, else the bound address. */
export function resolveResourceUrl(settings: HttpAuthSettings, boundUrl: string): URL {
  return new URL(settings.resourceUrl ?? boundUrl);
}
