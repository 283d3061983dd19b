/**
 * The SDK's OAuthTokenVerifier over our two kinds of bearer token: static tokens (static-tokens.ts) and,
 * when OAuth is configured, JWT access tokens (jwt.ts, with the issuer's keys from jwks.ts).
 */
import {
  OAuthError,
  OAuthErrorCode,
  type AuthInfo,
  type OAuthTokenVerifier,
} from '@modelcontextprotocol/server';
import type { JWTVerifyGetKey } from 'jose';
import { clientIdOf, JwtError, scopesOf, verifyAccessToken, type JwtClaims } from './jwt.js';
import type { StaticTokenEntry } from './settings.js';
import { StaticTokens, tokenDigest } from './static-tokens.js';

/** Seconds of clock skew accepted on exp, nbf and iat. */
export const CLOCK_TOLERANCE_SECONDS = 60;

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

/** What a JWT access token is checked against. */
export interface JwtRules {
  keys: JWTVerifyGetKey;
  issuer: string;
  audiences: string[];
  clientIdAudience?: string;
  resource: URL;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** OAuthTokenVerifier over static tokens and, when configured, JWT access tokens. */
export class AccessTokenVerifier implements OAuthTokenVerifier {
  private readonly staticTokens: StaticTokens;

  constructor(
    staticTokens: StaticTokenEntry[],
    private readonly jwt: JwtRules | undefined,
  ) {
    this.staticTokens = new StaticTokens(staticTokens);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const entry = this.staticTokens.match(token);
    if (entry) return staticAuthInfo(token, entry);
    if (!this.jwt) throw new OAuthError(OAuthErrorCode.InvalidToken, 'Unknown bearer token');
    try {
      const claims = await verifyAccessToken(token, this.jwt.keys, {
        issuer: this.jwt.issuer,
        audiences: this.jwt.audiences,
        ...(this.jwt.clientIdAudience !== undefined ? { clientIdAudience: this.jwt.clientIdAudience } : {}),
        clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
      });
      return jwtAuthInfo(token, claims, this.jwt.resource);
    } catch (error) {
      if (error instanceof JwtError) throw new OAuthError(OAuthErrorCode.InvalidToken, error.message);
      throw error;
    }
  }
}

function staticAuthInfo(token: string, entry: StaticTokenEntry): AuthInfo {
  const extra: AuthExtra = { kind: 'static', unrestricted: entry.scopes === undefined };
  return {
    token,
    clientId: `static:${tokenDigest(token).toString('hex').slice(0, 8)}`,
    scopes: entry.scopes ?? [],
    // Static tokens do not expire; the SDK's bearer check wants an expiry all the same.
    expiresAt: nowSeconds() + 3600,
    extra,
  };
}

function jwtAuthInfo(token: string, claims: JwtClaims, resource: URL): AuthInfo {
  const extra: AuthExtra = {
    kind: 'oauth',
    unrestricted: false,
    ...(typeof claims.sub === 'string' ? { subject: claims.sub } : {}),
  };
  return {
    token,
    clientId: clientIdOf(claims),
    scopes: scopesOf(claims),
    // exp is required (jwt.ts). The SDK compares expiresAt with its own clock: give it the skew we accept as well.
    expiresAt: (claims.exp ?? nowSeconds()) + CLOCK_TOLERANCE_SECONDS,
    resource,
    extra,
  };
}
