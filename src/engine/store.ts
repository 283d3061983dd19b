import type { Type as SchemaType } from '@aws-sdk/client-schemas';
import type { ExecutionStatus as SfnExecutionStatus, StateMachineType } from '@aws-sdk/client-sfn';
import { TaskTokens } from './callbacks.js';
import type { CheckedDefinition } from './definition.js';
import { ApiError } from './errors.js';
import type { TaskHandlers } from './task-handlers.js';

/** The engine's in-memory account: machines, executions, schemas and their tags. */

/** In the order the engine's error messages list them. */
export const STATE_MACHINE_TYPES: readonly StateMachineType[] = ['STANDARD', 'EXPRESS'];

export interface MachineRecord {
  arn: string;
  name: string;
  type: StateMachineType;
  definitionText: string;
  checked: CheckedDefinition;
  roleArn: string;
  description?: string;
  creationDate: Date;
  /** Set by UpdateStateMachine; absent until the first update. */
  updateDate?: Date;
  /** Changes whenever the definition, role or description changes (UpdateStateMachine), as in AWS. */
  revisionId: string;
  tags: Map<string, string>;
  handlers: TaskHandlers;
  /** The folder a machine was loaded from: its Distributed Map items live under `<folder>/s3/`. */
  folder?: string;
  /** Published versions by number (PublishStateMachineVersion, `publish: true`). */
  versions: Map<number, VersionRecord>;
  /** Version numbers are never reused, even after a version is deleted. */
  nextVersion: number;
  aliases: Map<string, AliasRecord>;
}

/** An immutable snapshot of a machine's definition, role and description. */
export interface VersionRecord {
  version: number;
  arn: string;
  definitionText: string;
  checked: CheckedDefinition;
  roleArn: string;
  description?: string;
  creationDate: Date;
  /** The machine revision the version was published from. */
  revisionId: string;
}

export interface RouteRecord {
  versionArn: string;
  /** The version number `versionArn` names. */
  version: number;
  weight: number;
}

export interface AliasRecord {
  name: string;
  arn: string;
  description?: string;
  routing: RouteRecord[];
  creationDate: Date;
  updateDate: Date;
}

/** Every status of the SDK's but PENDING_REDRIVE: a redrive starts at once, so it is never seen pending. */
export type ExecutionStatus = Exclude<SfnExecutionStatus, 'PENDING_REDRIVE'>;

/** One GetExecutionHistory event as the engine keeps it (rendered into the SDK's `HistoryEvent`). */
export interface HistoryEventRecord {
  id: number;
  previousEventId: number;
  /** Epoch milliseconds. */
  timestamp: number;
  type: string;
  /** The AWS detail member, e.g. { stateEnteredEventDetails: { name, input } }. */
  details: Record<string, unknown>;
}

export interface ExecutionRecord {
  arn: string;
  name: string;
  machineArn: string;
  machineName: string;
  /** Set when the execution was started through a version ARN, or an alias routed it to a version. */
  versionArn?: string;
  /** Set when the execution was started through an alias ARN. */
  aliasArn?: string;
  type: StateMachineType;
  status: ExecutionStatus;
  input: string;
  /** The X-Ray trace header StartExecution or StartSyncExecution was given (DescribeExecution returns it). */
  traceHeader?: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
  history: HistoryEventRecord[];
  /** Aborts a running execution (StopExecution, engine close); a no-op once it has ended. */
  stop: (error?: string, cause?: string) => void;
  /** Resolves once the run has ended and its history is complete. */
  settled: Promise<void>;
  /** How many times RedriveExecution restarted it; 0 until then. */
  redriveCount: number;
  redriveDate?: Date;
  /** The clientToken of the last RedriveExecution, so that a retried request answers the same redrive. */
  redriveToken?: string;
  /**
   * Set once a Standard run has ended FAILED, TIMED_OUT or ABORTED: runs it again from where each of its
   * frames stood (RedriveExecution). Only such executions keep those checkpoints.
   */
  redrive?: () => void;
}

export type { SchemaType };
export const SCHEMA_TYPES: readonly SchemaType[] = ['OpenApi3', 'JSONSchemaDraft4'];

export interface SchemaVersionRecord {
  version: string;
  content: string;
  type: SchemaType;
  description?: string;
  created: Date;
}

export interface SchemaRecord {
  registry: string;
  name: string;
  arn: string;
  versions: SchemaVersionRecord[];
  tags: Record<string, string>;
  lastModified: Date;
}

// Ended executions kept for DescribeExecution and name idempotency; oldest go first.
const MAX_EXECUTIONS = 10_000;

export class Store {
  readonly machines = new Map<string, MachineRecord>();
  readonly executions = new Map<string, ExecutionRecord>();
  /** Express runs in flight, so that close() can abort them too. */
  readonly expressRuns = new Set<ExecutionRecord>();
  readonly schemas = new Map<string, SchemaRecord>();
  /** The tokens of `.waitForTaskToken` Tasks, answered by SendTaskSuccess / SendTaskFailure. */
  readonly tokens = new TaskTokens();

  addMachine(machine: MachineRecord): void {
    if (this.machines.has(machine.arn)) {
      throw new ApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${machine.arn}'`);
    }
    this.machines.set(machine.arn, machine);
  }

  /** Machines sorted by name, the order ListStateMachines pages through. */
  sortedMachines(): MachineRecord[] {
    return [...this.machines.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  addExecution(execution: ExecutionRecord): void {
    this.executions.set(execution.arn, execution);
    if (this.executions.size <= MAX_EXECUTIONS) return;
    for (const [arn, old] of this.executions) {
      if (old.status !== 'RUNNING') {
        this.executions.delete(arn);
        return;
      }
    }
  }

  running(): ExecutionRecord[] {
    return [...this.executions.values(), ...this.expressRuns].filter((e) => e.status === 'RUNNING');
  }

  schemaKey(registry: string, name: string): string {
    return `${registry}/${name}`;
  }
}
