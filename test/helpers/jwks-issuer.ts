/**
 * A tiny OAuth authorization server for tests, on loopback: RFC 8414 / OpenID metadata and a JWKS
 * over node:http, and JWT access tokens signed with node:crypto (a signer independent of the `jose`
 * verifier under test, and one that will also forge the tokens an attacker would). Nothing is mocked:
 * the MCP server under test fetches these documents over HTTP exactly as it would from Cognito,
 * Entra or Keycloak.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants, createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

export type Alg = 'RS256' | 'PS256' | 'ES256' | 'EdDSA';

export interface TestKey {
  kid: string;
  alg: Alg;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateKey(alg: Alg, kid: string = randomUUID()): TestKey {
  const pair =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : alg === 'EdDSA'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, alg, ...pair };
}

export function publicJwk(key: TestKey): Record<string, unknown> {
  return { ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg: key.alg, use: 'sig' };
}

/**
 * A compact JWS over `claims`, signed with `key`. Header `kid` and `alg` are overridable for attacks:
 * `alg: 'none'` leaves the signature empty, `alg: 'HS256'` signs with HMAC using the public key (PEM)
 * as the secret (algorithm confusion); any other override keeps the key's own signature.
 */
export function signJwt(
  key: TestKey,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): string {
  const h = Buffer.from(JSON.stringify({ typ: 'at+jwt', alg: key.alg, kid: key.kid, ...header })).toString(
    'base64url',
  );
  const c = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const data = Buffer.from(`${h}.${c}`);
  const alg = header.alg ?? key.alg;
  if (alg === 'none') return `${h}.${c}.`;
  if (alg === 'HS256') {
    const secret = key.publicKey.export({ format: 'pem', type: 'spki' });
    return `${h}.${c}.${createHmac('sha256', secret).update(data).digest('base64url')}`;
  }
  const signature =
    key.alg === 'ES256'
      ? sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
      : key.alg === 'PS256'
        ? sign('sha256', data, {
            key: key.privateKey,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
          })
        : key.alg === 'EdDSA'
          ? sign(null, data, key.privateKey)
          : sign('sha256', data, key.privateKey);
  return `${h}.${c}.${signature.toString('base64url')}`;
}

export interface TestIssuer {
  /** The issuer identifier (`iss`), e.g. http://127.0.0.1:PORT or http://127.0.0.1:PORT/realms/test. */
  issuer: string;
  jwksUrl: string;
  /** Published signing keys; the first signs by default. */
  keys: TestKey[];
  /** How often each document was requested (failed requests included). */
  hits: { metadata: number; openid: number; jwks: number };
  /**
   * An outage: while `status` is set, every document (metadata, OpenID configuration, JWKS) is
   * answered with that HTTP status; requests are still counted in `hits`. `fail()` ends it.
   */
  fail(status?: number): void;
  /** A token for `audience` with sensible defaults; `claims` override them. */
  token(audience: string, claims?: Record<string, unknown>, key?: TestKey): string;
  /** Publishes a new key (key rotation) and returns it. */
  rotate(alg?: Alg): TestKey;
  /** Publishes a JWK as it is (for keys a verifier must not use). */
  publish(jwk: Record<string, unknown>): void;
  close(): Promise<void>;
}

export interface TestIssuerOptions {
  /** Issuer path, e.g. '/realms/test' (default none). */
  path?: string;
  /** Which discovery document is served: RFC 8414, OpenID Connect, or both (default). */
  discovery?: 'oauth' | 'openid' | 'both';
  algs?: Alg[];
  /** The `jwks_uri` the metadata names (default `<issuer>/jwks`, this issuer's own JWKS). */
  jwksUri?: string;
}

export async function startTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const path = options.path ?? '';
  const discovery = options.discovery ?? 'both';
  const keys = (options.algs ?? ['RS256', 'ES256']).map((alg, i) => generateKey(alg, `key-${i + 1}`));
  const hits = { metadata: 0, openid: 0, jwks: 0 };
  const raw: Array<Record<string, unknown>> = [];
  let issuer = '';
  let failing: number | undefined;

  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const metadata = () => ({
      issuer,
      jwks_uri: options.jwksUri ?? `${issuer}/jwks`,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    });
    const down = () => json(failing!, { error: 'server_error' });
    if (url === `/.well-known/oauth-authorization-server${path}` && discovery !== 'openid') {
      hits.metadata++;
      return failing ? down() : json(200, metadata());
    }
    if (
      (url === `${path}/.well-known/openid-configuration` ||
        url === `/.well-known/openid-configuration${path}`) &&
      discovery !== 'oauth'
    ) {
      hits.openid++;
      return failing ? down() : json(200, { ...metadata(), subject_types_supported: ['public'] });
    }
    if (url === `${path}/jwks`) {
      hits.jwks++;
      return failing ? down() : json(200, { keys: [...keys.map(publicJwk), ...raw] });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  issuer = `http://127.0.0.1:${port}${path}`;

  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    keys,
    hits,
    fail: (status) => {
      failing = status;
    },
    token: (audience, claims = {}, key = keys[0]!) => {
      const now = Math.floor(Date.now() / 1000);
      return signJwt(key, {
        iss: issuer,
        sub: 'user-1',
        client_id: 'test-client',
        aud: audience,
        iat: now,
        exp: now + 600,
        scope: 'mcp',
        ...claims,
      });
    },
    rotate: (alg = 'RS256') => {
      const key = generateKey(alg, `key-${keys.length + 1}`);
      keys.push(key);
      return key;
    },
    publish: (jwk) => {
      raw.push(jwk);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
