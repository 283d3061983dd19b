import type jsonata from 'jsonata';

/**
 * The definition-time check AWS makes beyond syntax: a JSONata expression in Step Functions has no input
 * document, so "You cannot use `$` or `$$` at the top level. You cannot use unqualified field names at top
 * level" (aws/agent-toolkit-for-aws, aws-step-functions references/transforming-data.md). AWS reports
 * `UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is not supported.`
 */

type Node = Omit<jsonata.ExprNode, 'type'> & Record<string, unknown> & { type: string };

function isNode(value: unknown): value is Node {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}

/** Child nodes to look into; a path's later steps and a function's name are not top-level positions. */
function children(node: Node): Node[] {
  const out: Node[] = [];
  const add = (v: unknown): void => {
    if (isNode(v)) out.push(v);
    else if (Array.isArray(v)) v.forEach(add);
  };
  for (const [key, value] of Object.entries(node)) {
    if (key === 'procedure' || key === 'steps' || key === 'position' || key === 'value') continue;
    add(value);
  }
  return out;
}

function topLevelName(step: Node): string | undefined {
  if (step.type === 'name') return String(step.value);
  if (step.type === 'variable' && (step.value === '' || step.value === '$')) return `$${String(step.value)}`;
  return undefined;
}

/** The first top-level reference in the expression's tree, or undefined. */
function findReference(node: Node, inLambda: boolean): string | undefined {
  if (node.type === 'path' && Array.isArray(node.steps) && isNode(node.steps[0])) {
    const first = node.steps[0];
    const name = topLevelName(first);
    if (name !== undefined && !(inLambda && name.startsWith('$'))) return name;
    return findReference(first, inLambda);
  }
  if (node.type === 'name') return String(node.value);
  if (!inLambda && node.type === 'variable' && (node.value === '' || node.value === '$'))
    return `$${String(node.value)}`;
  for (const child of children(node)) {
    const found = findReference(child, inLambda || node.type === 'lambda');
    if (found !== undefined) return found;
  }
  return undefined;
}

/** AWS's UNSUPPORTED_JSONATA_EXPRESSION message for a top-level reference, or undefined when there is none. */
export function topLevelReference(ast: jsonata.ExprNode): string | undefined {
  const name = findReference(ast as unknown as Node, false);
  return name === undefined ? undefined : `Reference to '${name}' at the top level is not supported.`;
}
