/**
 * JWT access-token verification (src/mcp/auth/jwt.ts, over jose's jwtVerify), the issuer's key set
 * (jwks.ts, over jose's createRemoteJWKSet) and the answers HttpAuthenticator gives, all against a
 * real issuer on loopback (test/helpers/jwks-issuer.ts) with tokens signed by real keys: every
 * algorithm we accept, the attacks we refuse, our own rules, discovery, caching and key rotation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JWTVerifyGetKey } from 'jose';
import { HttpAuthenticator } from '../../../src/mcp/auth/index.js';
import { discoveryUrls, issuerKeySet, KeySetUnavailableError } from '../../../src/mcp/auth/jwks.js';
import {
  clientIdOf,
  JwtError,
  scopesOf,
  verifyAccessToken,
  type JwtExpectations,
} from '../../../src/mcp/auth/jwt.js';
import { silentLogger } from '../../../src/log.js';
import {
  generateKey,
  publicJwk,
  signJwt,
  startTestIssuer,
  type TestIssuer,
  type TestKey,
} from '../../helpers/jwks-issuer.js';

const AUD = 'https://mcp.example.com/mcp';
const log = silentLogger();
const now = () => Math.floor(Date.now() / 1000);

/** The error a promise rejects with (and fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error as Error,
  );
}

/** A closed loopback port: an issuer that is down. */
async function goneIssuer(): Promise<string> {
  const gone = await startTestIssuer({ algs: ['ES256'] });
  await gone.close();
  return gone.issuer;
}

