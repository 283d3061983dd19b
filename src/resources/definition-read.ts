/**
 * A machine's definition as its tool runs it: the machine's, the version's, or for an alias the version
 * it sends most executions to (as the tool's description does, src/catalog/describe.ts).
 */
import {
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { aliasTarget } from '../catalog/describe.js';
import type { MachineTool } from '../catalog/types.js';

export interface MachineDefinition {
  /** The Amazon States Language document, as Step Functions holds it. */
  definition: string;
  /** The state machine or version ARN it was read from. */
  describedArn: string;
}

/** Throws the AWS SDK's error when a read fails. */
export async function readDefinition(
  sfn: Pick<SFNClient, 'send'>,
  tool: MachineTool,
  signal?: AbortSignal,
): Promise<MachineDefinition> {
  const { machine } = tool;
  let describedArn = machine.version !== undefined ? machine.invokeArn : machine.arn;
  if (machine.alias !== undefined) {
    const alias = await sfn.send(
      new DescribeStateMachineAliasCommand({ stateMachineAliasArn: machine.invokeArn }),
      {
        abortSignal: signal,
      },
    );
    describedArn = aliasTarget(machine.arn, machine.alias, alias.routingConfiguration ?? []).arn;
  }
  const out = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: describedArn }), {
    abortSignal: signal,
  });
  return { definition: out.definition ?? '', describedArn };
}
