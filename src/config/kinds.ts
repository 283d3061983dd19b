/**
 * The kinds of value a setting takes: how its text parses (a zod schema) and what a refusal says.
 * Every message an issue carries is what follows "<variable or flag>: '<value>' " in the error line
 * (src/config/resolve.ts writes that line), so each kind words its own refusal.
 */
import { isAbsolute, resolve } from 'node:path';
import * as z from 'zod';
import { parseStateMachineListEntry } from '../aws/arn.js';
import { parseQuotaSetting, type QuotaSetting } from '../aws/quotas.js';

export interface SettingKind<T> {
  /** Parses the setting's text (flag or environment variable, trimmed) into its value. */
  schema: z.ZodType<T, string>;
  /** How --help shows the value a flag takes: one word in <> (commander splits flags on spaces, commas and |). */
  placeholder: string;
  /** A flag given alone means `true` (boolean settings). */
  standsAlone?: true;
}

/** Any text. */
export const text: SettingKind<string> = { schema: z.string(), placeholder: '<value>' };

/** An http or https URL, kept as written. */
export const httpUrl: SettingKind<string> = {
  schema: z.url({ protocol: /^https?$/, error: 'is not an http(s) URL' }),
  placeholder: '<url>',
};

/** A whole number in a range, written in plain digits. */
export function wholeNumber(min: number, max: number): SettingKind<number> {
  const error = `is not allowed; use a whole number from ${min} to ${max}`;
  return {
    schema: z
      .string()
      .regex(/^\d+$/, { error })
      .transform(Number)
      .pipe(z.number().min(min, { error }).max(max, { error })),
    placeholder: '<n>',
  };
}

/** true/false, also 1/0, yes/no, on/off, in any case. */
export const boolean: SettingKind<boolean> = {
  schema: z.stringbool({
    truthy: ['true', '1', 'yes', 'on'],
    falsy: ['false', '0', 'no', 'off'],
    error: 'is not allowed; use true or false',
  }),
  placeholder: '[bool]',
  standsAlone: true,
};

/** One of a few words; `noun` names what they are ("transport": "'x' is not a transport"). */
export function oneOf<const V extends readonly [string, ...string[]]>(
  noun: string,
  values: V,
): SettingKind<V[number]> {
  return {
    schema: z.enum(values, { error: `is not a ${noun}; use ${orList(values)}` }),
    placeholder: `<${noun.replaceAll(' ', '-')}>`,
  };
}

/** A comma-separated list. */
export const list: SettingKind<string[]> = {
  schema: z.string().transform(splitList),
  placeholder: '<list>',
};

/** STATE_MACHINE_LIST: names, or state machine / version / alias ARNs checked at start-up (a typo fails here). */
export const stateMachineList: SettingKind<string[]> = {
  schema: z
    .string()
    .transform(splitList)
    .check((ctx) => {
      for (const entry of ctx.value) {
        const parsed = parseStateMachineListEntry(entry);
        if (!parsed.ok)
          ctx.issues.push({ code: 'custom', message: `is not allowed; ${parsed.error}`, input: entry });
      }
    }),
  placeholder: '<list>',
};

/** SFN_MCP_API_QUOTAS: a table, a scale and buckets of one's own (src/aws/quotas.ts says how). */
export const apiQuotas: SettingKind<QuotaSetting> = {
  schema: z.string().transform((text, ctx) => {
    const parsed = parseQuotaSetting(text);
    if (parsed.ok) return parsed.value;
    ctx.issues.push({ code: 'custom', message: parsed.error, input: text });
    return z.NEVER;
  }),
  placeholder: '<quotas>',
};

/** `auto`, `off`, or a folder (made absolute against the working folder). */
export const cacheFolder: SettingKind<string> = {
  schema: z
    .string()
    .transform((text) => (text === 'auto' || text === 'off' || isAbsolute(text) ? text : resolve(text))),
  placeholder: '<folder>',
};

/**
 * A comma-separated list of words from `values` (a `noun` each), duplicates dropped; the word `all`
 * stands for every one of them.
 */
export function listOf(noun: string, values: readonly string[]): SettingKind<string[]> {
  const allowed = new Set(values);
  return {
    schema: z
      .string()
      .transform(splitList)
      .check((ctx) => {
        for (const entry of ctx.value) {
          if (entry === 'all' || allowed.has(entry)) continue;
          const message = `is not allowed; '${entry}' is not a ${noun}; use ${orList([...values, 'all'])}`;
          ctx.issues.push({ code: 'custom', message, input: entry });
        }
      })
      .transform((entries) => (entries.includes('all') ? [...values] : [...new Set(entries)])),
    placeholder: '<list>',
  };
}

/** Comma-separated list: entries trimmed, empty entries dropped (as the reference does). */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The words a oneOf setting takes, for its help: "`a`, `b` or `c`". */
export function choices(values: readonly string[]): string {
  return orList(values.map((v) => `\`${v}\``));
}

/** "a, b or c". */
function orList(values: readonly string[]): string {
  return values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}` : (values[0] ?? '');
}
