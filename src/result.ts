/**
 * The one shape of a result that can fail, used across the tree: `{ ok: true, value }` or
 * `{ ok: false, error }`. A function that can refuse returns it; a function that cannot go on throws.
 */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** A plain JSON object (not null, not an array): what an execution input, a tag map or a schema node is. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The message of anything thrown, for a line a person reads (logs take the error itself under `err`). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
