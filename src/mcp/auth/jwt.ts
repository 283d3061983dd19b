/**
 * JWT access-token verification: `jose`'s `jwtVerify` checks the signature against the issuer's keys
 * (jwks.ts), `iss`, `exp` and `nbf`; then the rules of an MCP resource server that jose leaves to us:
 * the token must be an access token, issued for this resource (RFC 8707 audience, or the Cognito
 * `client_id` rule), and scopes come from `scope` or `scp`.
 *
 * Hardening: only asymmetric algorithms (never `none`, never HS*, so a public key can never be used
 * as an HMAC secret; jose then picks only keys of the algorithm's type and curve); `exp` is required;
 * a token issued in the future (`iat` beyond the clock tolerance) is refused, which jose checks only
 * with a maximum token age.
 */
import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';

export type JwtClaims = JWTPayload;

/** A token that is malformed, badly signed or not valid now. The message is safe to return to the client. */
export class JwtError extends Error {
  override name = 'JwtError';
}

export const ALLOWED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

export interface JwtExpectations {
  issuer: string;
  /** The token's `aud` must be or contain one of these. */
  audiences: string[];
  /**
   * For issuers whose access tokens carry no `aud` at all (Amazon Cognito user pools): such a token is
   * accepted when its `client_id` equals this value. Only ever set from an explicitly configured audience.
   */
  clientIdAudience?: string;
  /** Seconds of clock skew accepted on `exp`, `nbf` and `iat`. */
  clockToleranceSeconds: number;
}

/** A URL without and with its trailing slash: issuers and audiences compare either way. */
function slashVariants(url: string): string[] {
  const bare = url.replace(/\/$/, '');
  return [bare, `${bare}/`];
}

/**
 * jwtVerify, also when the issuer publishes several keys that fit a token without `kid`: jose then
 * hands us the candidates and we try each (jose's documented pattern).
 */
async function verifySigned(token: string, keys: JWTVerifyGetKey, options: JWTVerifyOptions) {
  try {
    return await jwtVerify(token, keys, options);
  } catch (error) {
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
    for await (const key of error) {
      try {
        return await jwtVerify(token, key, options);
      } catch (inner) {
        if (!(inner instanceof errors.JWSSignatureVerificationFailed)) throw inner;
      }
    }
    throw new errors.JWSSignatureVerificationFailed();
  }
}

function audienceAccepted(claims: JwtClaims, expect: JwtExpectations): boolean {
  if (claims.aud === undefined) {
    return expect.clientIdAudience !== undefined && claims.client_id === expect.clientIdAudience;
  }
  const expected = new Set(expect.audiences.flatMap(slashVariants));
  const aud: unknown[] = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  return aud.some((a) => typeof a === 'string' && expected.has(a));
}

/**
 * Verifies a JWT access token with keys from `keys` (see jwks.ts). Returns the claims; throws JwtError
 * with a client-safe message otherwise. Errors of the key set itself (KeySetUnavailableError: the
 * JWKS cannot be fetched) propagate as they are.
 */
export async function verifyAccessToken(
  token: string,
  keys: JWTVerifyGetKey,
  expect: JwtExpectations,
): Promise<JwtClaims> {
  let claims: JwtClaims;
  try {
    ({ payload: claims } = await verifySigned(token, keys, {
      algorithms: ALLOWED_ALGORITHMS,
      issuer: slashVariants(expect.issuer),
      requiredClaims: ['exp'],
      clockTolerance: expect.clockToleranceSeconds,
    }));
  } catch (error) {
    if (error instanceof errors.JOSEAlgNotAllowed) {
      throw new JwtError(`Token algorithm is not accepted (use ${ALLOWED_ALGORITHMS.join(', ')})`);
    }
    if (error instanceof errors.JOSEError) throw new JwtError(`Token rejected: ${error.message}`);
    throw error;
  }
  // jose has checked that a present iat is a number.
  if (typeof claims.iat === 'number' && claims.iat > Date.now() / 1000 + expect.clockToleranceSeconds) {
    throw new JwtError(
      'Token rejected: "iat" (issued at) lies in the future; check the clocks of the issuer and this server',
    );
  }
  // An ID token is not an access token, whatever its audience says (Cognito marks them).
  if (claims.token_use !== undefined && claims.token_use !== 'access') {
    throw new JwtError('Token is not an access token (token_use)');
  }
  if (!audienceAccepted(claims, expect))
    throw new JwtError('Token was not issued for this resource (audience)');
  return claims;
}

/** Scopes from `scope` (space-separated, RFC 9068) or `scp` (array or string, Entra and Okta). */
export function scopesOf(claims: JwtClaims): string[] {
  const raw = claims.scope ?? claims.scp;
  if (typeof raw === 'string') return raw.split(' ').filter((s) => s.length > 0);
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === 'string' && s.length > 0);
  return [];
}

/** Who the token was issued to: `client_id` (RFC 9068), `azp`, `appid` (Entra v1), else `sub`. */
export function clientIdOf(claims: JwtClaims): string {
  for (const name of ['client_id', 'azp', 'appid', 'sub']) {
    const v = claims[name];
    if (typeof v === 'string' && v.length > 0) return v;
  }
  return 'unknown';
}
