/** What the bridge's tool calls and task side share: the AWS clients, the settings and the process-wide state. */
import type { CallbackMachines } from '../approvals/index.js';
import type { AwsClients } from '../aws/clients.js';
import type { MachineTool } from '../catalog/types.js';
import type { Config } from '../config/index.js';
import type { TokenBucket } from '../aws/token-bucket.js';
import type { Logger } from '../log.js';
import { refusalResult } from '../execution/index.js';
import type { ToolResult } from '../mcp/provider.js';
import type { CallTracker } from './call-tracker.js';

export const SHUTTING_DOWN_MESSAGE = 'The server is shutting down; retry on another instance.';

export interface BridgeShared {
  clients: AwsClients;
  config: Config;
  log: Logger;
  /** GetExecutionHistory reads for progress and task status messages (see STATE_READS_PER_SECOND). */
  statePacer: TokenBucket;
  calls: CallTracker;
  /** Which machines can wait for a task token, so that their waits watch for approvals. */
  callbacks: CallbackMachines;
  /** The machine tools served, from the current catalogue (waits for the first one). */
  machineTools(): Promise<MachineTool[]>;
  /** A tool's machine was found deleted: re-read the catalogue so the tool leaves the list. */
  machineGone(): void;
}

/** The machine tools a caller may use (all of them unless HTTP tool scopes narrow it). */
export function visibleTo(
  tools: MachineTool[],
  ctx: { allowTool?: (toolName: string) => boolean },
): MachineTool[] {
  const allow = ctx.allowTool;
  return allow ? tools.filter((t) => allow(t.name)) : tools;
}

export function shuttingDown(): ToolResult {
  return refusalResult(SHUTTING_DOWN_MESSAGE);
}

/** Standard machines run as tasks (the execution ARN is the task); Express ones answer in the call. */
export function isTaskCapable(tool: MachineTool): boolean {
  return tool.machine.type === 'STANDARD';
}
