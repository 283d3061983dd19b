import { randomBytes } from 'node:crypto';
import type { PendingToken, TokenIssuer, TokenOutcome } from './asl/runtime.js';
import { ApiError } from './errors.js';

/**
 * Task tokens of `.waitForTaskToken` Tasks (https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token):
 * issued when the Task starts, answered once by SendTaskSuccess or SendTaskFailure, kept alive by
 * SendTaskHeartbeat, closed when the Task ends however it ends (answered, timed out, execution stopped).
 * A token that is not one of ours is InvalidToken; one we never issued, TaskDoesNotExist; one that
 * was closed, TaskTimedOut — the three errors the SDK documents for these operations.
 */

const TOKEN_PREFIX = 'AQ';
const TOKEN = /^AQ[A-Za-z0-9_-]{48}$/;
// Closed tokens are remembered (to answer TaskTimedOut rather than TaskDoesNotExist) up to this many.
const MAX_CLOSED = 10_000;

interface Entry {
  executionArn: string;
  settle: (outcome: TokenOutcome) => void;
  listeners: (() => void)[];
}

export class TaskTokens implements TokenIssuer {
  private readonly open = new Map<string, Entry>();
  private readonly closed = new Set<string>();

  issue(executionArn: string): PendingToken {
    const token = TOKEN_PREFIX + randomBytes(36).toString('base64url');
    let settle!: (outcome: TokenOutcome) => void;
    const outcome = new Promise<TokenOutcome>((resolve) => (settle = resolve));
    const entry: Entry = { executionArn, settle, listeners: [] };
    this.open.set(token, entry);
    return {
      token,
      outcome,
      onHeartbeat: (listener) => entry.listeners.push(listener),
      close: () => this.close(token),
    };
  }

  succeed(token: string, output: unknown): void {
    const entry = this.take(token);
    entry.settle({ ok: true, output });
  }

  fail(token: string, error: string | undefined, cause: string | undefined): void {
    const entry = this.take(token);
    entry.settle({
      ok: false,
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
    });
  }

  heartbeat(token: string): void {
    for (const listener of this.lookup(token).listeners) listener();
  }

  /** The execution a token belongs to, for the call log. */
  executionOf(token: string): string | undefined {
    return this.open.get(token)?.executionArn;
  }

  private lookup(token: string): Entry {
    if (!TOKEN.test(token))
      throw new ApiError(
        'InvalidToken',
        `Invalid Token: '${token.slice(0, 64)}' is not a task token this engine issued`,
      );
    const entry = this.open.get(token);
    if (entry) return entry;
    if (this.closed.has(token))
      throw new ApiError(
        'TaskTimedOut',
        'Task Timed Out: the task token has either expired or the task associated with the token has already been closed',
      );
    throw new ApiError('TaskDoesNotExist', 'Task Does Not Exist: no task was issued this token');
  }

  /** The entry, closed: a token is answered once. */
  private take(token: string): Entry {
    const entry = this.lookup(token);
    this.close(token);
    return entry;
  }

  private close(token: string): void {
    if (!this.open.delete(token)) return;
    this.closed.add(token);
    if (this.closed.size > MAX_CLOSED) this.closed.delete(this.closed.values().next().value!);
  }
}
