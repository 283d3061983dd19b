/**
 * The log scan itself (scan.ts with the patterns of test/helpers/secrets.ts), on a folder of its own:
 * each kind of secret is found in a log line, and the lines a server writes in normal operation are not
 * taken for one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INPUT_MARKER, TEST_AWS_CREDENTIALS, staticToken } from '../helpers/secrets.js';
import { leakMessage, scanLogFolder } from './scan.js';

const dir = mkdtempSync(join(tmpdir(), 'sfn-mcp-scan-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the scan finds in a log file of an ordinary line followed by `line`. */
function scanLine(line: string): string[] {
  const folder = mkdtempSync(join(dir, 'case-'));
  writeFileSync(join(folder, 'server.log'), `{"level":"info","msg":"ok"}\n${line}\n`);
  return scanLogFolder(folder).leaks.map((l) => l.what);
}

describe('scanLogFolder', () => {
  it.each([
    ['the AWS secret key', `{"msg":"signing","key":"${TEST_AWS_CREDENTIALS.secretAccessKey}"}`, /marker/],
    ['the AWS access key id', `{"msg":"x","id":"${TEST_AWS_CREDENTIALS.accessKeyId}"}`, /marker/],
    ['a static token', `{"msg":"refused","token":"${staticToken('env-token-1')}"}`, /marker/],
    ['an execution input', `{"msg":"started","input":{"id":"${INPUT_MARKER}-1"}}`, /marker/],
    ['a JWT', '{"msg":"x","t":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln"}', /JWT/],
    ['an unsigned JWT', '{"msg":"x","t":"eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0."}', /JWT/],
    ['a bearer credential', '{"authorization":"Bearer abcdefgh12345678"}', /bearer/],
    ['a private key', '-----BEGIN PRIVATE KEY-----', /private key/],
    ['a client secret', '{"client_secret":"s3cr3t-value"}', /client secret/],
    ['a SigV4 header', 'authorization: AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1', /signature/],
  ])('finds %s', (_what, line, kind) => {
    const found = scanLine(line);
    expect(found.some((w) => kind.test(w))).toBe(true);
  });

  it('takes no ordinary server line for a secret', () => {
    const lines = [
      '{"level":"info","time":"2024-01-01T00:00:00.000Z","msg":"execution started","executionArn":"arn:aws:states:us-east-1:123456789012:execution:m:mcp-1"}',
      '{"level":"info","status":401,"wwwAuthenticate":"Bearer resource_metadata=\\"http://127.0.0.1/.well-known/oauth-protected-resource/mcp\\""}',
      '{"level":"warn","msg":"invalid token: signature verification failed","err":{"type":"JWSSignatureVerificationFailed"}}',
      'Local Step Functions engine listening on http://127.0.0.1:4000',
    ];
    for (const line of lines) expect(scanLine(line)).toEqual([]);
  });

  it('names the file, the line and what was found', () => {
    const found = scanLogFolder(mkdtempSync(join(dir, 'message-')));
    expect(found).toEqual({ files: 0, lines: 0, leaks: [] });
    const message = leakMessage('/tmp/run', [{ file: 'a.log', line: 3, what: 'a JWT', excerpt: 'eyJ...' }]);
    expect(message).toContain('1 line(s) in /tmp/run');
    expect(message).toContain('a.log:3: a JWT');
  });
});