describe('verifyAccessToken', () => {
  let issuer: TestIssuer;
  let keys: JWTVerifyGetKey;
  let expectations: JwtExpectations;
  beforeAll(async () => {
    issuer = await startTestIssuer({ algs: ['RS256', 'ES256', 'PS256', 'EdDSA'] });
    keys = issuerKeySet({ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, log });
    expectations = { issuer: issuer.issuer, audiences: [AUD], clockToleranceSeconds: 60 };
  });
  afterAll(() => issuer?.close());

  const verify = (token: string, extra: Partial<JwtExpectations> = {}) =>
    verifyAccessToken(token, keys, { ...expectations, ...extra });
  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: issuer.issuer,
    aud: AUD,
    exp: now() + 300,
    ...extra,
  });
  const rsa = () => issuer.keys[0]!;
  const ec = () => issuer.keys[1]!;

  it.each([0, 1, 2, 3])('accepts a good token signed with key %i (RS256, ES256, PS256, EdDSA)', async (i) => {
    const verified = await verify(signJwt(issuer.keys[i]!, claims({ scope: 'a b' })));
    expect(scopesOf(verified)).toEqual(['a', 'b']);
  });

  it('accepts an audience array that contains ours, and an issuer differing by a trailing slash', async () => {
    const token = signJwt(ec(), claims({ aud: ['other', `${AUD}/`], iss: `${issuer.issuer}/` }));
    await expect(verify(token)).resolves.toBeTruthy();
  });

  it('finds the key without a kid when the issuer publishes one that fits', async () => {
    await expect(verify(signJwt(rsa(), claims(), { kid: undefined }))).resolves.toBeTruthy();
  });

  it('tries each fitting key for a token without kid, and still refuses a stranger', async () => {
    const twoRsa = await startTestIssuer({ algs: ['RS256', 'RS256'] });
    try {
      const twoKeys = issuerKeySet({ issuer: twoRsa.issuer, jwksUrl: twoRsa.jwksUrl, log });
      const expect2 = { ...expectations, issuer: twoRsa.issuer };
      const second = signJwt(twoRsa.keys[1]!, { ...claims(), iss: twoRsa.issuer }, { kid: undefined });
      await expect(verifyAccessToken(second, twoKeys, expect2)).resolves.toBeTruthy();
      const stranger = signJwt(generateKey('RS256'), { ...claims(), iss: twoRsa.issuer }, { kid: undefined });
      const error = await rejection(verifyAccessToken(stranger, twoKeys, expect2));
      expect(error).toBeInstanceOf(JwtError);
      expect(error.message).toMatch(/signature verification failed/);
    } finally {
      await twoRsa.close();
    }
  });

  const cases: Array<[string, () => string, RegExp]> = [
    [
      'a signature by another key with the same kid',
      () => signJwt(generateKey('RS256', 'key-1'), claims()),
      /signature verification failed/,
    ],
    ['alg none', () => signJwt(rsa(), claims(), { alg: 'none' }), /algorithm is not accepted/],
    [
      'HS256 with the public key as the HMAC secret',
      () => signJwt(rsa(), claims(), { alg: 'HS256' }),
      /algorithm is not accepted/,
    ],
    ['an RSA key claimed as ES256', () => signJwt(rsa(), claims(), { alg: 'ES256' }), /no applicable key/],
    ['an EC key claimed as RS256', () => signJwt(ec(), claims(), { alg: 'RS256' }), /no applicable key/],
    ['an unknown kid', () => signJwt(rsa(), claims(), { kid: 'nope' }), /no applicable key/],
    [
      'a crit header we do not understand',
      () => signJwt(rsa(), claims(), { crit: ['x-ext'] }),
      /not recognized/,
    ],
    ['another issuer', () => signJwt(rsa(), claims({ iss: 'https://evil.example.com' })), /"iss"/],
    ['no issuer', () => signJwt(rsa(), claims({ iss: undefined })), /"iss"/],
    ['another audience', () => signJwt(rsa(), claims({ aud: 'https://other.example.com/mcp' })), /audience/],
    ['no audience', () => signJwt(rsa(), claims({ aud: undefined })), /audience/],
    ['an expired token', () => signJwt(rsa(), claims({ exp: now() - 120 })), /"exp" claim timestamp/],
    ['no exp', () => signJwt(rsa(), claims({ exp: undefined })), /missing required "exp"/],
    ['a token not valid yet', () => signJwt(rsa(), claims({ nbf: now() + 600 })), /"nbf" claim timestamp/],
    ['an ID token (token_use)', () => signJwt(rsa(), claims({ token_use: 'id' })), /not an access token/],
    ['not a JWT', () => 'abc.def', /Invalid Compact JWS/],
    [
      'a header that is not JSON',
      () => `${Buffer.from('x').toString('base64url')}.e30.AA`,
      /Header is invalid/,
    ],
  ];
  it.each(cases)('refuses %s', async (_name, token, message) => {
    const error = await rejection(verify(token()));
    expect(error).toBeInstanceOf(JwtError);
    expect(error.message).toMatch(message);
  });

  it('accepts a token without aud only when its client_id is the explicitly configured audience (Cognito)', async () => {
    const token = signJwt(rsa(), claims({ aud: undefined, client_id: 'app-client-1', token_use: 'access' }));
    await expect(verify(token, { clientIdAudience: 'app-client-1' })).resolves.toBeTruthy();
    await expect(verify(token)).rejects.toThrow(/audience/);
    const other = signJwt(rsa(), claims({ aud: undefined, client_id: 'app-client-2' }));
    await expect(verify(other, { clientIdAudience: 'app-client-1' })).rejects.toThrow(/audience/);
    // A token that has an aud is judged by it, whatever its client_id says.
    const withAud = signJwt(rsa(), claims({ aud: 'elsewhere', client_id: 'app-client-1' }));
    await expect(verify(withAud, { clientIdAudience: 'app-client-1' })).rejects.toThrow(/audience/);
  });

  it('accepts exp and nbf within the 60 s clock tolerance, not beyond', async () => {
    await expect(verify(signJwt(rsa(), claims({ exp: now() - 30, nbf: now() + 30 })))).resolves.toBeTruthy();
    await expect(verify(signJwt(rsa(), claims({ exp: now() - 90 })))).rejects.toThrow(/"exp"/);
    await expect(verify(signJwt(rsa(), claims({ nbf: now() + 90 })))).rejects.toThrow(/"nbf"/);
  });

  it('refuses a token whose iat lies in the future beyond the 60 s clock tolerance', async () => {
    await expect(verify(signJwt(rsa(), claims({ iat: now() + 30 })))).resolves.toBeTruthy();
    const error = await rejection(verify(signJwt(rsa(), claims({ iat: now() + 90 }))));
    expect(error).toBeInstanceOf(JwtError);
    expect(error.message).toMatch(/"iat".*future/);
    // A non-numeric iat is not a token we can judge either (jose's check).
    await expect(verify(signJwt(rsa(), claims({ iat: 'yesterday' })))).rejects.toThrow(/"iat"/);
  });

  it('reads scopes from scope or scp, and the client from client_id, azp or sub', () => {
    expect(scopesOf({ scp: ['x', 'y'] })).toEqual(['x', 'y']);
    expect(scopesOf({ scp: 'x y' })).toEqual(['x', 'y']);
    expect(scopesOf({})).toEqual([]);
    expect(clientIdOf({ azp: 'a', sub: 's' })).toBe('a');
    expect(clientIdOf({ sub: 's' })).toBe('s');
  });

  it('never uses a published key that is not a public signature key', async () => {
    const odd = await startTestIssuer({ algs: ['ES256'] });
    try {
      // All published before the first fetch, so no refetch (or its cooldown) decides the outcome.
      const signed = (kid: string, jwk: (key: TestKey) => Record<string, unknown>) => {
        const key = generateKey('ES256', kid);
        odd.publish({ ...jwk(key), kid, alg: 'ES256' });
        return signJwt(key, { ...claims(), iss: odd.issuer });
      };
      const forEncryption = signed('enc', (key) => ({ ...publicJwk(key), use: 'enc' }));
      const notForVerify = signed('ops', (key) => ({ ...publicJwk(key), key_ops: ['encrypt'] }));
      const leaked = signed('private', (key) => key.privateKey.export({ format: 'jwk' }));
      const oddKeys = issuerKeySet({ issuer: odd.issuer, jwksUrl: odd.jwksUrl, log });
      const expectOdd = { ...expectations, issuer: odd.issuer };
      await expect(verifyAccessToken(odd.token(AUD), oddKeys, expectOdd)).resolves.toBeTruthy();
      for (const token of [forEncryption, notForVerify]) {
        const error = await rejection(verifyAccessToken(token, oddKeys, expectOdd));
        expect(error).toBeInstanceOf(JwtError);
        expect(error.message).toMatch(/no applicable key/);
      }
      // A private key in a JWKS is the issuer's mistake: refused, and reported as a key-set problem.
      const error = await rejection(verifyAccessToken(leaked, oddKeys, expectOdd));
      expect(error).toBeInstanceOf(KeySetUnavailableError);
      expect(error.message).toMatch(/must be public keys/);
      expect(odd.hits.jwks).toBe(1);
    } finally {
      await odd.close();
    }
  });
});

