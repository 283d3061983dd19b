import { ApiError } from './errors.js';
import { optInt, optString, type Body } from './validate.js';

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

/**
 * The page a Step Functions List* request asks for: its `maxResults` (0..1000) and `nextToken` (at most
 * `tokenMax` characters) applied to `items`.
 */
export function requestedPage<T>(
  body: Body,
  items: readonly T[],
  listing: Omit<PageRequest<T>, 'token' | 'size'>,
  tokenMax = 1024,
): { page: T[]; nextToken?: string } {
  const size = pageSize(optInt(body, 'maxResults', 0, 1000));
  const token = optString(body, 'nextToken', { max: tokenMax });
  return paginate(items, { ...listing, token, size });
}

/**
 * How a listing's items are ordered by their position. `ascending` and
 * `descending` resume at the items past the token's position, so a page stays
 * right while items are added or removed meanwhile. `listed` items have no
 * order of their own (newest first, say): the page resumes after the item at
 * the token's position, which must still be listed.
 */
export type PageOrder = 'ascending' | 'descending' | 'listed';

export interface PageRequest<T> {
  /** The listing the tokens belong to; a token from another listing is refused. */
  scope: string;
  /** The caller's token; absent starts at the first item. */
  token: string | undefined;
  size: number;
  /** The position the next token carries when `item` ends a page. */
  position: (item: T) => string | number;
  order: PageOrder;
  /** What an item is, for the error when a `listed` token's item is gone. */
  noun?: string;
}

/**
 * One page of `items` (already in listing order) and, when more follow, the
 * token for the next. Spread the result minus `page` into an answer to get
 * `nextToken` only when there is one.
 */
export function paginate<T>(items: readonly T[], request: PageRequest<T>): { page: T[]; nextToken?: string } {
  const { scope, token, size, position } = request;
  const rest = token === undefined ? items : itemsAfter(items, decodeToken(token, scope), request);
  const page = rest.slice(0, size);
  return rest.length > size ? { page, nextToken: encodeToken(scope, position(page.at(-1)!)) } : { page };
}

function itemsAfter<T>(
  items: readonly T[],
  after: string | number,
  { position, order, noun = 'item' }: PageRequest<T>,
): readonly T[] {
  if (order === 'listed') {
    const at = items.findIndex((item) => {
      const p = position(item);
      return typeof p === 'number' ? p === Number(after) : p === String(after);
    });
    if (at < 0)
      throw new ApiError('InvalidToken', `Invalid Token: the ${noun} the token points after is gone`);
    return items.slice(at + 1);
  }
  // A token's position is read as the kind of value the items' positions are.
  return items.filter((item) => {
    const p = position(item);
    if (typeof p === 'number') return order === 'ascending' ? p > Number(after) : p < Number(after);
    return order === 'ascending' ? p > String(after) : p < String(after);
  });
}
