/**
 * ListStateMachines, every page: the machines the account holds in the region. Discovery cannot go
 * on without it, so its failure fails the whole run (the SDK's retries absorb throttling).
 */
import {
  ListStateMachinesCommand,
  type SFNClient,
  type StateMachineListItem,
  type StateMachineType,
} from '@aws-sdk/client-sfn';
import type { MachineRef } from './types.js';

/** A listed machine, before the selection says which ARN its tool runs. */
export interface ListedStateMachine extends Pick<MachineRef, 'arn' | 'name' | 'type'> {
  /** ListStateMachines.creationDate (epoch ms): a deleted and re-created machine gets a new one. */
  creationDate: number | undefined;
}

/** Every page of ListStateMachines, following nextToken to the end. */
export async function listStateMachines(
  sfn: Pick<SFNClient, 'send'>,
  hooks: {
    onPage?: (listedSoFar: number, page: readonly StateMachineListItem[]) => void;
    onCall?: () => void;
  } = {},
): Promise<StateMachineListItem[]> {
  const { onPage, onCall } = hooks;
  const machines: StateMachineListItem[] = [];
  let nextToken: string | undefined;
  do {
    onCall?.();
    const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }));
    machines.push(...(page.stateMachines ?? []));
    onPage?.(machines.length, page.stateMachines ?? []);
    nextToken = page.nextToken;
  } while (nextToken);
  return machines;
}

/** The listed items that name a machine (an item without ARN or name has nothing to serve). Pure. */
export function listedMachines(items: readonly StateMachineListItem[]): ListedStateMachine[] {
  return items.flatMap((item) => {
    if (!item.stateMachineArn || !item.name) return [];
    const type: StateMachineType = item.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
    return [{ arn: item.stateMachineArn, name: item.name, type, creationDate: item.creationDate?.getTime() }];
  });
}
