/**
 * Which state machines become tools: the name check, the tag check, and the parsing of
 * STATE_MACHINE_LIST entries. Pure: no AWS calls here.
 */
import { parseStateMachineArn, parseStateMachineListEntry, type StateMachineListEntry } from '../aws/arn.js';
import { settingEnvName } from '../config/index.js';
import type { SchemaSettings } from './assemble.js';
import type { ListedStateMachine } from './listing.js';
import type { Exclusion, MachineRef, SelectionConfig } from './types.js';

/** How the operator knows the list setting (the reference server's variable). */
const LIST = settingEnvName('stateMachineList');

/** The tag filter: absent, complete, or half set (which selects nothing). */
export type TagFilter =
  | { kind: 'none' }
  | { kind: 'exact'; key: string; value: string }
  | { kind: 'incomplete'; missing: 'stateMachineTagKey' | 'stateMachineTagValue' };

/** A SelectionConfig checked once, ready to apply to every machine. */
export interface SelectionRules {
  prefix: string;
  entries: StateMachineListEntry[];
  tagFilter: TagFilter;
  /** Tags must be read when the tag filter or a schema tag needs them. */
  needsTags: boolean;
  schemaArnTagKey?: string;
  /** The tag naming the machine's output schema (the tool's outputSchema). */
  outputSchemaArnTagKey?: string;
  /** How the documents the schema tag names become input schemas. */
  schemas: SchemaSettings;
  /** Problems with the configuration itself (malformed entries, half-set tag filter). */
  warnings: string[];
}

export function compileSelection(config: SelectionConfig): SelectionRules {
  const warnings: string[] = [];
  const entries: StateMachineListEntry[] = [];
  for (const raw of config.list) {
    if (raw.trim() === '') continue;
    const parsed = parseStateMachineListEntry(raw);
    // Config validation normally stops the server first; here a bad entry just matches nothing.
    if (parsed.ok) entries.push(parsed.value);
    else warnings.push(`${LIST} entry ignored: ${parsed.error}`);
  }

  const tagFilter = compileTagFilter(config.tagKey, config.tagValue);
  if (tagFilter.kind === 'incomplete') {
    const set = tagFilter.missing === 'stateMachineTagKey' ? 'stateMachineTagValue' : 'stateMachineTagKey';
    warnings.push(
      `${settingEnvName(set)} is set but ${settingEnvName(tagFilter.missing)} is not: both are needed to filter by tag, so no state machine is selected`,
    );
  }
  const schemaArnTagKey = config.schemaArnTagKey?.trim() || undefined;
  const outputSchemaArnTagKey = config.outputSchemaArnTagKey?.trim() || undefined;
  return {
    prefix: config.prefix,
    entries,
    tagFilter,
    needsTags:
      tagFilter.kind === 'exact' || schemaArnTagKey !== undefined || outputSchemaArnTagKey !== undefined,
    ...(schemaArnTagKey !== undefined ? { schemaArnTagKey } : {}),
    ...(outputSchemaArnTagKey !== undefined ? { outputSchemaArnTagKey } : {}),
    schemas: {
      ...(config.eventEnvelope !== undefined ? { eventEnvelope: config.eventEnvelope } : {}),
      ...(config.checkFormats !== undefined ? { checkFormats: config.checkFormats } : {}),
    },
    warnings,
  };
}

function compileTagFilter(key: string, value: string): TagFilter {
  if (key && value) return { kind: 'exact', key, value };
  if (key) return { kind: 'incomplete', missing: 'stateMachineTagValue' };
  if (value) return { kind: 'incomplete', missing: 'stateMachineTagKey' };
  return { kind: 'none' };
}

/** What the name check needs from a ListStateMachines item. */
export interface ListedMachine {
  arn: string;
  name: string;
}

export type NameCheck =
  | { pass: true; invokeArn: string; matchedEntries: StateMachineListEntry[] }
  | { pass: false; reason: 'prefix' | 'list' | 'prefix-or-list'; detail: string };

/**
 * Prefix OR list entry; neither set means every machine passes. A qualified (version
 * or alias) ARN entry makes the tool start that qualifier: it is the most specific
 * thing the operator named, so it wins over a plain name, unqualified ARN or prefix
 * match; among several qualified entries for one machine the first listed wins.
 */
export function checkName(rules: SelectionRules, machine: ListedMachine): NameCheck {
  if (!rules.prefix && rules.entries.length === 0) {
    return { pass: true, invokeArn: machine.arn, matchedEntries: [] };
  }
  const matched = rules.entries.filter((e) =>
    e.kind === 'name' ? e.name === machine.name : e.machineArn === machine.arn,
  );
  const byPrefix = rules.prefix !== '' && machine.name.startsWith(rules.prefix);
  if (!byPrefix && matched.length === 0) {
    const reason =
      rules.prefix && rules.entries.length > 0 ? 'prefix-or-list' : rules.prefix ? 'prefix' : 'list';
    return { pass: false, reason, detail: nameMissDetail(rules) };
  }
  const qualified = matched.find((e) => e.kind === 'arn' && e.qualifier !== undefined);
  return { pass: true, invokeArn: qualified?.entry ?? machine.arn, matchedEntries: matched };
}

