/**
 * The secrets and execution inputs of the test suite, and how the log scan (test/log-scan/) recognises
 * them in a log line. Every credential, static bearer token and marked execution input a test uses
 * carries the marker `leakcheck`; JWTs, private keys, client secrets and SigV4 credentials are
 * recognised by their shape, whatever a test put in them. One match in any log line fails `npm test`.
 */

/** In every test secret and marked input: one word the scan looks for, in any case. */
export const LEAK_MARKER = 'leakcheck';

/** The AWS credentials every test server and SDK client is given (the local engine takes any). */
export const TEST_AWS_CREDENTIALS = {
  accessKeyId: 'AKIDLEAKCHECK0000000',
  secretAccessKey: 'leakcheck-aws-secret-access-key',
} as const;

/** A value to put in an execution input a test sends, so that the input is found if it reaches a log. */
export const INPUT_MARKER = 'leakcheck-input';

/** A static bearer token for `SFN_MCP_AUTH_TOKENS`, marked. */
export const staticToken = (name: string): string => `${LEAK_MARKER}-${name}`;

export interface SecretPattern {
  /** What a match is, for the failure message. */
  what: string;
  pattern: RegExp;
}

/** What no log line may contain. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { what: 'a test credential, token or execution input (the leakcheck marker)', pattern: /leakcheck/i },
  { what: 'a JWT', pattern: /eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/ },
  // A credential after "Bearer"; a WWW-Authenticate challenge's `Bearer name="..."` parameters are not one.
  { what: 'a bearer credential', pattern: /\bbearer\s+(?![A-Za-z_]+=)[A-Za-z0-9._~+/-]{8,}/i },
  { what: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----|"d"\s*:\s*"[A-Za-z0-9_-]{20,}"/ },
  { what: 'a client secret', pattern: /client[_-]?secret["'\s]*[:=]\s*["']?[^\s"',}]{4,}/i },
  { what: 'an AWS request signature', pattern: /AWS4-HMAC-SHA256\s+Credential=|x-amz-security-token/i },
];
