/**
 * The authorization server's signing keys, as a `jose` key resolver: `createRemoteJWKSet` over
 * `jwksUrl`, or over the `jwks_uri` found in the issuer's metadata (RFC 8414
 * `/.well-known/oauth-authorization-server`, then OpenID Connect discovery, path-aware). jose caches
 * the set (`cacheMaxAge`) and fetches it again on a `kid` it does not hold (key rotation), at most
 * once per `cooldownDuration`, so tokens with invented `kid`s cannot make us hammer the issuer.
 *
 * What we add: discovery; https for the metadata and the JWKS (plain http on loopback only); telling
 * "the issuer is unreachable" (KeySetUnavailableError, a server problem) apart from "no published key
 * fits this token" (a bad token, left to the verifier); and remembering a failed discovery or JWKS
 * fetch for `failureCooldownMs`, answering from that memory without going out again, so requests
 * with tokens (anyone can send some) cannot make us hammer an issuer that is failing.
 */
import { createRemoteJWKSet, customFetch, errors, type JWTVerifyGetKey } from 'jose';
import * as z from 'zod';
import { settingLabel } from '../../config/index.js';
import type { Logger } from '../../log.js';
import { errorMessage, isObject } from '../../result.js';
import { isSecureOrLoopbackUrl } from './hosts.js';

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
  /** How long a failed discovery or JWKS fetch is remembered, and not tried again (default 30 s). */
  failureCooldownMs?: number;
  /** The clock the failure cooldown is measured by (milliseconds; default Date.now). */
  now?: () => number;
}

/** The issuer's metadata or key set cannot be fetched: a server-side problem, not a bad token. */
export class KeySetUnavailableError extends Error {
  override name = 'KeySetUnavailableError';
  /** When it is worth asking again (the Retry-After of the 503). */
  readonly retryAfterSeconds: number;
  /** True when answered from a remembered failure, without going out to the issuer. */
  readonly remembered: boolean;
  constructor(
    message: string,
    options: { cause?: unknown; retryAfterSeconds?: number; remembered?: boolean } = {},
  ) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.retryAfterSeconds = options.retryAfterSeconds ?? 5;
    this.remembered = options.remembered ?? false;
  }
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

/** Refuses a URL the issuer's documents must not come from: anything but https, bar loopback hosts. */
function requireSecure(url: string, what: string): void {
  if (!isSecureOrLoopbackUrl(url)) {
    throw new KeySetUnavailableError(
      `${what} '${url}' must be an https URL (plain http is allowed for loopback hosts only)`,
    );
  }
}

/** The issuer's `jwks_uri`, from the first metadata document that names this very issuer (RFC 8414 section 3.3). */
export async function discoverJwksUri(issuer: string, timeoutMs: number): Promise<string> {
  requireSecure(issuer, 'the OAuth issuer');
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
      const jwksUri = metadata.data.jwks_uri;
      if (!isSecureOrLoopbackUrl(jwksUri)) {
        throw new Error(
          `its jwks_uri '${jwksUri}' must be an https URL (plain http is allowed for loopback hosts only)`,
        );
      }
      return jwksUri;
    } catch (error) {
      failures.push(`${url}: ${errorMessage(error)}`);
    }
  }
  throw new KeySetUnavailableError(
    `could not discover the JWKS of issuer ${issuer} (set ${settingLabel('oauthJwksUrl')}): ${failures.join('; ')}`,
  );
}

/** jose errors that are about the token, not about fetching the key set. */
const TOKEN_ERRORS = [errors.JWKSNoMatchingKey, errors.JWKSMultipleMatchingKeys, errors.JOSENotSupported];

/** Whether a parsed JSON document looks like a JWK Set (jose checks each key itself). */
const isJwkSet = (value: unknown): boolean => isObject(value) && Array.isArray(value.keys);

/** Remembers the last failure to reach the issuer for `cooldownMs`, and answers from that memory meanwhile. */
class FailureMemory {
  private failure: { message: string; until: number } | undefined;

  constructor(
    private readonly cooldownMs: number,
    private readonly now: () => number,
  ) {}

  /** Remembers `error`; returns what to throw for it now. */
  remember(error: unknown): KeySetUnavailableError {
    const until = this.now() + this.cooldownMs;
    this.failure = { message: errorMessage(error), until };
    return new KeySetUnavailableError(this.failure.message, {
      cause: error,
      retryAfterSeconds: this.retryAfterSeconds(until),
    });
  }

  /** Throws the remembered failure while it lasts. */
  throwIfRecent(): void {
    const failure = this.failure;
    if (failure && this.now() < failure.until) {
      throw new KeySetUnavailableError(`${failure.message} (failed recently; not asked again yet)`, {
        retryAfterSeconds: this.retryAfterSeconds(failure.until),
        remembered: true,
      });
    }
  }

  private retryAfterSeconds(until: number): number {
    return Math.max(1, Math.ceil((until - this.now()) / 1000));
  }
}

/** Fetches a JWK Set: anything but a 200 JSON Web Key Set throws an Error saying what came back. */
async function fetchJwkSet(url: string, init: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status}`);
  }
  const body = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error('not JSON');
  }
  if (!isJwkSet(parsed)) throw new Error('not a JSON Web Key Set');
  return new Response(body, { status: 200, headers: response.headers });
}

/** jose's remote key set over the configured or discovered JWKS, its fetches behind the failure memory. */
async function openRemoteKeySet(
  options: IssuerKeySetOptions,
  memory: FailureMemory,
  timeoutMs: number,
): Promise<JWTVerifyGetKey> {
  const jwksUri = options.jwksUrl ?? (await discoverJwksUri(options.issuer, timeoutMs));
  requireSecure(jwksUri, 'the JWKS URL');
  options.log.info({ jwksUri }, 'OAuth signing keys come from this JWKS');
  const fetchJwks = async (url: string, init: RequestInit): Promise<Response> => {
    memory.throwIfRecent();
    try {
      return await fetchJwkSet(url, init);
    } catch (error) {
      throw memory.remember(new Error(`cannot fetch the issuer's JWKS ${url}: ${errorMessage(error)}`));
    }
  };
  return createRemoteJWKSet(new URL(jwksUri), {
    timeoutDuration: timeoutMs,
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: options.cacheMaxAgeMs ?? 10 * 60_000,
    [customFetch]: fetchJwks,
  });
}

/**
 * A `jose` key resolver for the issuer's keys. Discovery runs on first use; a failed discovery or
 * key-set fetch throws KeySetUnavailableError, and so does every use within `failureCooldownMs` after
 * it, without fetching. Keys already fetched keep verifying tokens while a later fetch is failing.
 */
export function issuerKeySet(options: IssuerKeySetOptions): JWTVerifyGetKey {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const memory = new FailureMemory(options.failureCooldownMs ?? 30_000, options.now ?? Date.now);
  let remote: Promise<JWTVerifyGetKey> | undefined;

  return async (header, token) => {
    if (!remote) {
      memory.throwIfRecent();
      remote = openRemoteKeySet(options, memory, timeoutMs).catch((error: unknown) => {
        remote = undefined;
        throw memory.remember(error);
      });
    }
    const keys = await remote;
    try {
      return await keys(header, token);
    } catch (error) {
      if (TOKEN_ERRORS.some((type) => error instanceof type)) throw error;
      if (error instanceof KeySetUnavailableError) throw error;
      // Not a fetch (those fail in fetchJwks): a published key that cannot be used, for example a
      // private one. Only tokens naming that key meet it, so it is not remembered for the others.
      throw new KeySetUnavailableError(`cannot use the issuer's JWKS: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  };
}
