import { ApiError } from './errors.js';

/**
 * Opaque page tokens. A token carries the position after which the next page
 * starts and the listing it belongs to, so a token from one listing is
 * refused by another instead of silently returning the wrong page.
 */

interface TokenBody {
  s: string;
  p: string | number;
}

export function encodeToken(scope: string, position: string | number): string {
  return Buffer.from(JSON.stringify({ s: scope, p: position } satisfies TokenBody)).toString('base64url');
}

export function decodeToken(token: string, scope: string): string | number {
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
    if (body.s === scope && (typeof body.p === 'string' || typeof body.p === 'number')) return body.p;
  } catch {
    // fall through to the error below
  }
  throw new ApiError(
    'InvalidToken',
    `Invalid Token: '${token.slice(0, 64)}' is not a nextToken returned by this listing`,
  );
}

/** maxResults: 0 or absent means the default page size, as in AWS. */
export function pageSize(requested: number | undefined, fallback = 100): number {
  return requested === undefined || requested === 0 ? fallback : requested;
}
