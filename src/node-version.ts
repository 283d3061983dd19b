/**
 * The Node.js version check the bin runs before anything else. Written for any Node a desktop client may
 * start the bin with: no imports, nothing newer than ES2015 in what it runs. Pure.
 */

/** `>=22.12` (the form package.json's engines field uses) to [22, 12, 0]. */
export function minimumVersion(range: string): [number, number, number] {
  const m = /^\s*>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range);
  if (!m) throw new Error(`engines.node must be of the form '>=X.Y.Z', not '${range}'`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** The one line to print when `found` (e.g. `20.20.2`) is older than `range`; undefined when it is not. */
export function nodeVersionProblem(found: string, range: string): string | undefined {
  const need = minimumVersion(range);
  const have = found
    .replace(/^v/, '')
    .split('.')
    .map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < 3; i++) {
    const h = have[i] ?? 0;
    const n = need[i] ?? 0;
    if (h > n) return undefined;
    if (h < n) {
      return (
        `stepfunctions-tool-mcp-server needs Node.js ${range.replace(/\s+/g, '')} but was started with ` +
        `Node.js ${found.replace(/^v/, '')}; install Node.js ${need[0]} or newer (or point your client's "command" at it)`
      );
    }
  }
  return undefined;
}
