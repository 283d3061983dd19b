/** Argument validation against the tool's inputSchema (Ajv, JSON Schema 2020-12), before any AWS call. */
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { MachineTool } from '../catalog/types.js';
import { compileSchema } from '../catalog/index.js';
import { MAX_ARGUMENT_DEPTH, nestingDepth, tooDeepArguments } from '../json-nesting.js';
import { fail, ok, type Result } from '../result.js';

/** Lines listed before "... and N more": enough to fix a call, short enough for a model's context. */
const MAX_LISTED = 30;

function pointer(path: string): string {
  return path === '' ? '(root)' : path;
}

/** One Ajv error in words a model can act on: `/customerId: must be string`. */
export function describeAjvError(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  let rule = e.message ?? `fails "${e.keyword}"`;
  switch (e.keyword) {
    case 'additionalProperties':
      rule = `must NOT have additional property '${String(p.additionalProperty)}'`;
      break;
    case 'unevaluatedProperties':
      rule = `must NOT have unevaluated property '${String(p.unevaluatedProperty)}'`;
      break;
    case 'enum':
      rule = `must be one of ${JSON.stringify(p.allowedValues)}`;
      break;
    case 'const':
      rule = `must be ${JSON.stringify(p.allowedValue)}`;
      break;
  }
  return `${pointer(e.instancePath)}: ${rule}`;
}

/** Each failing path and rule, one per line, without repeats. */
export function formatValidationErrors(errors: readonly ErrorObject[]): string[] {
  const lines = [...new Set(errors.map(describeAjvError))];
  if (lines.length <= MAX_LISTED) return lines;
  return [...lines.slice(0, MAX_LISTED), `... and ${lines.length - MAX_LISTED} more`];
}

/** The arguments to run with (absent = `{}`), or the refusal's message. */
export type ArgumentCheck = Result<unknown>;

/**
 * Validates the call's arguments (absent = `{}`) against the tool's inputSchema. `nothingDone` says, in
 * a refusal, what did not happen: a workflow tool started no execution; a read-only tool read nothing.
 */
export function checkArguments(
  tool: MachineTool,
  args: unknown,
  nothingDone = 'no execution was started',
): ArgumentCheck {
  const value = args === undefined || args === null ? {} : args;
  // Measured first, without recursion: the validator, the size check and JSON.stringify all recurse.
  if (nestingDepth(value, MAX_ARGUMENT_DEPTH) > MAX_ARGUMENT_DEPTH) {
    return fail(tooDeepArguments(tool.name, nothingDone));
  }
  const compiled = compileSchema(tool.inputSchema, tool.checkedFormats);
  if (!compiled.ok) {
    return fail(
      `The input schema of tool "${tool.name}" could not be compiled (${compiled.error}); ` +
        `${nothingDone}. The operator should fix the schema in the schema registry.`,
    );
  }
  if (compiled.value(value)) return ok(value);
  const lines = formatValidationErrors(compiled.value.errors ?? []);
  return fail(
    `Invalid arguments for tool "${tool.name}"; ${nothingDone}. Fix these and call again:\n` +
      lines.map((l) => `- ${l}`).join('\n'),
  );
}