describe('discoveryUrls', () => {
  it('follows RFC 8414 then OpenID Connect, path-aware', () => {
    expect(discoveryUrls('https://as.example.com')).toEqual([
      'https://as.example.com/.well-known/oauth-authorization-server',
      'https://as.example.com/.well-known/openid-configuration',
    ]);
    expect(discoveryUrls('https://kc.example.com/realms/team/')).toEqual([
      'https://kc.example.com/.well-known/oauth-authorization-server/realms/team',
      'https://kc.example.com/.well-known/openid-configuration/realms/team',
      'https://kc.example.com/realms/team/.well-known/openid-configuration',
    ]);
  });
});

describe('issuerKeySet against a live issuer', () => {
  let oauth: TestIssuer;
  let oidc: TestIssuer;
  beforeAll(async () => {
    [oauth, oidc] = await Promise.all([
      startTestIssuer({ discovery: 'oauth' }),
      startTestIssuer({ discovery: 'openid', path: '/realms/team' }),
    ]);
  });
  afterAll(async () => {
    await oauth?.close();
    await oidc?.close();
  });
  const verify = (keys: JWTVerifyGetKey, issuer: TestIssuer, token: string) =>
    verifyAccessToken(token, keys, { issuer: issuer.issuer, audiences: [AUD], clockToleranceSeconds: 60 });

  it('discovers the JWKS from RFC 8414 metadata, then serves many tokens from one fetch', async () => {
    const keys = issuerKeySet({ issuer: oauth.issuer, log });
    const before = { ...oauth.hits };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => verify(keys, oauth, oauth.token(AUD, {}, oauth.keys[i % 2]))),
    );
    expect(oauth.hits.metadata - before.metadata).toBe(1);
    expect(oauth.hits.jwks - before.jwks).toBe(1);
  });

  it('falls back to OpenID Connect discovery for an issuer with a path', async () => {
    const keys = issuerKeySet({ issuer: oidc.issuer, log });
    await expect(verify(keys, oidc, oidc.token(AUD))).resolves.toBeTruthy();
    expect(oidc.hits.openid).toBeGreaterThan(0);
  });

  it('refuses metadata that names another issuer', async () => {
    const lookalike = `${oauth.issuer}/`.replace('127.0.0.1', 'localhost');
    const keys = issuerKeySet({ issuer: lookalike, log });
    const error = await rejection(verify(keys, oauth, oauth.token(AUD, { iss: lookalike })));
    expect(error).toBeInstanceOf(KeySetUnavailableError);
    expect(error.message).toMatch(/names issuer/);
  });

  it('fetches again on an unknown kid (rotation), but not again within the cooldown', async () => {
    const issuer = await startTestIssuer();
    try {
      const eager = issuerKeySet({ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, log, cooldownMs: 0 });
      await verify(eager, issuer, issuer.token(AUD));
      const rotated = issuer.rotate('ES256');
      await expect(verify(eager, issuer, issuer.token(AUD, {}, rotated))).resolves.toBeTruthy();

      const limited = issuerKeySet({
        issuer: issuer.issuer,
        jwksUrl: issuer.jwksUrl,
        log,
        cooldownMs: 3_600_000,
      });
      await verify(limited, issuer, issuer.token(AUD));
      const fetches = issuer.hits.jwks;
      const forged = generateKey('RS256', 'invented');
      for (let i = 0; i < 10; i++) {
        const error = await rejection(
          verify(limited, issuer, signJwt(forged, { iss: issuer.issuer, aud: AUD, exp: now() + 60 })),
        );
        expect(error).toBeInstanceOf(JwtError);
        expect(error.message).toMatch(/no applicable key/);
      }
      expect(issuer.hits.jwks).toBe(fetches);
    } finally {
      await issuer.close();
    }
  });

  it('reports an unreachable issuer or JWKS as KeySetUnavailableError (a server problem, not a bad token)', async () => {
    const gone = await goneIssuer();
    const token = signJwt(generateKey('ES256'), { iss: gone, aud: AUD, exp: now() + 60 });
    const expectGone = { issuer: gone, audiences: [AUD], clockToleranceSeconds: 60 };
    for (const keys of [
      issuerKeySet({ issuer: gone, log, timeoutMs: 2_000 }),
      issuerKeySet({ issuer: gone, jwksUrl: `${gone}/jwks`, log, timeoutMs: 2_000 }),
      issuerKeySet({ issuer: oauth.issuer, jwksUrl: `${oauth.issuer}/no-such-jwks`, log }),
    ]) {
      await expect(verifyAccessToken(token, keys, expectGone)).rejects.toBeInstanceOf(KeySetUnavailableError);
    }
  });
});

