/**
 * A bounded cache of parse results by source text, shared by the JSONPath, intrinsic and JSONata parsers:
 * a definition's expressions are parsed once at CreateStateMachine and again at every use.
 */
export class ParseCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly max: number) {}

  /** The cached result for `text`, or `parse(text)` remembered (the oldest entry goes when full). */
  get(text: string, parse: (text: string) => T): T {
    const hit = this.entries.get(text);
    if (hit !== undefined) return hit;
    const value = parse(text);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(text, value);
    return value;
  }
}
