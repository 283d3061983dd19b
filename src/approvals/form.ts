/**
 * From an approval's answer schema to the form MCP elicitation can show, and the answer back. MCP forms
 * (`requestedSchema`) are flat objects of primitives: strings (with a few formats), numbers, integers,
 * booleans, single-choice string enums and multiple-choice string arrays. Keywords a form cannot carry
 * (pattern, additionalProperties, ...) are left out of the form; the answer is then checked against the
 * whole original schema before it reaches the workflow. Anything else (nested objects, free arrays,
 * $ref) cannot be shown: that is refused with the property named. Pure.
 */
import { compileSchema } from '../catalog/index.js';
import { formatValidationErrors } from '../execution/index.js';
import { fail, isObject, ok, type Result } from '../result.js';

/** An elicitation form: MCP's `requestedSchema`. */
export interface FormSchema {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
}

const STRING_FORMATS = new Set(['email', 'uri', 'date', 'date-time']);
const COMMON = ['title', 'description'] as const;

/** The form for an answer schema; an absent schema is a decision with no fields (accept or decline). */
export function formSchema(answer: Record<string, unknown> | undefined): Result<FormSchema> {
  if (answer === undefined) return ok({ type: 'object', properties: {} });
  if (answer.type !== undefined && answer.type !== 'object')
    return fail(
      `its answer schema must be an object with properties (it has type ${JSON.stringify(answer.type)})`,
    );
  const source = answer.properties ?? {};
  if (!isObject(source)) return fail('its answer schema has "properties" that is not an object');
  const properties: FormSchema['properties'] = {};
  for (const [name, definition] of Object.entries(source)) {
    const field = formField(definition);
    if (!field.ok) return fail(`answer field "${name}" ${field.error}`);
    properties[name] = field.value;
  }
  const required = Array.isArray(answer.required)
    ? answer.required.filter((r): r is string => typeof r === 'string' && r in properties)
    : [];
  return ok({ type: 'object', properties, ...(required.length ? { required } : {}) });
}

const FORM_KINDS = 'text, a number, an integer, true/false, or a choice of texts';

function formField(definition: unknown): Result<Record<string, unknown>> {
  if (!isObject(definition)) return fail('is not a schema object');
  const type = singleType(definition.type);
  const kept = pick(definition, COMMON);
  if (isStringList(definition.enum) && (type === undefined || type === 'string'))
    return ok({ type: 'string', ...kept, enum: definition.enum, ...stringDefault(definition) });
  if (Array.isArray(definition.oneOf) && definition.oneOf.every(isTitledConst) && definition.oneOf.length)
    return ok({
      type: 'string',
      ...kept,
      oneOf: definition.oneOf.map(titledConst),
      ...stringDefault(definition),
    });
  switch (type) {
    case 'string':
      return ok({
        type,
        ...kept,
        ...pick(definition, ['minLength', 'maxLength']),
        ...format(definition),
        ...stringDefault(definition),
      });
    case 'number':
    case 'integer':
      return ok({
        type,
        ...kept,
        ...pick(definition, ['minimum', 'maximum']),
        ...typedDefault(definition, 'number'),
      });
    case 'boolean':
      return ok({ type, ...kept, ...typedDefault(definition, 'boolean') });
    case 'array':
      return choiceList(definition, kept);
  }
  const shown = type ?? (definition.$ref !== undefined ? '$ref' : 'no type');
  return fail(
    `is ${shown === 'object' ? 'an object' : JSON.stringify(shown)}; a form field is ${FORM_KINDS}`,
  );
}

/** A multiple choice: an array of strings from an enum (or titled constants). */
function choiceList(
  definition: Record<string, unknown>,
  kept: Record<string, unknown>,
): Result<Record<string, unknown>> {
  const items = definition.items;
  const range = pick(definition, ['minItems', 'maxItems']);
  const fallback =
    Array.isArray(definition.default) && isStringList(definition.default)
      ? { default: definition.default }
      : {};
  if (isObject(items) && isStringList(items.enum))
    return ok({ type: 'array', ...kept, items: { type: 'string', enum: items.enum }, ...range, ...fallback });
  const titled = isObject(items) ? (items.anyOf ?? items.oneOf) : undefined;
  if (Array.isArray(titled) && titled.length && titled.every(isTitledConst))
    return ok({ type: 'array', ...kept, items: { anyOf: titled.map(titledConst) }, ...range, ...fallback });
  return fail(
    `is an array that is not a choice of texts (items need an "enum" of strings); a form field is ${FORM_KINDS}`,
  );
}

/** `"string"`, or the one non-null type of `["string", "null"]`. */
function singleType(type: unknown): string | undefined {
  if (typeof type === 'string') return type;
  if (!Array.isArray(type)) return undefined;
  const real = type.filter((t) => t !== 'null');
  return real.length === 1 && typeof real[0] === 'string' ? real[0] : JSON.stringify(type);
}

function pick(from: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));
}

function format(definition: Record<string, unknown>): Record<string, unknown> {
  return typeof definition.format === 'string' && STRING_FORMATS.has(definition.format)
    ? { format: definition.format }
    : {};
}

function stringDefault(definition: Record<string, unknown>): Record<string, unknown> {
  return typedDefault(definition, 'string');
}

function typedDefault(
  definition: Record<string, unknown>,
  kind: 'string' | 'number' | 'boolean',
): Record<string, unknown> {
  return typeof definition.default === kind ? { default: definition.default } : {};
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string');
}

function isTitledConst(value: unknown): boolean {
  return isObject(value) && typeof value.const === 'string';
}

function titledConst(value: unknown): { const: string; title: string } {
  const v = value as { const: string; title?: unknown };
  return { const: v.const, title: typeof v.title === 'string' ? v.title : v.const };
}

/**
 * The accepted form content as the workflow's answer, checked against the whole answer schema; the
 * refusal lists each failing field (`/approver: must be string`).
 */
export function checkAnswer(
  answer: Record<string, unknown> | undefined,
  content: Record<string, unknown> | undefined,
): Result<Record<string, unknown>> {
  const value = content ?? {};
  if (answer === undefined) return ok(value);
  const compiled = compileSchema(answer);
  if (!compiled.ok) return fail(`the answer schema cannot be compiled: ${compiled.error}`);
  if (compiled.value(value)) return ok(value);
  return fail(formatValidationErrors(compiled.value.errors ?? []).join('; '));
}
