/**
 * The authorization server's signing keys, as a `jose` key resolver: `createRemoteJWKSet` over
 * `jwksUrl`, or over the `jwks_uri` found in the issuer's metadata (RFC 8414
 * `/.well-known/oauth-authorization-server`, then OpenID Connect discovery, path-aware). jose caches
 * the set (`cacheMaxAge`) and fetches it again on a `kid` it does not hold (key rotation), at most
 * once per `cooldownDuration`, so tokens with invented `kid`s cannot make us hammer the issuer.
 *
 * What we add: discovery, and telling "the issuer is unreachable" (KeySetUnavailableError, a server
 * problem) apart from "no published key fits this token" (a bad token, left to the verifier).
 */
import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import * as z from 'zod';
import type { Logger } from '../../log.js';

export interface IssuerKeySetOptions {
  issuer: string;
  /** Unset = discovered from the issuer's metadata. */
  jwksUrl?: string;
  log: Logger;
  /** How long a fetched key set is used before it is fetched again. */
  cacheMaxAgeMs?: number;
  /** Fewest milliseconds between a fetch and one caused by an unknown `kid`. */
  cooldownMs?: number;
  timeoutMs?: number;
}

/** The issuer's metadata or key set cannot be fetched: a server-side problem, not a bad token. */
export class KeySetUnavailableError extends Error {
  override name = 'KeySetUnavailableError';
}

/** What we need from RFC 8414 / OpenID Connect metadata. */
const IssuerMetadata = z.object({
  issuer: z.string(),
  jwks_uri: z.url({ protocol: /^https?$/ }),
});

/** The metadata URLs to try for an issuer, in the order the MCP authorization specification gives. */
export function discoveryUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, '');
  const at = (p: string) => new URL(p, url.origin).href;
  return path === ''
    ? [at('/.well-known/oauth-authorization-server'), at('/.well-known/openid-configuration')]
    : [
        at(`/.well-known/oauth-authorization-server${path}`),
        at(`/.well-known/openid-configuration${path}`),
        at(`${path}/.well-known/openid-configuration`),
      ];
}

const withoutTrailingSlash = (url: string): string => url.replace(/\/$/, '');

/** The issuer's `jwks_uri`, from the first metadata document that names this very issuer (RFC 8414 §3.3). */
export async function discoverJwksUri(issuer: string, timeoutMs: number): Promise<string> {
  const failures: string[] = [];
  for (const url of discoveryUrls(issuer)) {
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status}`);
      }
      const metadata = IssuerMetadata.safeParse(await response.json());
      if (!metadata.success) throw new Error(`not issuer metadata: ${z.prettifyError(metadata.error)}`);
      if (withoutTrailingSlash(metadata.data.issuer) !== withoutTrailingSlash(issuer)) {
        throw new Error(`names issuer ${JSON.stringify(metadata.data.issuer)}, not ${issuer}`);
      }
      return metadata.data.jwks_uri;
    } catch (error) {
      failures.push(`${url}: ${(error as Error).message}`);
    }
  }
  throw new KeySetUnavailableError(
    `could not discover the JWKS of issuer ${issuer} (set SFN_MCP_OAUTH_JWKS_URL): ${failures.join('; ')}`,
  );
}

/** jose errors that are about the token, not about fetching the key set. */
const TOKEN_ERRORS = [errors.JWKSNoMatchingKey, errors.JWKSMultipleMatchingKeys, errors.JOSENotSupported];

/**
 * A `jose` key resolver for the issuer's keys. Discovery runs on first use (and again after it failed);
 * a failed discovery or key-set fetch throws KeySetUnavailableError.
 */
export function issuerKeySet(options: IssuerKeySetOptions): JWTVerifyGetKey {
  const timeoutMs = options.timeoutMs ?? 5_000;
  let remote: Promise<JWTVerifyGetKey> | undefined;
  const open = async (): Promise<JWTVerifyGetKey> => {
    const jwksUri = options.jwksUrl ?? (await discoverJwksUri(options.issuer, timeoutMs));
    options.log.info({ jwksUri }, 'OAuth signing keys come from this JWKS');
    return createRemoteJWKSet(new URL(jwksUri), {
      timeoutDuration: timeoutMs,
      cooldownDuration: options.cooldownMs ?? 30_000,
      cacheMaxAge: options.cacheMaxAgeMs ?? 10 * 60_000,
    });
  };

  return async (header, token) => {
    remote ??= open().catch((error: unknown) => {
      remote = undefined;
      throw error;
    });
    const keys = await remote;
    try {
      return await keys(header, token);
    } catch (error) {
      if (TOKEN_ERRORS.some((type) => error instanceof type)) throw error;
      throw new KeySetUnavailableError(`cannot use the issuer's JWKS: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
}
