/** DNS-rebinding protection (src/mcp/http/host-checks.ts): which Host and Origin values pass, and the warning. */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { hostAndOriginCheck, type HostCheckSettings } from '../../../src/mcp/http/host-checks.js';

/** A logger that keeps its lines, for the warning. */
function capturingLogger() {
  const lines: Array<{ level: number; msg: string; hostCheck?: string }> = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

function settings(overrides: Partial<HostCheckSettings>): HostCheckSettings {
  return {
    host: '127.0.0.1',
    allowedHosts: [],
    allowedOrigins: [],
    auth: { staticTokens: [{ token: 't' }] },
    ...overrides,
  };
}

const request = (headers: Record<string, string>) =>
  new Request('http://localhost/mcp', { method: 'GET', headers });
/** The status the check answers: 200 when it lets the request through. */
const statusFor = (check: ReturnType<typeof hostAndOriginCheck>, headers: Record<string, string>) =>
  check(request(headers))?.status ?? 200;

describe('hostAndOriginCheck', () => {
  it('on a loopback bind accepts loopback names only, and says nothing', () => {
    const { log, lines } = capturingLogger();
    const check = hostAndOriginCheck(settings({}), log);
    expect(statusFor(check, { host: '127.0.0.1:3000' })).toBe(200);
    expect(statusFor(check, { host: 'localhost:3000' })).toBe(200);
    expect(statusFor(check, { host: 'attacker.example:3000' })).toBe(403);
    expect(lines).toEqual([]);
  });

  it('accepts configured hosts (hostnames, host:port values, URLs) and the resource URL host', () => {
    const { log, lines } = capturingLogger();
    const check = hostAndOriginCheck(
      settings({
        host: '0.0.0.0',
        allowedHosts: ['lb.internal:8080', 'https://Other.Example/mcp', ' '],
        auth: { staticTokens: [], resourceUrl: 'https://mcp.example.com/mcp' },
      }),
      log,
    );
    for (const host of ['lb.internal', 'other.example', 'mcp.example.com', 'localhost']) {
      expect(statusFor(check, { host }), host).toBe(200);
    }
    expect(statusFor(check, { host: 'ip-10-0-3-7.internal' })).toBe(403);
    expect(lines).toEqual([]);
  });

  it('accepts a specific bind address by name, IPv6 included', () => {
    const { log } = capturingLogger();
    expect(statusFor(hostAndOriginCheck(settings({ host: '10.0.0.5' }), log), { host: '10.0.0.5:80' })).toBe(
      200,
    );
    const v6 = hostAndOriginCheck(settings({ host: 'fd00::5' }), log);
    expect(statusFor(v6, { host: '[fd00::5]:80' })).toBe(200);
    expect(statusFor(v6, { host: 'attacker.example' })).toBe(403);
  });

  it('on a wildcard bind with no name configured, checks Origin only and warns, naming the settings', () => {
    const { log, lines } = capturingLogger();
    const check = hostAndOriginCheck(settings({ host: '0.0.0.0', allowedOrigins: ['app.example.com'] }), log);
    expect(statusFor(check, { host: 'anything.internal' })).toBe(200);
    expect(statusFor(check, { host: 'anything.internal', origin: 'https://app.example.com' })).toBe(200);
    expect(statusFor(check, { host: 'anything.internal', origin: 'https://attacker.example' })).toBe(403);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ hostCheck: 'off' });
    expect(lines[0]?.msg).toContain('every request to /mcp must authenticate');
    expect(lines[0]?.msg).toContain('SFN_MCP_ALLOWED_HOSTS / --allowed-hosts');
    expect(lines[0]?.msg).toContain('SFN_MCP_RESOURCE_URL / --resource-url');
  });

  it('warns that only the Origin check is left when authentication is off too', () => {
    const { log, lines } = capturingLogger();
    hostAndOriginCheck(settings({ host: '::', auth: { staticTokens: [] } }), log);
    expect(lines[0]?.msg).toContain('only the Origin check');
    expect(lines[0]?.msg).toContain('--allow-unauthenticated');
  });
});
