/** The stop sequence's order and its failures, driven with recording stand-ins for the parts it stops. */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import {
  Shutdown,
  type ShutdownParts,
  type StoppingHttpServer,
} from '../../../src/commands/serve/shutdown.js';

/** A logger whose lines land in `lines`. */
function recordingLogger(lines: Array<Record<string, unknown>>) {
  return pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
}

function parts(steps: string[], overrides: Partial<ShutdownParts> = {}): ShutdownParts {
  return {
    log: recordingLogger([]),
    bridge: {
      stop: () => void steps.push('bridge.stop'),
      drain: async () => void steps.push('bridge.drain'),
    },
    runtime: { close: async () => void steps.push('runtime.close') },
    graceSeconds: 2,
    ...overrides,
  };
}

function http(steps: string[], idle = true): StoppingHttpServer {
  return {
    stopAccepting: () => void steps.push('http.stopAccepting'),
    waitIdle: async (ms: number) => {
      steps.push(`http.waitIdle(${ms})`);
      return idle;
    },
    inFlight: () => 3,
    close: async () => void steps.push('http.close'),
  };
}

describe('Shutdown', () => {
  it('over HTTP: stop refreshing, stop accepting, grace, drain, flush, close the transports, then the AWS side', async () => {
    const steps: string[] = [];
    const shutdown = new Shutdown(parts(steps));
    shutdown.onClose(async () => void steps.push('other.close'));
    shutdown.attachHttp(http(steps));
    await shutdown.run('SIGTERM');
    expect(steps).toEqual([
      'bridge.stop',
      'http.stopAccepting',
      'http.waitIdle(2000)',
      'bridge.drain',
      'http.waitIdle(5000)',
      'http.close',
      'other.close',
      'runtime.close',
    ]);
  });

  it('over stdio: no HTTP steps', async () => {
    const steps: string[] = [];
    const shutdown = new Shutdown(parts(steps));
    shutdown.onClose(async () => void steps.push('stdio.close'));
    await shutdown.run('stdin closed');
    expect(steps).toEqual(['bridge.stop', 'bridge.drain', 'stdio.close', 'runtime.close']);
  });

  it('runs once: a second stop waits for the first', async () => {
    const steps: string[] = [];
    const shutdown = new Shutdown(parts(steps));
    const first = shutdown.run('SIGTERM');
    const second = shutdown.run('stdin closed');
    expect(second).toBe(first);
    await second;
    expect(steps.filter((s) => s === 'runtime.close')).toHaveLength(1);
  });

  it('logs what fails, with the error itself, and goes on', async () => {
    const steps: string[] = [];
    const lines: Array<Record<string, unknown>> = [];
    const shutdown = new Shutdown(
      parts(steps, {
        log: recordingLogger(lines),
        bridge: { stop: () => undefined, drain: () => Promise.reject(new Error('drain broke')) },
        runtime: { close: () => Promise.reject(new Error('close broke')) },
      }),
    );
    shutdown.onClose(() => Promise.reject(new Error('transport broke')));
    shutdown.attachHttp(http(steps, false));
    await shutdown.run('SIGTERM');
    expect(steps).toContain('http.close');
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings.map((l) => [l.msg, (l.err as { message: string }).message])).toEqual([
      ['error while draining', 'drain broke'],
      ['error while closing a transport', 'transport broke'],
      ['error while closing the AWS side', 'close broke'],
    ]);
    expect(
      lines.find((l) => l.msg === 'grace period over: answering in-flight calls with their execution ARNs'),
    ).toMatchObject({ inFlight: 3 });
  });
});
