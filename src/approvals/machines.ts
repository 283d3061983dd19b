/**
 * Which tools' machines can wait for a task token (and so for a person): learnt from the definition with
 * one DescribeStateMachine per machine (or version), kept for CALLBACK_CHECK_TTL_MS. Machines without a
 * callback Task are never watched, so their waits read no history for approvals.
 */
import { DescribeStateMachineCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { MachineTool } from '../catalog/types.js';
import type { Logger } from '../log.js';
import { hasCallbackTask } from './definition.js';

/** How long an answer is kept: a definition updated in place is seen within this. */
export const CALLBACK_CHECK_TTL_MS = 5 * 60_000;

export class CallbackMachines {
  private readonly known = new Map<string, { until: number; answer: Promise<boolean> }>();

  constructor(
    private readonly sfn: Pick<SFNClient, 'send'>,
    private readonly log: Logger,
  ) {}

  /** Whether executions of the tool's machine may wait for a task token. Never throws. */
  mayWait(tool: MachineTool): Promise<boolean> {
    if (tool.machine.type !== 'STANDARD') return Promise.resolve(false);
    // An alias routes to versions whose definitions may differ: watch it.
    if (tool.machine.alias !== undefined) return Promise.resolve(true);
    const arn = tool.machine.invokeArn;
    const now = performance.now();
    const hit = this.known.get(arn);
    if (hit && hit.until > now) return hit.answer;
    const answer = this.describe(arn);
    this.known.set(arn, { until: now + CALLBACK_CHECK_TTL_MS, answer });
    return answer;
  }

  private async describe(arn: string): Promise<boolean> {
    try {
      const out = await this.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
      return hasCallbackTask(out.definition);
    } catch (err) {
      // Unknown: watch, rather than miss a person's decision; asked again after the TTL.
      this.log.warn(
        { err, stateMachineArn: arn },
        'could not read the definition; watching its runs for approvals',
      );
      return true;
    }
  }
}
