import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { machineFolder, waitFor } from './helpers.js';

describe('runEngineCommand', () => {
  it('starts the engine from a folder and prints its endpoint and machines on stdout', async () => {
    const folder = await machineFolder({
      Hello: { 'definition.asl.json': { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } } },
    });
    const script = `import { runEngineCommand } from './src/commands/engine.ts';
      await runEngineCommand({ dir: process.env.ENGINE_DIR, port: 0 });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, ENGINE_DIR: folder.dir, SFN_MCP_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
      await folder.cleanup();
    }
  });
});
