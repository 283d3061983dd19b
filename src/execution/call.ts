/**
 * Running a tool: validate, start the machine (Express: StartSyncExecution; Standard: StartExecution and
 * a wait), and map every outcome to a plain CallToolResult-shaped object. Knows nothing of MCP transports.
 */
import { randomUUID } from 'node:crypto';
import type { AwsClients } from '../aws/clients.js';
import type { MachineTool } from '../catalog/types.js';
import { awsErrorInfo } from '../aws/errors.js';
import { fail, ok, type Result } from '../result.js';
import { eventInput } from './event-envelope.js';
import { runExpress } from './express.js';
import { executionInputOf, serialiseInput } from './input.js';
import { refusalResult } from './results.js';
import { runStandard } from './standard.js';
import { startStandard, type Started } from './start.js';
import type { RunOptions, ToolCallResult } from './types.js';
import { checkArguments } from './validate.js';

/** The execution input as JSON (undefined: none), or the refusal to return. */
type Prepared = Result<string | undefined, ToolCallResult>;

/**
 * Everything refused before any AWS call: schema validation (absent arguments = `{}`) and the 256 KiB
 * limit on the execution input (unwrapped when the tool wraps a non-object schema; for an event tool,
 * the event built around the arguments, its detail).
 */
function prepare(tool: MachineTool, args: unknown): Prepared {
  const checked = checkArguments(tool, args);
  if (!checked.ok) return fail(refusalResult(checked.error));
  const { event } = tool;
  const input = event
    ? eventInput({ ...tool, event }, checked.value, { now: new Date(), id: randomUUID() })
    : executionInputOf(tool, checked.value);
  const serialised = serialiseInput(input);
  if (!serialised.ok) return fail(refusalResult(serialised.error));
  return ok(serialised.value.json);
}

/** Runs the tool's machine with the call's arguments. Never throws: every outcome is a result. */
export async function callMachineTool(
  clients: AwsClients,
  tool: MachineTool,
  args: unknown,
  opts: RunOptions,
): Promise<ToolCallResult> {
  const startedAt = performance.now();
  try {
    const p = prepare(tool, args);
    if (!p.ok) {
      opts.log.info({ tool: tool.name, machineArn: tool.machine.arn }, 'call refused before start');
      return p.error;
    }
    const held = await opts.beforeStart?.();
    if (held) return held;
    return tool.machine.type === 'EXPRESS'
      ? await runExpress(clients, tool, p.value, opts, startedAt)
      : await runStandard(clients, tool, p.value, opts, startedAt);
  } catch (err) {
    return internalError(err, opts, tool);
  }
}

/**
 * Starts a Standard execution and returns at once (for MCP tasks): validation and the 256 KiB limit first,
 * then StartExecution with a per-call name. Never throws.
 */
export async function startExecution(
  clients: AwsClients,
  tool: MachineTool,
  args: unknown,
  opts: RunOptions,
): Promise<Started> {
  try {
    const p = prepare(tool, args);
    if (!p.ok) return p;
    const held = await opts.beforeStart?.();
    if (held) return fail(held);
    return await startStandard(clients, tool, p.value, opts, performance.now());
  } catch (err) {
    return fail(internalError(err, opts, tool));
  }
}

function internalError(err: unknown, opts: RunOptions, tool: MachineTool): ToolCallResult {
  opts.log.error(
    { err, tool: tool.name, machineArn: tool.machine.arn },
    'unexpected error while running a tool',
  );
  const info = awsErrorInfo(err);
  return refusalResult(
    `Internal error while running the tool: ${info.name}: ${info.message}. The operator should check the server logs.`,
  );
}