describe('HttpAuthenticator answers', () => {
  let issuer: TestIssuer;
  let auth: HttpAuthenticator;
  beforeAll(async () => {
    issuer = await startTestIssuer({ algs: ['ES256'] });
    auth = new HttpAuthenticator(
      { staticTokens: [], oauth: { issuer: issuer.issuer, requiredScopes: ['mcp'] } },
      new URL(AUD),
      log,
    );
  });
  afterAll(() => issuer?.close());

  it('lets a good token in, with its scopes and client', async () => {
    const outcome = await auth.authenticate(`Bearer ${issuer.token(AUD, { scope: 'mcp orders' })}`);
    expect(outcome.ok && outcome.value).toMatchObject({
      clientId: 'test-client',
      scopes: ['mcp', 'orders'],
    });
  });

  it.each([
    ['a bad token', 401, 'invalid_token', () => issuer.token('https://other.example.com/mcp')],
    [
      'a token without the required scope',
      403,
      'insufficient_scope',
      () => issuer.token(AUD, { scope: 'orders' }),
    ],
  ] as const)('answers %s %i %s', async (_name, status, code, token) => {
    const outcome = await auth.authenticate(`Bearer ${token()}`);
    expect(outcome.ok).toBe(false);
    const response = (outcome as { error: Response }).error;
    expect(response.status).toBe(status);
    expect(response.headers.get('www-authenticate')).toContain(`error="${code}"`);
  });

  it('answers 503 with Retry-After (the failure cooldown) when the issuer cannot be reached', async () => {
    const gone = await goneIssuer();
    const unreachable = new HttpAuthenticator(
      { staticTokens: [], oauth: { issuer: gone, requiredScopes: [] } },
      new URL(AUD),
      log,
    );
    const token = signJwt(generateKey('ES256'), { iss: gone, aud: AUD, exp: now() + 60 });
    const outcome = await unreachable.authenticate(`Bearer ${token}`);
    const response = (outcome as { error: Response }).error;
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
  });
});

