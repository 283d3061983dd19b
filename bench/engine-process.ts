/**
 * The local engine in a process of its own (the built CLI's `engine` subcommand), so that a server
 * measured against it is measured alone, as against AWS: the engine's memory and CPU are not the server's.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { CLI } from '../test/helpers/server.js';

/** Where the engine process serves, with the defaults every ARN it builds carries. */
export interface EngineProcess {
  endpoint: string;
  region: string;
  accountId: string;
  close(): Promise<void>;
}

/** The engine subcommand on a free port; `args` adds flags (`--dir`, `--quotas`, `--control`...). */
export async function startEngineProcess(args: string[] = []): Promise<EngineProcess> {
  const child = spawn(process.execPath, [CLI, 'engine', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const close = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`the engine exited with ${code}:\n${stderr}`)));
    });
    return { endpoint, region: 'us-east-1', accountId: '123456789012', close };
  } catch (err) {
    await close();
    throw err;
  }
}