function nameMissDetail(rules: SelectionRules): string {
  const prefix = `name does not start with the prefix "${rules.prefix}"`;
  const list = `not named in ${LIST}`;
  if (rules.prefix && rules.entries.length > 0) return `${prefix} and is ${list}`;
  return rules.prefix ? prefix : list;
}

/** Several qualified ARN entries for one machine: only the first is served. */
export function ignoredQualifiers(machineName: string, check: NameCheck): string | undefined {
  if (!check.pass) return undefined;
  const qualified = check.matchedEntries.filter((e) => e.kind === 'arn' && e.qualifier !== undefined);
  if (qualified.length < 2) return undefined;
  return (
    `state machine ${machineName}: ${LIST} names it with several versions or aliases; ` +
    `the tool starts ${qualified[0]!.entry} and ignores ${qualified
      .slice(1)
      .map((e) => e.entry)
      .join(', ')}`
  );
}

/** Tags as ListTagsForResource returns them. */
export type TagList = ReadonlyArray<{ key?: string | undefined; value?: string | undefined }>;

export type TagCheck =
  { pass: true } | { pass: false; reason: 'tag' | 'tag-filter-incomplete'; detail: string };

/** Exact key=value match when both are set; half set selects nothing; unset passes all. */
export function checkTags(filter: TagFilter, tags: TagList | undefined): TagCheck {
  switch (filter.kind) {
    case 'none':
      return { pass: true };
    case 'incomplete':
      return {
        pass: false,
        reason: 'tag-filter-incomplete',
        detail: `${settingEnvName(filter.missing)} is not set, so the tag filter selects no state machine`,
      };
    case 'exact': {
      const found = (tags ?? []).find((t) => t.key === filter.key);
      if (found?.value === filter.value) return { pass: true };
      return {
        pass: false,
        reason: 'tag',
        detail:
          found === undefined
            ? `no tag ${filter.key}=${filter.value} (the tag ${filter.key} is absent)`
            : `no tag ${filter.key}=${filter.value} (its value is "${found.value ?? ''}")`,
      };
    }
  }
}

/** The value of one tag, trimmed; undefined when absent or blank. */
export function tagValue(tags: TagList | undefined, key: string): string | undefined {
  const value = (tags ?? []).find((t) => t.key === key)?.value?.trim();
  return value ? value : undefined;
}

/** The warning for a list entry that matched no listed machine: almost always a typo or the wrong account/region. */
export function unmatchedEntryWarning(entry: string): string {
  return `${LIST} entry "${entry}" matches no state machine in this account and region`;
}

/** The raw STATE_MACHINE_LIST entries that matched no listed machine. */
export function unmatchedListEntries(rules: SelectionRules, machines: readonly ListedMachine[]): string[] {
  const names = new Set(machines.map((m) => m.name));
  const arns = new Set(machines.map((m) => m.arn));
  return rules.entries
    .filter((e) => (e.kind === 'name' ? !names.has(e.name) : !arns.has(e.machineArn)))
    .map((e) => e.entry);
}

export function exclusion(machine: ListedMachine, reason: Exclusion['reason'], detail: string): Exclusion {
  return { name: machine.name, arn: machine.arn, reason, detail };
}

/** A machine that passed the name check: what discovery reads next. */
export interface Candidate {
  machine: MachineRef;
  /** ListStateMachines.creationDate (epoch ms), to tell a re-created machine. */
  creationDate: number | undefined;
}

export interface NameSelection {
  candidates: Candidate[];
  excluded: Exclusion[];
  warnings: string[];
}

/**
 * The name check over every listed machine. With a half-set tag filter nothing can be selected:
 * the machines that pass the name check are left out for it at once, and no AWS call is made.
 */
export function selectByName(rules: SelectionRules, listed: readonly ListedStateMachine[]): NameSelection {
  const selection: NameSelection = { candidates: [], excluded: [], warnings: [] };
  for (const { creationDate, ...machine } of listed) {
    const check = checkName(rules, machine);
    if (!check.pass) {
      selection.excluded.push(exclusion(machine, check.reason, check.detail));
      continue;
    }
    const ignored = ignoredQualifiers(machine.name, check);
    if (ignored) selection.warnings.push(ignored);
    if (rules.tagFilter.kind === 'incomplete') {
      const tags = checkTags(rules.tagFilter, undefined);
      if (!tags.pass) selection.excluded.push(exclusion(machine, tags.reason, tags.detail));
      continue;
    }
    const ref = withQualifier({ ...machine, invokeArn: check.invokeArn });
    selection.candidates.push({ machine: ref, creationDate });
  }
  return selection;
}

/** Records the version number or alias name a qualified invokeArn names. */
function withQualifier(machine: MachineRef): MachineRef {
  if (machine.invokeArn === machine.arn) return machine;
  const parsed = parseStateMachineArn(machine.invokeArn);
  if (!parsed.ok || parsed.value.qualifier === undefined) return machine;
  return parsed.value.qualifierKind === 'version'
    ? { ...machine, version: parsed.value.qualifier }
    : { ...machine, alias: parsed.value.qualifier };
}