describe('an issuer that fails is not asked again within the failure cooldown', () => {
  /** A clock the test moves by hand: the cooldown is decided by it, never by waiting. */
  const clock = () => {
    let t = 1_000_000;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };
  const discoveryHits = (issuer: TestIssuer) => issuer.hits.metadata + issuer.hits.openid;

  it('answers token-bearing requests 503 from a remembered failed discovery, then tries again', async () => {
    const issuer = await startTestIssuer({ algs: ['ES256'] });
    try {
      issuer.fail(500);
      const time = clock();
      const auth = new HttpAuthenticator(
        { staticTokens: [], oauth: { issuer: issuer.issuer, requiredScopes: [] } },
        new URL(AUD),
        log,
        { now: time.now, failureCooldownMs: 30_000 },
      );
      const answer = async () => {
        const outcome = await auth.authenticate(`Bearer ${issuer.token(AUD)}`);
        return outcome.ok ? undefined : outcome.error;
      };

      const first = await answer();
      expect(first?.status).toBe(503);
      expect(first?.headers.get('retry-after')).toBe('30');
      // One discovery round: RFC 8414, then OpenID Connect.
      expect(discoveryHits(issuer)).toBe(2);
      for (let i = 0; i < 5; i++) expect((await answer())?.status).toBe(503);
      await Promise.all(Array.from({ length: 5 }, answer));
      expect(discoveryHits(issuer)).toBe(2);

      time.advance(20_000);
      const later = await answer();
      expect(later?.status).toBe(503);
      expect(later?.headers.get('retry-after')).toBe('10');
      expect(discoveryHits(issuer)).toBe(2);

      // Once the cooldown is over the issuer is asked again, and its recovery is noticed.
      issuer.fail();
      time.advance(10_000);
      expect(await answer()).toBeUndefined();
      expect(issuer.hits.metadata).toBe(2);
      expect(issuer.hits.jwks).toBe(1);
    } finally {
      await issuer.close();
    }
  });

  it('does not fetch a JWKS that failed again within the cooldown, even for tokens with invented kids', async () => {
    const issuer = await startTestIssuer({ algs: ['ES256'] });
    try {
      const time = clock();
      // cooldownMs 0: jose itself would fetch again on every unknown kid.
      const keys = issuerKeySet({
        issuer: issuer.issuer,
        jwksUrl: issuer.jwksUrl,
        log,
        cooldownMs: 0,
        now: time.now,
        failureCooldownMs: 30_000,
      });
      const expectations = { issuer: issuer.issuer, audiences: [AUD], clockToleranceSeconds: 60 };
      await expect(verifyAccessToken(issuer.token(AUD), keys, expectations)).resolves.toBeTruthy();
      expect(issuer.hits.jwks).toBe(1);

      issuer.fail(503);
      const invented = () =>
        signJwt(generateKey('ES256', `kid-${Math.random()}`), {
          iss: issuer.issuer,
          aud: AUD,
          exp: now() + 60,
        });
      for (let i = 0; i < 10; i++) {
        const error = await rejection(verifyAccessToken(invented(), keys, expectations));
        expect(error).toBeInstanceOf(KeySetUnavailableError);
      }
      expect(issuer.hits.jwks).toBe(2);
      // The keys already held still verify good tokens during the outage.
      await expect(verifyAccessToken(issuer.token(AUD), keys, expectations)).resolves.toBeTruthy();

      issuer.fail();
      time.advance(30_000);
      await expect(verifyAccessToken(invented(), keys, expectations)).rejects.toBeInstanceOf(JwtError);
      expect(issuer.hits.jwks).toBe(3);
    } finally {
      await issuer.close();
    }
  });

  it('does not fetch a configured JWKS that failed again within the cooldown', async () => {
    const issuer = await startTestIssuer({ algs: ['ES256'] });
    try {
      issuer.fail(500);
      const keys = issuerKeySet({ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, log, now: clock().now });
      const expectations = { issuer: issuer.issuer, audiences: [AUD], clockToleranceSeconds: 60 };
      for (let i = 0; i < 5; i++) {
        const error = await rejection(verifyAccessToken(issuer.token(AUD), keys, expectations));
        expect(error).toBeInstanceOf(KeySetUnavailableError);
        expect(error.message).toMatch(/HTTP 500/);
      }
      expect(issuer.hits.jwks).toBe(1);
    } finally {
      await issuer.close();
    }
  });
});

