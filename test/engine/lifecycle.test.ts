import { describe, expect, it } from 'vitest';
import { GetExecutionHistoryCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { machineFolder, sfnClient, startTestEngine } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('engine lifecycle', () => {
  it('close() aborts running executions, even a hanging handler and a long Wait, and leaves no timers', async () => {
    const folder = await machineFolder({
      Hang: {
        'definition.asl.json': {
          StartAt: 'Forever',
          States: {
            Forever: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              TimeoutSeconds: 3600,
              End: true,
            },
          },
        },
        // The handler never settles on its own; it reports when the engine aborts it.
        'handlers.mjs': `export default { Forever: (input, context) => new Promise(() => {
          context.signal.addEventListener('abort', () => { globalThis.__hangAborted = true; });
        }) };`,
      },
      Sleepy: {
        'definition.asl.json': {
          TimeoutSeconds: 3600,
          StartAt: 'Nap',
          States: { Nap: { Type: 'Wait', Seconds: 3600, End: true } },
        },
      },
    });
    const before = timers();
    const engine = await startTestEngine(folder.dir);
    const sfn = sfnClient(engine);
    try {
      engine.faults.set({ latencyMs: 1 });
      const arns = [];
      for (const name of ['Hang', 'Sleepy']) {
        const { executionArn } = await sfn.send(
          new StartExecutionCommand({
            stateMachineArn: `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`,
          }),
        );
        arns.push(executionArn!);
      }
      // Both runs have reached their hanging state before we close.
      for (const [executionArn, type] of [
        [arns[0], 'TaskStarted'],
        [arns[1], 'WaitStateEntered'],
      ] as const) {
        await waitFor(async () => {
          const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
          return h.events!.some((e) => e.type === type) ? true : undefined;
        }, `${type} in ${executionArn}`);
      }
      expect(timers()).toBeGreaterThan(before);
    } finally {
      sfn.destroy();
      // Resolves although a handler never settles and a Wait has an hour to go: close() aborts them
      // rather than waiting (the checks below prove the aborts; the test's time-out bounds the wait).
      await engine.close();
      await folder.cleanup();
    }
    expect((globalThis as { __hangAborted?: boolean }).__hangAborted).toBe(true);
    expect(timers()).toBeLessThanOrEqual(before);
    // The port no longer answers.
    await expect(fetch(`${engine.endpoint}/_local/health`)).rejects.toThrow();
  });
});
