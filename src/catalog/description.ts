/**
 * The tool description: the machine's description, the definition's Comment and, when the caller
 * passes it (src/catalog/assemble.ts decides), the input schema document, in that order, separated
 * by a blank line.
 */
import { isObject } from '../result.js';
import type { EventTemplate } from './types.js';

export interface DescriptionParts {
  machineName: string;
  /** DescribeStateMachine.description; blank counts as absent. */
  description?: string | undefined;
  /** Which version or alias the tool runs (see qualifierLine); absent for the machine itself. */
  qualifier?: string | undefined;
  /** The definition's top-level Comment (see definitionComment). */
  comment?: string | undefined;
  /** What the arguments are, when that is not the document's root (see eventArgumentsLine). */
  arguments?: string | undefined;
  /** The registry schema's Content string, as stored. */
  schemaDocument?: string | undefined;
  /** Why the document could not be used: the block then says the arguments are not checked. */
  schemaUnusable?: string | undefined;
}

/**
 * The top-level string `Comment` of an ASL definition. Parsed defensively: a
 * definition that is not JSON, not an object, or whose Comment is not a
 * non-blank string simply has no Comment.
 */
export function definitionComment(definition: string | undefined): string | undefined {
  if (!definition) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(definition);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  const comment = parsed.Comment;
  return typeof comment === 'string' && comment.trim() !== '' ? comment.trim() : undefined;
}

export function buildDescription(parts: DescriptionParts): string {
  // Trimmed so that the blank line between blocks stays exactly one blank line.
  const description = parts.description?.trim();
  const blocks = [description ? description : `AWS Step Functions state machine: ${parts.machineName}`];
  // Only version and alias tools get this block, so unqualified tools stay exactly the reference's.
  const qualifier = parts.qualifier?.trim();
  if (qualifier) blocks.push(qualifier);
  const comment = parts.comment?.trim();
  if (comment) blocks.push(`Workflow Description: ${comment}`);
  const args = parts.arguments?.trim();
  if (args) blocks.push(args);
  const schema = parts.schemaDocument?.trim();
  if (schema && parts.schemaUnusable !== undefined) {
    // Shown for the model to read, but never under the heading of a schema the server enforces.
    blocks.push(
      `Input not checked: the server could not use the input schema below (${parts.schemaUnusable}), ` +
        `so it accepts any JSON object as the input.\n${schema}`,
    );
  } else if (schema) {
    blocks.push(`Input Schema:\n${schema}`);
  }
  return blocks.join('\n\n');
}

/**
 * How an event tool's description says what its arguments are: the event's detail, which the server
 * wraps in the event EventBridge would deliver.
 */
export function eventArgumentsLine(event: EventTemplate): string {
  const what =
    event.detailType !== undefined && event.source !== undefined
      ? `the EventBridge event "${event.detailType}" from ${event.source}`
      : "the EventBridge event the machine's registry schema describes";
  const envelope = event.envelopeArgument
    ? ` The optional "${event.envelopeArgument}" argument sets any of those fields.`
    : '';
  return (
    `Arguments: the detail of ${what}. The server starts the execution with the whole event around them ` +
    `(version, id, detail-type, source, account, time, region, resources and detail), as an EventBridge rule delivers it.${envelope}`
  );
}

/** How a version or alias tool says what it runs, e.g. `Alias: prod of orders (routes to version 3)`. */
export type QualifierInfo =
  | { kind: 'version'; version: string }
  | { kind: 'alias'; alias: string; routes: ReadonlyArray<{ version: string; weight: number }> };

export function qualifierLine(machineName: string, q: QualifierInfo): string {
  if (q.kind === 'version') return `Version: ${q.version} of ${machineName}`;
  const routes = [...q.routes].sort((a, b) => b.weight - a.weight);
  const target =
    routes.length === 0
      ? ''
      : routes.length === 1
        ? ` (routes to version ${routes[0]!.version})`
        : ` (routes to ${routes.map((r) => `version ${r.version} at ${r.weight}%`).join(' and ')})`;
  return `Alias: ${q.alias} of ${machineName}${target}`;
}
