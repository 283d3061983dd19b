import type { RunIdentity } from './runtime.js';

/**
 * The context object (`$$` in JSONPath, `$states.context` in JSONata), with the fields AWS documents
 * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html).
 */

export interface MapItem {
  Index: number;
  Value: unknown;
  /** Set when the Map iterates over an object's members (JSONata Items). */
  Key?: string;
}

export interface ContextParts {
  stateName: string;
  enteredTime: string;
  /** Task, Parallel and Map states carry State.RetryCount. */
  retryCount?: number;
  taskToken?: string;
  mapItem?: MapItem;
}

export function contextObject(id: RunIdentity, parts: ContextParts): Record<string, unknown> {
  return {
    Execution: {
      Id: id.executionArn,
      Input: id.input,
      Name: id.executionName,
      RoleArn: id.roleArn,
      StartTime: id.startTime,
      RedriveCount: id.redriveCount,
      ...(id.redriveTime !== undefined ? { RedriveTime: id.redriveTime } : {}),
    },
    State: {
      EnteredTime: parts.enteredTime,
      Name: parts.stateName,
      ...(parts.retryCount !== undefined ? { RetryCount: parts.retryCount } : {}),
    },
    StateMachine: { Id: id.machineArn, Name: id.machineName },
    ...(parts.taskToken !== undefined ? { Task: { Token: parts.taskToken } } : {}),
    ...(parts.mapItem !== undefined ? { Map: { Item: parts.mapItem } } : {}),
  };
}
