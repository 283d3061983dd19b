/**
 * The tool description (DESIGN §3): the machine's description, the definition's
 * Comment and the input schema document, in that order, separated by a blank line.
 */

export interface DescriptionParts {
  machineName: string;
  /** DescribeStateMachine.description; blank counts as absent. */
  description?: string | undefined;
  /** The definition's top-level Comment (see definitionComment). */
  comment?: string | undefined;
  /** The registry schema's Content string, as stored. */
  schemaDocument?: string | undefined;
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
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const comment = (parsed as Record<string, unknown>).Comment;
  return typeof comment === 'string' && comment.trim() !== '' ? comment.trim() : undefined;
}

export function buildDescription(parts: DescriptionParts): string {
  // Trimmed so that the blank line between blocks stays exactly one blank line.
  const description = parts.description?.trim();
  const blocks = [description ? description : `AWS Step Functions state machine: ${parts.machineName}`];
  const comment = parts.comment?.trim();
  if (comment) blocks.push(`Workflow Description: ${comment}`);
  const schema = parts.schemaDocument?.trim();
  if (schema) blocks.push(`Input Schema:\n${schema}`);
  return blocks.join('\n\n');
}
