/**
 * The Node.js version check the bin runs before anything else. It must run on whatever Node a desktop client
 * starts the bin with, as far back as Node can load src/cli.ts at all (an ES module with top-level await,
 * Node 14.8): no imports, nothing newer than ES2020. Pure. Tested in test/package/node-version.test.ts, and
 * on a real old Node against the installed package in test/package/user-path.test.ts.
 */

/** `>=22.12` (the form package.json's engines field uses) to [22, 12, 0]. */
export function minimumVersion(range: string): [number, number, number] {
  const m = /^\s*>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range);
  if (!m) throw new Error(`engines.node must be of the form '>=X.Y.Z', not '${range}'`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** [22, 12, 0] to `22.12`, [22, 12, 1] to `22.12.1`. */
function versionText([major, minor, patch]: [number, number, number]): string {
  return patch === 0 ? `${major}.${minor}` : `${major}.${minor}.${patch}`;
}

/**
 * The one line to print when `found` (`process.versions.node`, e.g. `20.20.2`) is older than `range`;
 * undefined when it is not. `execPath` names the Node that was started, since a desktop client may pick
 * another one than the user's shell does.
 */
export function nodeVersionProblem(found: string, range: string, execPath?: string): string | undefined {
  const need = minimumVersion(range);
  const version = found.replace(/^v/, '');
  const have = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < 3; i++) {
    const h = have[i] ?? 0;
    const n = need[i] ?? 0;
    if (h > n) return undefined;
    if (h < n) {
      const which = execPath ? ` (${execPath})` : '';
      return (
        `stepfunctions-tool-mcp-server needs Node.js >=${versionText(need)} but was started with Node.js ` +
        `${version}${which}; install Node.js ${versionText(need)} or newer, or point the MCP client's ` +
        `"command" at a newer node`
      );
    }
  }
  return undefined;
}
