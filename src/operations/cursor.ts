/**
 * list_executions' paging cursor: opaque to the client, it carries AWS's page token together with the
 * listing it belongs to (the ARN listed and the status filter), so that a cursor from another listing is
 * refused rather than answered with AWS's less helpful InvalidToken. Pure.
 */
import { fail, isObject, ok, type Result } from '../result.js';

export interface ListingPosition {
  /** The ARN whose executions are listed. */
  arn: string;
  status?: string;
  /** ListExecutions' nextToken. */
  token: string;
}

const VERSION = 1;

export function encodeCursor(position: ListingPosition): string {
  const body = { v: VERSION, a: position.arn, s: position.status ?? null, t: position.token };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** AWS's page token, if `cursor` is one this server gave for the same listing. */
export function cursorToken(cursor: string, listing: { arn: string; status?: string }): Result<string> {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    body = undefined;
  }
  if (!isObject(body) || body.v !== VERSION || typeof body.t !== 'string' || typeof body.a !== 'string') {
    return fail(
      'Refused: cursor is not a cursor this server gave. Pass the nextCursor of an earlier list_executions ' +
        'answer as it is, or leave cursor out to start from the newest execution. Nothing was listed.',
    );
  }
  if (body.a !== listing.arn || (body.s ?? undefined) !== listing.status) {
    const status = typeof body.s === 'string' ? ` with status ${body.s}` : '';
    return fail(
      `Refused: this cursor continues the listing of ${body.a}${status}, not this one. Call list_executions ` +
        'with the same machine and status as the call that gave the cursor, or leave cursor out. Nothing was listed.',
    );
  }
  return ok(body.t);
}
