/**
 * Workflow variables (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html): the
 * top-level states share one scope; each Parallel branch and Map iteration gets an inner scope that reads
 * the outer ones and whose own variables end with it. A Distributed Map's iterations read nothing from
 * outside. A state reads the values as they were when it was entered; its assignments take effect for the
 * next state.
 */
export class VariableScope {
  private readonly values = new Map<string, unknown>();

  private constructor(private readonly parent: VariableScope | undefined) {}

  static root(): VariableScope {
    return new VariableScope(undefined);
  }

  /** The scope of a Parallel branch or a Map iteration; `isolated` for a Distributed Map's iterations. */
  child(isolated = false): VariableScope {
    return new VariableScope(isolated ? undefined : this);
  }

  /** Every variable this scope sees, a copy: what a state reads on entry. */
  view(): Record<string, unknown> {
    const out: Record<string, unknown> = this.parent ? this.parent.view() : {};
    for (const [name, value] of this.values) out[name] = value;
    return out;
  }

  assign(assigned: Readonly<Record<string, unknown>>): void {
    for (const [name, value] of Object.entries(assigned)) this.values.set(name, value);
  }

  /** This scope's own variables, to restore on a redrive. */
  own(): Record<string, unknown> {
    return Object.fromEntries(this.values);
  }

  replaceOwn(values: Readonly<Record<string, unknown>>): void {
    this.values.clear();
    this.assign(values);
  }
}

/** History's `assignedVariables`: each value as JSON text. */
export function assignedVariablesText(assigned: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(assigned).map(([k, v]) => [k, JSON.stringify(v ?? null)]));
}
