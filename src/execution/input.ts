/** The execution input: unwrapped from the arguments, serialised, and held to Step Functions' size limit. */
import type { MachineTool } from '../catalog/types.js';
import { fail, isObject, ok, type Result } from '../result.js';

/** Step Functions refuses inputs over 256 KiB of UTF-8. */
export const MAX_INPUT_BYTES = 262_144;

/** With a wrapped (non-object) schema, the execution input is `args.input`; otherwise the arguments themselves. */
export function executionInputOf(tool: MachineTool, args: unknown): unknown {
  if (!tool.wrapsInput) return args;
  return isObject(args) ? args.input : undefined;
}

/** The input as Step Functions receives it, or why it is refused. */
export type SerialisedInput = Result<{ json: string | undefined; bytes: number }>;

/** `json` is undefined when there is no input at all: Step Functions then uses `{}`. */
export function serialiseInput(input: unknown): SerialisedInput {
  const json = input === undefined ? undefined : JSON.stringify(input);
  const bytes = json === undefined ? 0 : Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_INPUT_BYTES) {
    return fail(
      `Input too large: ${bytes.toLocaleString('en-US')} bytes as JSON (UTF-8), over Step Functions' limit of ` +
        `${MAX_INPUT_BYTES.toLocaleString('en-US')} bytes (256 KiB); no execution was started. ` +
        'Send less data, or a reference to it (for example an S3 URI) instead of the data itself.',
    );
  }
  return ok({ json, bytes });
}

/**
 * The fields StartExecution and StartSyncExecution share: the ARN the tool runs, the call's name, the
 * input, and the X-Ray trace header when the request carried a trace context.
 */
export function startParameters(
  tool: { machine: { invokeArn: string } },
  name: string,
  inputJson: string | undefined,
  traceHeader?: string,
): { stateMachineArn: string; name: string; input?: string; traceHeader?: string } {
  return {
    stateMachineArn: tool.machine.invokeArn,
    name,
    ...(inputJson !== undefined ? { input: inputJson } : {}),
    ...(traceHeader !== undefined ? { traceHeader } : {}),
  };
}
