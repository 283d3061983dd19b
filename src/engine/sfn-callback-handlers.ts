import { errorMessage } from '../result.js';
import { ApiError } from './errors.js';
import type { SfnOperation } from './sfn-handlers.js';
import { optString, reqString, type Body } from './validate.js';

/**
 * SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: the answers to a `.waitForTaskToken` Task, with
 * the limits and errors of the API reference (InvalidOutput, InvalidToken, TaskDoesNotExist, TaskTimedOut).
 */

const MAX_TOKEN_CHARS = 2048;
const MAX_OUTPUT_CHARS = 262_144;

function token(body: Body): string {
  return reqString(body, 'taskToken', { max: MAX_TOKEN_CHARS });
}

export const callbackOperations: Record<string, SfnOperation> = {
  SendTaskSuccess(body, ctx) {
    const taskToken = token(body);
    const text = reqString(body, 'output', { max: MAX_OUTPUT_CHARS });
    let output: unknown;
    try {
      output = JSON.parse(text);
    } catch (err) {
      throw new ApiError(
        'InvalidOutput',
        `Invalid Output: the output must be a JSON text (${errorMessage(err)})`,
      );
    }
    ctx.store.tokens.succeed(taskToken, output);
    return {};
  },

  SendTaskFailure(body, ctx) {
    const taskToken = token(body);
    const error = optString(body, 'error', { max: 256 });
    const cause = optString(body, 'cause', { max: 32_768 });
    ctx.store.tokens.fail(taskToken, error, cause);
    return {};
  },

  SendTaskHeartbeat(body, ctx) {
    ctx.store.tokens.heartbeat(token(body));
    return {};
  },
};
