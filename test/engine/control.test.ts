import { describe, expect, it } from 'vitest';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { startEngine } from '../../src/engine/index.js';
import { useEngine } from '../helpers/engine.js';

/** Fault injection and the call log are served only when asked for, and only on a loopback address. */

describe('an engine started without control', () => {
  const local = useEngine({ control: false });

  it('serves health and the AWS APIs, and answers the other /_local routes with 404 saying how to turn them on', async () => {
    expect(local.engine.control).toBe(false);
    const health = await fetch(`${local.engine.endpoint}/_local/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', stateMachines: 0, runningExecutions: 0 });
    expect((await local.sfn.send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
    for (const [method, path] of [
      ['GET', 'calls'],
      ['DELETE', 'calls'],
      ['GET', 'faults'],
      ['PUT', 'faults'],
      ['DELETE', 'faults'],
    ] as const) {
      const res = await fetch(`${local.engine.endpoint}/_local/${path}`, {
        method,
        ...(method === 'PUT' ? { body: JSON.stringify({ throttleRate: 1 }) } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(404);
      const body = (await res.json()) as { message: string };
      expect(body.message).toMatch(/control: true.*--control/);
    }
    // The PUT above changed nothing: calls are still answered.
    expect((await local.sfn.send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
  });

  it('refuses engine.faults and engine.calls in code, saying how to turn them on', () => {
    expect(() => local.engine.faults.set({ latencyMs: 1 })).toThrow(/control: true/);
    expect(() => local.engine.faults.get()).toThrow(/engine\.faults is off/);
    expect(() => local.engine.calls.counts()).toThrow(/engine\.calls is off/);
  });
});

describe('an engine started with control', () => {
  it('is refused on a bind address other machines reach, before it listens', async () => {
    await expect(startEngine({ control: true, host: '0.0.0.0' })).rejects.toThrow(
      /^control: true .*loopback.*\(host\) is '0\.0\.0\.0'/,
    );
  });

  const local = useEngine({ control: true });

  it('logs AWS calls and serves the controls', async () => {
    expect(local.engine.control).toBe(true);
    await local.sfn.send(new ListStateMachinesCommand({}));
    expect(local.engine.calls.counts()).toEqual({ ListStateMachines: 1 });
    expect((await fetch(`${local.engine.endpoint}/_local/calls`)).status).toBe(200);
  });
});
