/**
 * `HttpAuthenticator` checks one request's Authorization header and answers exactly as the MCP
 * authorization specification asks: 401 with `WWW-Authenticate: Bearer resource_metadata="…"`
 * (plus `error="invalid_token"` when a token was presented), 403 `insufficient_scope` with the
 * scopes needed, 503 when the issuer's keys cannot be fetched. Tokens are only compared and verified
 * here; they are never logged and never passed on to AWS.
 */
import {
  bearerAuthChallengeResponse,
  getOAuthProtectedResourceMetadataUrl,
  OAuthError,
  OAuthErrorCode,
  verifyBearerToken,
  type AuthInfo,
} from '@modelcontextprotocol/server';
import type { Logger } from '../../log.js';
import { fail, ok, type Result } from '../../result.js';
import { issuerKeySet, KeySetUnavailableError, type IssuerKeySetOptions } from './jwks.js';
import type { HttpAuthSettings, OAuthSettings } from './settings.js';
import { scopesOfRules } from './tool-scopes.js';
import { AccessTokenVerifier, authExtra, type JwtRules } from './verifier.js';

/** What authenticate() decided: go on (with the caller, if any), or answer with this response. */
export type AuthOutcome = Result<AuthInfo | undefined, Response>;

/** The key-set tuning tests set (clock, failure cooldown, timeout). */
export type KeySetTuning = Pick<IssuerKeySetOptions, 'now' | 'failureCooldownMs' | 'timeoutMs'>;

/** The RFC 9728 protected-resource metadata: its URL and the document served there. */
interface ResourceMetadata {
  url: string;
  document: Record<string, unknown>;
}

export class HttpAuthenticator {
  readonly enabled: boolean;
  /** RFC 9728 document URL (OAuth only). */
  readonly resourceMetadataUrl: string | undefined;
  private readonly verifier: AccessTokenVerifier;
  private readonly requiredScopes: string[];
  private readonly metadata: ResourceMetadata | undefined;

  /** `keySet` tunes the issuer's key set (clock, failure cooldown, timeout); tests set it. */
  constructor(
    settings: HttpAuthSettings,
    readonly resourceUrl: URL,
    private readonly log: Logger,
    keySet: KeySetTuning = {},
  ) {
    const oauth = settings.oauth;
    this.enabled = settings.staticTokens.length > 0 || oauth !== undefined;
    this.requiredScopes = oauth?.requiredScopes ?? [];
    this.verifier = new AccessTokenVerifier(
      settings.staticTokens,
      oauth ? jwtRules(oauth, resourceUrl, log, keySet) : undefined,
    );
    this.metadata = oauth ? resourceMetadata(oauth, settings, resourceUrl) : undefined;
    this.resourceMetadataUrl = this.metadata?.url;
  }

  /** The RFC 9728 protected-resource metadata document, when OAuth is configured. */
  protectedResourceMetadata(): Record<string, unknown> | undefined {
    return this.metadata?.document;
  }

  /** Paths the metadata document is served at: the bare well-known path and the path-suffixed one. */
  metadataPaths(): string[] {
    if (!this.metadata) return [];
    const suffixed = new URL(this.metadata.url).pathname;
    return [
      ...new Set([
        '/.well-known/oauth-protected-resource',
        suffixed,
        '/.well-known/oauth-protected-resource/mcp',
      ]),
    ];
  }

  async authenticate(authorization: string | null): Promise<AuthOutcome> {
    if (!this.enabled) return ok(undefined);
    if (!authorization || authorization.trim() === '') return fail(this.missingTokenResponse());
    try {
      const authInfo = await verifyBearerToken(authorization, {
        verifier: this.verifier,
        ...(this.resourceMetadataUrl ? { resourceMetadataUrl: this.resourceMetadataUrl } : {}),
      });
      this.requireScopes(authInfo);
      return ok(authInfo);
    } catch (error) {
      if (error instanceof KeySetUnavailableError) return fail(this.keysUnavailableResponse(error));
      return fail(
        bearerAuthChallengeResponse(error, {
          requiredScopes: this.requiredScopes,
          ...(this.resourceMetadataUrl ? { resourceMetadataUrl: this.resourceMetadataUrl } : {}),
        }),
      );
    }
  }

  /** OAuth tokens must hold every scope the server requires (static tokens are not scoped that way). */
  private requireScopes(authInfo: AuthInfo): void {
    if (authExtra(authInfo)?.kind !== 'oauth') return;
    const held = new Set(authInfo.scopes);
    if (!this.requiredScopes.every((s) => held.has(s))) {
      throw new OAuthError(OAuthErrorCode.InsufficientScope, 'The token lacks a scope this server requires');
    }
  }

  private keysUnavailableResponse(error: KeySetUnavailableError): Response {
    // A fresh failure is worth an error; answers from the remembered one would only flood the log.
    this.log[error.remembered ? 'debug' : 'error'](
      { err: error, retryAfterSeconds: error.retryAfterSeconds },
      'cannot verify access tokens: the issuer keys are unavailable',
    );
    return Response.json(
      {
        error: 'temporarily_unavailable',
        error_description: 'Cannot verify access tokens right now; retry later',
      },
      { status: 503, headers: { 'Retry-After': String(error.retryAfterSeconds) } },
    );
  }

  /** No credentials: RFC 6750 section 3.1 says no error code, just the challenge (with where to get a token). */
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

function jwtRules(oauth: OAuthSettings, resourceUrl: URL, log: Logger, keySet: KeySetTuning): JwtRules {
  return {
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
  };
}

function resourceMetadata(
  oauth: OAuthSettings,
  settings: HttpAuthSettings,
  resourceUrl: URL,
): ResourceMetadata {
  const scopes = [...new Set([...oauth.requiredScopes, ...scopesOfRules(settings.toolRules ?? [])])];
  return {
    url: getOAuthProtectedResourceMetadataUrl(resourceUrl),
    document: {
      resource: resourceUrl.href,
      authorization_servers: [oauth.issuer],
      ...(scopes.length > 0 ? { scopes_supported: scopes } : {}),
      bearer_methods_supported: ['header'],
      resource_name: 'AWS Step Functions tools (stepfunctions-tool-mcp-server)',
    },
  };
}

/** The public URL of /mcp: the configured one, else the bound address. */
export function resolveResourceUrl(settings: HttpAuthSettings, boundUrl: string): URL {
  return new URL(settings.resourceUrl ?? boundUrl);
}
