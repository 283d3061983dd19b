/**
 * What CreateStateMachine reports for a definition it refuses: diagnostics with AWS's codes, each with a JSON
 * pointer, joined into one message as AWS joins them:
 * `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: <message> at /States/X/Type, MISSING_…'`
 * (LocalStack's test_sfn_api_validation.snapshot.json records AWS's answers; docs/engine-validation.md lists
 * which texts are AWS's and which are ours).
 */

export type DiagnosticCode =
  | 'SCHEMA_VALIDATION_FAILED'
  | 'INVALID_JSON_DESCRIPTION'
  | 'MISSING_TRANSITION_TARGET'
  | 'MISSING_END_STATE'
  | 'DUPLICATE_STATE_NAME'
  | 'INVALID_JSONATA_EXPRESSION'
  | 'UNSUPPORTED_JSONATA_EXPRESSION';

export interface Diagnostic {
  code: DiagnosticCode;
  message: string;
  /** A JSON pointer into the definition (`/States/X/Next`); absent where AWS gives none. */
  location?: string;
}

/** The problems found so far; checks add to it and go on, so one answer lists them all. */
export class Problems {
  readonly list: Diagnostic[] = [];

  add(code: DiagnosticCode, message: string, location?: string): void {
    this.list.push({ code, message, ...(location !== undefined ? { location } : {}) });
  }

  schema(message: string, location: string): void {
    this.add('SCHEMA_VALIDATION_FAILED', message, location);
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}

/** A JSON pointer one level down (RFC 6901 escapes `~` and `/` in names). */
export function child(pointer: string, key: string | number): string {
  const escaped = String(key).replace(/~/g, '~0').replace(/\//g, '~1');
  return pointer === '/' ? `/${escaped}` : `${pointer}/${escaped}`;
}

export function diagnosticText(d: Diagnostic): string {
  return `${d.code}: ${d.message}${d.location !== undefined ? ` at ${d.location}` : ''}`;
}

/** AWS's InvalidDefinition message for a list of diagnostics. */
export function invalidDefinitionMessage(list: readonly Diagnostic[]): string {
  return `Invalid State Machine Definition: '${list.map(diagnosticText).join(', ')}'`;
}
