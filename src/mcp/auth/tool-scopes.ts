/**
 * Authorization by token scope: `scope=glob|glob;scope2=glob` says which tools a caller holding a
 * scope may list and call. Globs are over tool names; `*` matches any run of characters and `?` one
 * character. A caller's tools are the union over its scopes; a scope the mapping does not name
 * grants nothing. The globs are compiled once, when the mapping is parsed at start; per request only
 * the rules of the caller's scopes are selected. Pure functions, plus a ToolProvider wrapper that
 * applies the result.
 */
import type { Answer, AppProvider, TaskCallContext, ToolProvider } from '../provider.js';

export interface ToolScopeRule {
  scope: string;
  /** The globs as configured. */
  patterns: string[];
  /** The same globs compiled, one RegExp each (globToRegExp), in the same order. */
  regexps: RegExp[];
}

/** RFC 6749 scope-token characters: printable ASCII except space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Parses the mapping; throws an Error whose message says which entry is wrong and why. */
export function parseToolScopes(spec: string): ToolScopeRule[] {
  const byScope = new Map<string, string[]>();
  for (const raw of spec.split(';')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new Error(`'${entry}' is not scope=glob|glob`);
    const scope = entry.slice(0, eq).trim();
    if (!SCOPE_TOKEN.test(scope)) throw new Error(`'${scope}' is not a valid OAuth scope`);
    const patterns = entry
      .slice(eq + 1)
      .split('|')
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
    if (patterns.length === 0) throw new Error(`scope '${scope}' names no tools`);
    for (const p of patterns) {
      if (!/^[A-Za-z0-9_*?-]+$/.test(p)) {
        throw new Error(`'${p}' is not a tool-name glob (letters, digits, _, * and ? only)`);
      }
    }
    byScope.set(scope, [...(byScope.get(scope) ?? []), ...patterns]);
  }
  if (byScope.size === 0) throw new Error('the mapping is empty');
  return [...byScope].map(([scope, patterns]) => ({ scope, patterns, regexps: patterns.map(globToRegExp) }));
}

export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

/** The tools a caller with `scopes` may see and call: the rules' compiled globs, selected by scope. */
export function allowedTools(
  rules: readonly ToolScopeRule[],
  scopes: readonly string[],
): (toolName: string) => boolean {
  const held = new Set(scopes);
  const regexps = rules.filter((r) => held.has(r.scope)).flatMap((r) => r.regexps);
  if (regexps.length === 0) return () => false;
  return (toolName) => regexps.some((r) => r.test(toolName));
}

/** Every scope the mapping names, for `scopes_supported` in the protected-resource metadata. */
export function scopesOfRules(rules: readonly ToolScopeRule[]): string[] {
  return rules.map((r) => r.scope);
}

/**
 * The provider as one caller sees it: tools outside `allow` are absent from tools/list, and calling
 * one (directly or as a task) answers exactly as an unknown tool does (undefined), so a refusal
 * reveals nothing about tools the caller may not see. Reads of earlier results (get_execution_result,
 * tasks/get, tasks/result, tasks/cancel, tasks/update) and resources carry `allow` too, so they reach only
 * the executions and definitions of machines the caller may use: another machine's are "not found".
 */
export function filterProvider(provider: ToolProvider, allow: (toolName: string) => boolean): ToolProvider {
  const { tasks, resources, apps } = provider;
  const answerTask = tasks?.answerTask?.bind(tasks);
  return {
    ...(apps ? { apps: filterApps(apps, allow) } : {}),
    listTools: async (progress) => (await provider.listTools(progress)).filter((t) => allow(t.name)),
    callTool: async (name, args, ctx) =>
      allow(name) ? provider.callTool(name, args, { ...ctx, allowTool: allow }) : undefined,
    ...(provider.instructions !== undefined ? { instructions: provider.instructions } : {}),
    ...(provider.listTtlMs !== undefined ? { listTtlMs: provider.listTtlMs } : {}),
    ...(tasks
      ? {
          tasks: {
            startTask: async (name, args, ctx) =>
              allow(name) ? tasks.startTask(name, args, { ...ctx, allowTool: allow }) : undefined,
            getTask: (taskId, ctx) => tasks.getTask(taskId, { ...ctx, allowTool: allow }),
            awaitTask: (taskId, ctx) => tasks.awaitTask(taskId, { ...ctx, allowTool: allow }),
            cancelTask: (taskId, ctx) => tasks.cancelTask(taskId, { ...ctx, allowTool: allow }),
            ...(answerTask
              ? {
                  answerTask: (taskId: string, answers: Record<string, Answer>, ctx: TaskCallContext) =>
                    answerTask(taskId, answers, { ...ctx, allowTool: allow }),
                }
              : {}),
          },
        }
      : {}),
    ...(resources
      ? {
          resources: {
            listResources: (ctx) => resources.listResources({ ...ctx, allowTool: allow }),
            listResourceTemplates: (ctx) => resources.listResourceTemplates({ ...ctx, allowTool: allow }),
            readResource: (uri, ctx) => resources.readResource(uri, { ...ctx, allowTool: allow }),
          },
        }
      : {}),
  };
}

/**
 * Views follow their tools: a caller sees the views of its tools only, and what views read is narrowed to
 * its tools (the app-only tools themselves are not named by scopes).
 */
function filterApps(apps: AppProvider, allow: (toolName: string) => boolean): AppProvider {
  return {
    ...apps,
    viewUri: (name) => (allow(name) ? apps.viewUri(name) : undefined),
    readView: (uri, ctx) => apps.readView(uri, { ...ctx, allowTool: allow }),
    callAppTool: (name, args, ctx) => apps.callAppTool(name, args, { ...ctx, allowTool: allow }),
  };
}