describe('the JWKS and the metadata must come over https (plain http on loopback only)', () => {
  it('refuses a plain-http jwks_uri off loopback in the metadata, without fetching it', async () => {
    const issuer = await startTestIssuer({ algs: ['ES256'], jwksUri: 'http://jwks.invalid/jwks' });
    try {
      const keys = issuerKeySet({ issuer: issuer.issuer, log });
      const error = await rejection(
        verifyAccessToken(issuer.token(AUD), keys, {
          issuer: issuer.issuer,
          audiences: [AUD],
          clockToleranceSeconds: 60,
        }),
      );
      expect(error).toBeInstanceOf(KeySetUnavailableError);
      expect(error.message).toMatch(/jwks_uri 'http:\/\/jwks\.invalid\/jwks' must be an https URL/);
      expect(issuer.hits.metadata).toBeGreaterThan(0);
    } finally {
      await issuer.close();
    }
  });

  it.each([
    [
      'a configured plain-http JWKS URL off loopback',
      'https://issuer.example.com',
      'http://jwks.invalid/jwks',
    ],
    ['a plain-http issuer off loopback', 'http://issuer.invalid', undefined],
  ])('refuses %s before any fetch', async (_name, issuer, jwksUrl) => {
    const keys = issuerKeySet({ issuer, log, ...(jwksUrl ? { jwksUrl } : {}) });
    const token = signJwt(generateKey('ES256'), { iss: issuer, aud: AUD, exp: now() + 60 });
    const error = await rejection(
      verifyAccessToken(token, keys, { issuer, audiences: [AUD], clockToleranceSeconds: 60 }),
    );
    expect(error).toBeInstanceOf(KeySetUnavailableError);
    expect(error.message).toMatch(/must be an https URL/);
  });
});
