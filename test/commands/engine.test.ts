import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/index.js';
import { engineCommand } from '../../src/commands/engine.js';
import { machineFolder } from '../helpers/engine.js';
import { captureStderr } from '../helpers/log-capture.js';
import { waitFor } from '../helpers/wait-for.js';

describe('the engine subcommand', () => {
  it('starts the engine from a folder and prints its endpoint and machines on stdout; --control serves the controls, --quotas the quotas', async () => {
    const folder = await machineFolder({
      Hello: { 'definition.asl.json': { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } } },
    });
    const script = `import { engineCommand } from './src/commands/engine.ts';
      const fail = (error) => { console.error(String(error)); process.exit(2); };
      await engineCommand(fail).parseAsync(['--dir', process.env.ENGINE_DIR, '--port', '0', '--control', '--quotas', 'other', '--quotas-scale', '2'], { from: 'user' });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, ENGINE_DIR: folder.dir, SFN_MCP_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    captureStderr('engine-command', child.stderr);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const line = await waitFor(
        async () => stdout.split('\n').find((l) => l.startsWith('Local Step Functions engine listening on')),
        `the ready line (stderr: ${stderr})`,
        20_000,
      );
      expect(line).toMatch(
        /^Local Step Functions engine listening on http:\/\/127\.0\.0\.1:\d+ \(serving 1 state machine\(s\): Hello\)$/,
      );
      const endpoint = /on (http:\/\/\S+)/.exec(line)![1]!;
      const health = await fetch(`${endpoint}/_local/health`);
      expect(await health.json()).toMatchObject({ status: 'ok', stateMachines: 1 });
      const faults = await fetch(`${endpoint}/_local/faults`);
      expect(faults.status).toBe(200);
      expect(await faults.json()).toEqual({ latencyMs: 0, throttleRate: 0, waitScale: 1 });
      const quotas = await fetch(`${endpoint}/_local/quotas`);
      expect(await quotas.json()).toMatchObject({
        enabled: true,
        table: 'other',
        scale: 2,
        throttled: { total: 0 },
      });
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
      await folder.cleanup();
    }
  });

  it('refuses --control on a bind address other machines reach, naming the flags and the address', async () => {
    const thrown = await engineCommand((error) => {
      throw error;
    })
      .parseAsync(['--control', '--host', '0.0.0.0', '--port', '0'], { from: 'user' })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toMatch(/^--control .*loopback.*\(--host\) is '0\.0\.0\.0'/);
  });

  it.each([
    [['--quotas-scale', '2'], /^--quotas-scale: needs --quotas$/],
    [['--quotas', 'huge'], /^--quotas must be auto, large or other, got 'huge'$/],
    [['--quotas', '--quotas-scale', '0'], /^--quotas-scale must be a number above 0, at most 1000, got '0'$/],
  ])('refuses %j, naming the flag', async (flags, message) => {
    const thrown = await engineCommand((error) => {
      throw error;
    })
      .parseAsync(['--port', '0', ...flags], { from: 'user' })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toMatch(message);
  });
});
