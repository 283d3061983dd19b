import { describe, expect, it } from 'vitest';
import type { ApiError } from '../../src/engine/errors.js';
import { encodeToken, paginate, type PageRequest } from '../../src/engine/pagination.js';

const names = (...n: string[]): { name: string }[] => n.map((name) => ({ name }));
const byName = (token?: string, size = 2): PageRequest<{ name: string }> => ({
  scope: 'test',
  token,
  size,
  position: (item) => item.name,
  order: 'ascending',
});

/** Every page of a listing that does not change between calls. */
function pages<T>(items: readonly T[], request: PageRequest<T>): T[][] {
  const all: T[][] = [];
  let token: string | undefined;
  do {
    const { page, nextToken } = paginate(items, { ...request, token });
    all.push(page);
    token = nextToken;
  } while (token !== undefined);
  return all;
}

const invalidToken = expect.objectContaining({ type: 'InvalidToken' }) as ApiError;

describe('paginate', () => {
  it('returns one page and no token when everything fits', () => {
    expect(paginate(names('a', 'b'), byName())).toEqual({ page: names('a', 'b') });
    expect(paginate([], byName())).toEqual({ page: [] });
    expect('nextToken' in paginate(names('a'), byName())).toBe(false);
  });

  it('pages through in order, each item once', () => {
    const items = names('a', 'b', 'c', 'd', 'e');
    expect(pages(items, byName())).toEqual([names('a', 'b'), names('c', 'd'), names('e')]);
    // A last page that is exactly full carries no token.
    expect(pages(names('a', 'b', 'c', 'd'), byName())).toEqual([names('a', 'b'), names('c', 'd')]);
  });

  it('resumes after the last item returned, not at an index, when items come and go', () => {
    const first = paginate(names('a', 'b', 'c', 'd'), byName());
    expect(first.page).toEqual(names('a', 'b'));
    // 'b' itself is gone and 'a2' arrived before the position: neither shifts the next page.
    expect(paginate(names('a', 'a2', 'c', 'c2', 'd'), byName(first.nextToken, 2))).toEqual({
      page: names('c', 'c2'),
      nextToken: encodeToken('test', 'c2'),
    });
    // Nothing past the position any more: an empty last page.
    expect(paginate(names('a', 'b'), byName(first.nextToken))).toEqual({ page: [] });
  });

  it('pages a descending listing by numeric positions', () => {
    const newestFirst = [5, 4, 3, 2, 1].map((version) => ({ version }));
    const request: PageRequest<{ version: number }> = {
      scope: 'versions',
      token: undefined,
      size: 2,
      position: (v) => v.version,
      order: 'descending',
    };
    expect(pages(newestFirst, request).map((p) => p.map((v) => v.version))).toEqual([[5, 4], [3, 2], [1]]);
    const first = paginate(newestFirst, request);
    expect(first.nextToken).toBe(encodeToken('versions', 4));
    // Version 6 was published meanwhile: it is newer than the position and not repeated.
    const later = [6, 5, 4, 3].map((version) => ({ version }));
    expect(paginate(later, { ...request, token: first.nextToken }).page).toEqual([{ version: 3 }]);
  });

  it('reads a token position as the kind of value the positions are', () => {
    const ids = [1, 2, 10, 11].map((id) => ({ id }));
    const request = (token: string): PageRequest<{ id: number }> => ({
      scope: 's',
      token,
      size: 10,
      position: (e) => e.id,
      order: 'ascending',
    });
    // A string position '2' still compares as the number 2, so 10 and 11 follow it.
    expect(paginate(ids, request(encodeToken('s', '2'))).page).toEqual([{ id: 10 }, { id: 11 }]);
    // A numeric position 10 compares as the string '10' against string positions.
    expect(paginate(names('1', '10', '2', '9'), byName(encodeToken('test', 10), 10)).page).toEqual(
      names('2', '9'),
    );
  });

  it('resumes a listed (unordered) listing after the exact item, and refuses a token whose item is gone', () => {
    const arns = names('z', 'm', 'q', 'a');
    const request: PageRequest<{ name: string }> = { ...byName(), order: 'listed', noun: 'execution' };
    expect(pages(arns, request)).toEqual([names('z', 'm'), names('q', 'a')]);
    const first = paginate(arns, request);
    // Items listed before the position (newer ones) do not shift the next page.
    expect(paginate(names('new', 'z', 'm', 'q', 'a'), { ...request, token: first.nextToken }).page).toEqual(
      names('q', 'a'),
    );
    expect(() => paginate(names('z', 'q', 'a'), { ...request, token: first.nextToken })).toThrow(
      'Invalid Token: the execution the token points after is gone',
    );
    expect(() => paginate(names('z', 'q'), { ...request, token: first.nextToken, noun: undefined })).toThrow(
      /the item the token points after is gone/,
    );
  });

  it('refuses a token from another listing or one that is not a token, even with nothing to list', () => {
    const token = paginate(names('a', 'b', 'c'), byName()).nextToken!;
    expect(() => paginate(names('a', 'b', 'c'), { ...byName(token), scope: 'other' })).toThrow(invalidToken);
    expect(() => paginate([], byName('not-a-token'))).toThrow(invalidToken);
    expect(() => paginate([], byName(''))).toThrow(invalidToken);
  });
});
