/**
 * Discovery: list every state machine, select, and fetch what the tools
 * need. Every per-machine AWS call runs under one concurrency bound; the SDK's
 * retries absorb throttling. The pure rules live in selection.ts and assemble.ts.
 *
 * A {@link DiscoveryMemo} carries what earlier runs read, so that a refresh (refresh.ts)
 * re-reads only what can have changed; `discoverCatalog` is a run with an empty memo.
 */
import {
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  type StateMachineListItem,
  type StateMachineType,
} from '@aws-sdk/client-sfn';
import { DescribeSchemaCommand, type DescribeSchemaCommandOutput } from '@aws-sdk/client-schemas';
import pLimit from 'p-limit';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorText } from '../aws/errors.js';
import type { Logger } from '../log.js';
import { assembleCatalog, SchemaMemo, type MachineDetails, type SchemaConversionHook } from './assemble.js';
import type { QualifierInfo } from './description.js';
import { parseSchemaArn, parseStateMachineArn } from '../aws/arn.js';
import {
  checkName,
  checkTags,
  compileSelection,
  exclusion,
  ignoredQualifiers,
  tagValue,
  unmatchedEntryWarning,
  unmatchedListEntries,
  type SelectionRules,
  type TagList,
} from './selection.js';
import { readTagsInBulk, type TaggingClient } from './tags.js';
import type { Catalog, Exclusion, MachineRef, SelectionConfig } from './types.js';

export interface DiscoveryProgress {
  phase: 'listing' | 'reading' | 'done';
  /** Machines listed so far. */
  listed: number;
  /** Machines whose tags/description have been read (or reused) so far. */
  done: number;
  /** Machines to read in this run (known once listing ends). */
  total: number;
}

export interface DiscoverOptions {
  log: Logger;
  /** In-flight AWS calls at most, across all machines. Default {@link DEFAULT_DISCOVERY_CONCURRENCY}. */
  concurrency?: number;
  /**
   * Tool names the server serves itself (the companion `get_execution_result`): a machine whose
   * tool name would equal one gets the hash suffix, as on a collision, so `list` and `serve` agree.
   */
  reservedNames?: readonly string[];
  /** Read tags with the Resource Groups Tagging API (GetResources) instead of one call per machine. */
  tagsInBulk?: boolean;
  /**
   * When tags are read: 'auto' (default) reads them only when the tag filter or the schema tag
   * needs them, or when tagsInBulk makes them cheap; 'always' reads them for annotation tags too.
   */
  readTags?: 'auto' | 'always';
  /** Called as listing and reading progress (e.g. for a terminal indicator). */
  onProgress?: (progress: DiscoveryProgress) => void;
  /** Log progress every this many machines (default 1000) or every progressIntervalMs (default 5000). */
  progressEvery?: number;
  progressIntervalMs?: number;
  /**
   * Called each time a registry schema is converted and compiled into an inputSchema; a refresh
   * reuses the result for a document it has seen unchanged, without calling this.
   */
  onSchemaConversion?: SchemaConversionHook;
}

/** Options of one run against a memo (refresh.ts). */
export interface RunOptions extends DiscoverOptions {
  /** Re-read every description, as a first discovery does. */
  full?: boolean;
  /** An unchanged machine's description is re-read on every Nth run (spread evenly); 1 = every run. */
  recheckEvery?: number;
}

/** The same as `--discovery-concurrency`'s default (config.ts); a test keeps the two equal. */
export const DEFAULT_DISCOVERY_CONCURRENCY = 32;

/** The clients discovery uses; `tagging` only when tags are read in bulk. */
export type CatalogClients = Pick<AwsClients, 'sfn' | 'schemas'> & { tagging?: TaggingClient };
type Result<T> = { ok: true; value: T } | { ok: false; error: string };
type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

/** What a DescribeStateMachine (and, for an alias, DescribeStateMachineAlias) said. */
export interface Described {
  description?: string | undefined;
  definition?: string | undefined;
  qualifier?: QualifierInfo | undefined;
}

interface MachineMemo {
  /** ListStateMachines.creationDate (epoch ms): a deleted and re-created machine gets a new one. */
  creationDate: number | undefined;
  invokeArn: string;
  described: Described;
  describedRun: number;
}

/** What earlier runs read; owned by one LiveCatalog (or one discoverCatalog call). */
export class DiscoveryMemo {
  run = 0;
  readonly machines = new Map<string, MachineMemo>();
  /** Set once GetResources failed: later runs read tags per machine without asking again. */
  bulkTagsUnavailable: string | undefined;
  /** Schema documents converted and compiled by the last run, reused while their content stays the same. */
  readonly schemas = new SchemaMemo();
}

export interface RunResult {
  catalog: Catalog;
  /** AWS API calls this run made (SDK retries not counted). */
  calls: number;
  /** Machines whose description was read (rather than reused) in this run. */
  described: number;
}

/** One machine's outcome: a tool to build, or a reason to leave it out. */
type Fetched =
  | { kind: 'kept'; details: MachineDetails; warnings: string[] }
  | { kind: 'excluded'; exclusion: Exclusion; warnings: string[] };

/** Every page of ListStateMachines, following nextToken to the end. */
export async function listStateMachines(
  sfn: Pick<CatalogClients['sfn'], 'send'>,
  hooks: { onPage?: (listedSoFar: number) => void; onCall?: () => void } = {},
): Promise<StateMachineListItem[]> {
  const { onPage, onCall } = hooks;
  const machines: StateMachineListItem[] = [];
  let nextToken: string | undefined;
  do {
    onCall?.();
    const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }));
    machines.push(...(page.stateMachines ?? []));
    onPage?.(machines.length);
    nextToken = page.nextToken;
  } while (nextToken);
  return machines;
}

/** A full discovery: every selected machine's tags, description and schema are read. */
export async function discoverCatalog(
  clients: CatalogClients,
  selection: SelectionConfig,
  opts: DiscoverOptions,
): Promise<Catalog> {
  const { catalog } = await runDiscovery(clients, compileSelection(selection), new DiscoveryMemo(), {
    ...opts,
    full: true,
  });
  for (const w of catalog.warnings) opts.log.warn(w);
  return catalog;
}

/** True when this run must read tags (see DiscoverOptions.readTags). */
export function tagsNeeded(rules: SelectionRules, opts: DiscoverOptions): boolean {
  return rules.needsTags || opts.readTags === 'always' || opts.tagsInBulk === true;
}

export async function runDiscovery(
  clients: CatalogClients,
  rules: SelectionRules,
  memo: DiscoveryMemo,
  opts: RunOptions,
): Promise<RunResult> {
  memo.run += 1;
  const run = memo.run;
  let calls = 0;
  let described = 0;
  let schemasConverted = 0;
  const progress = progressReporter(opts);

  const items = await listStateMachines(clients.sfn, {
    onPage: (listed) => progress.listed(listed),
    onCall: () => calls++,
  });
  const listed = items.flatMap((item) => {
    const ref = toMachine(item);
    return ref ? [{ ...ref, creationDate: item.creationDate?.getTime() }] : [];
  });

  const limit = pLimit(Math.max(1, opts.concurrency ?? DEFAULT_DISCOVERY_CONCURRENCY));
  const call: Limit = (fn) =>
    limit(() => {
      calls++;
      return fn();
    });
  const schemaCache = new Map<string, Promise<Result<DescribeSchemaCommandOutput>>>();
  const unmatched = unmatchedListEntries(rules, listed);
  const warnings = [...rules.warnings, ...unmatched.map(unmatchedEntryWarning)];
  const excluded: Exclusion[] = [];

  const candidates: Array<{ machine: MachineRef; creationDate: number | undefined }> = [];
  for (const machine of listed) {
    const check = checkName(rules, machine);
    if (!check.pass) {
      excluded.push(exclusion(machine, check.reason, check.detail));
      continue;
    }
    const ignored = ignoredQualifiers(machine.name, check);
    if (ignored) warnings.push(ignored);
    if (rules.tagFilter.kind === 'incomplete') {
      // Nothing can be selected: no AWS call is worth making.
      const tags = checkTags(rules.tagFilter, undefined);
      if (!tags.pass) excluded.push(exclusion(machine, tags.reason, tags.detail));
      continue;
    }
    const { creationDate, ...ref } = machine;
    candidates.push({ machine: withQualifier({ ...ref, invokeArn: check.invokeArn }), creationDate });
  }

  // Tags: none, in bulk (a few GetResources calls), or per machine inside fetchMachine.
  let bulk: Map<string, TagList> | undefined;
  const needTags = candidates.length > 0 && tagsNeeded(rules, opts);
  if (needTags && opts.tagsInBulk && clients.tagging && memo.bulkTagsUnavailable === undefined) {
    try {
      bulk = await readTagsInBulk(clients.tagging, {
        // A tag filter alone needs only the machines that carry its key.
        ...(rules.tagFilter.kind === 'exact' && !rules.schemaArnTagKey && opts.readTags !== 'always'
          ? { keyFilter: rules.tagFilter.key }
          : {}),
        onCall: () => calls++,
      });
    } catch (err) {
      memo.bulkTagsUnavailable = awsErrorText(err);
      const w = `tags cannot be read in bulk with the Resource Groups Tagging API (${memo.bulkTagsUnavailable}); reading them per state machine with ListTagsForResource instead`;
      warnings.push(w);
    }
  } else if (needTags && opts.tagsInBulk && !clients.tagging) {
    opts.log.debug('tags in bulk requested without a Tagging API client; reading them per machine');
  }
  const tagSource: TagSource = !needTags
    ? { kind: 'none' }
    : bulk
      ? { kind: 'bulk', tags: bulk }
      : { kind: 'each' };

  progress.reading(candidates.length);
  const recheckEvery = Math.max(1, Math.floor(opts.recheckEvery ?? 1));
  const pending = candidates.map(async ({ machine, creationDate }) => {
    const previous = memo.machines.get(machine.arn);
    const reuse =
      !opts.full &&
      previous !== undefined &&
      previous.creationDate === creationDate &&
      previous.invokeArn === machine.invokeArn &&
      !due(machine.arn, run, recheckEvery)
        ? previous.described
        : undefined;
    const fetched = await fetchMachine(clients, rules, machine, tagSource, reuse, call, schemaCache);
    if (fetched.kind === 'kept' && fetched.fresh) {
      described++;
      memo.machines.set(machine.arn, {
        creationDate,
        invokeArn: machine.invokeArn,
        described: fetched.described,
        describedRun: run,
      });
    }
    progress.done();
    return fetched.result;
  });

  const machines: MachineDetails[] = [];
  const machineWarnings: Array<[string, string]> = [];
  for (const fetched of await Promise.all(pending)) {
    const name = fetched.kind === 'kept' ? fetched.details.machine.name : fetched.exclusion.name;
    for (const w of fetched.warnings) machineWarnings.push([name, w]);
    if (fetched.kind === 'kept') machines.push(fetched.details);
    else excluded.push(fetched.exclusion);
  }
  // Forget machines that are gone or no longer selected, so a come-back is read afresh.
  const kept = new Set(machines.map((m) => m.machine.arn));
  for (const arn of memo.machines.keys()) if (!kept.has(arn)) memo.machines.delete(arn);

  machineWarnings.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  warnings.push(...machineWarnings.map(([, w]) => w));

  const catalog = assembleCatalog({
    machines,
    prefix: rules.prefix,
    reservedNames: opts.reservedNames ?? [],
    excluded,
    warnings,
    unmatchedEntries: unmatched,
    schemas: memo.schemas,
    onSchemaConversion: (schema) => {
      schemasConverted++;
      opts.onSchemaConversion?.(schema);
    },
  });
  progress.finish();
  opts.log.debug(
    {
      listed: listed.length,
      tools: catalog.tools.length,
      excluded: catalog.excluded.length,
      calls,
      described,
      schemasConverted,
    },
    'state machines discovered',
  );
  return { catalog, calls, described };
}

type TagSource = { kind: 'none' } | { kind: 'each' } | { kind: 'bulk'; tags: Map<string, TagList> };

/** Spreads re-reads of unchanged machines evenly over `every` runs, by a hash of the ARN. */
function due(arn: string, run: number, every: number): boolean {
  if (every <= 1) return true;
  let h = 2166136261;
  for (let i = 0; i < arn.length; i++) h = Math.imul(h ^ arn.charCodeAt(i), 16777619);
  return ((h >>> 0) + run) % every === 0;
}

function toMachine(item: StateMachineListItem): Omit<MachineRef, 'invokeArn'> | undefined {
  if (!item.stateMachineArn || !item.name) return undefined;
  const type: StateMachineType = item.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
  return { arn: item.stateMachineArn, name: item.name, type };
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

type FetchOutcome =
  | { kind: 'kept'; fresh: boolean; described: Described; result: Fetched }
  | { kind: 'excluded'; result: Fetched };

/** Tags (when needed), the tag check, then the description and the schema side by side. */
async function fetchMachine(
  clients: CatalogClients,
  rules: SelectionRules,
  machine: MachineRef,
  tagSource: TagSource,
  reuse: Described | undefined,
  call: Limit,
  schemaCache: Map<string, Promise<Result<DescribeSchemaCommandOutput>>>,
): Promise<FetchOutcome> {
  const excludedAs = (result: Fetched): FetchOutcome => ({ kind: 'excluded', result });
  const tagsRead: Promise<Result<TagList | undefined>> =
    tagSource.kind === 'each'
      ? attempt(() =>
          call(() => clients.sfn.send(new ListTagsForResourceCommand({ resourceArn: machine.arn }))),
        ).then((r) => (r.ok ? { ok: true, value: r.value.tags ?? [] } : r))
      : Promise.resolve({
          ok: true,
          value: tagSource.kind === 'bulk' ? (tagSource.tags.get(machine.arn) ?? []) : undefined,
        });

  if (rules.tagFilter.kind === 'exact') {
    // The description is only worth reading for machines that pass the tag check.
    const tags = await tagsRead;
    if (!tags.ok) return excludedAs(unreadable(machine, `its tags cannot be read: ${tags.error}`));
    const check = checkTags(rules.tagFilter, tags.value);
    if (!check.pass)
      return excludedAs({
        kind: 'excluded',
        exclusion: exclusion(machine, check.reason, check.detail),
        warnings: [],
      });
  }

  const describedRead: Promise<Result<Described>> = reuse
    ? Promise.resolve({ ok: true, value: reuse })
    : describe(clients, machine, call);
  const schema = tagsRead.then((tags) =>
    tags.ok ? fetchSchema(clients, rules, machine, tags.value ?? [], call, schemaCache) : { warnings: [] },
  );
  const [tags, description, found] = await Promise.all([tagsRead, describedRead, schema]);
  if (!tags.ok) return excludedAs(unreadable(machine, `its tags cannot be read: ${tags.error}`));
  if (!description.ok)
    return excludedAs(unreadable(machine, `its description cannot be read: ${description.error}`));
  return {
    kind: 'kept',
    fresh: reuse === undefined,
    described: description.value,
    result: {
      kind: 'kept',
      details: {
        machine,
        description: description.value.description,
        definition: description.value.definition,
        schema: found.schema,
        tags: tags.value,
        qualifier: description.value.qualifier,
      },
      warnings: found.warnings,
    },
  };
}

/**
 * The machine, or the version it names, or, for an alias, the alias's routing and the version it
 * sends most executions to: that version's description and definition describe the tool.
 */
async function describe(
  clients: CatalogClients,
  machine: MachineRef,
  call: Limit,
): Promise<Result<Described>> {
  let describeArn = machine.invokeArn;
  let qualifier: QualifierInfo | undefined;
  if (machine.version !== undefined) {
    qualifier = { kind: 'version', version: machine.version };
  } else if (machine.alias !== undefined) {
    const alias = await attempt(() =>
      call(() =>
        clients.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: machine.invokeArn })),
      ),
    );
    if (!alias.ok) return alias;
    const routes = (alias.value.routingConfiguration ?? []).flatMap((r) => {
      const arn = r.stateMachineVersionArn;
      return arn ? [{ arn, version: arn.slice(arn.lastIndexOf(':') + 1), weight: r.weight ?? 0 }] : [];
    });
    qualifier = {
      kind: 'alias',
      alias: machine.alias,
      routes: routes.map(({ version, weight }) => ({ version, weight })),
    };
    const top = [...routes].sort((a, b) => b.weight - a.weight)[0];
    describeArn = top?.arn ?? machine.arn;
  } else {
    describeArn = machine.arn;
  }
  const out = await attempt(() =>
    call(() => clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: describeArn }))),
  );
  if (!out.ok) return out;
  return {
    ok: true,
    value: {
      description: out.value.description,
      definition: out.value.definition,
      qualifier,
    },
  };
}

async function fetchSchema(
  clients: CatalogClients,
  rules: SelectionRules,
  machine: MachineRef,
  tags: TagList,
  call: Limit,
  cache: Map<string, Promise<Result<DescribeSchemaCommandOutput>>>,
): Promise<{ schema?: MachineDetails['schema']; warnings: string[] }> {
  if (!rules.schemaArnTagKey) return { warnings: [] };
  const value = tagValue(tags, rules.schemaArnTagKey);
  if (value === undefined) return { warnings: [] };
  const without = 'the tool is served without an input schema';
  const parsed = parseSchemaArn(value);
  if (!parsed.ok) {
    return {
      warnings: [`state machine ${machine.name}: tag ${rules.schemaArnTagKey}: ${parsed.error}; ${without}`],
    };
  }
  const { arn, registryName, schemaName } = parsed.value;
  // Several machines often share one schema: read it once per run.
  let read = cache.get(arn);
  if (!read) {
    read = attempt(() =>
      call(() =>
        clients.schemas.send(
          new DescribeSchemaCommand({ RegistryName: registryName, SchemaName: schemaName }),
        ),
      ),
    );
    cache.set(arn, read);
  }
  const result = await read;
  if (!result.ok) {
    return {
      warnings: [
        `state machine ${machine.name}: the input schema ${arn} cannot be read (${result.error}); ${without}`,
      ],
    };
  }
  const { Content: content, Type: type } = result.value;
  if (!content || !content.trim()) {
    return { warnings: [`state machine ${machine.name}: the input schema ${arn} is empty; ${without}`] };
  }
  return {
    schema: { arn, type: type ?? '', content, schemaName: result.value.SchemaName ?? schemaName },
    warnings: [],
  };
}

function unreadable(machine: MachineRef, detail: string): Fetched {
  const ex = exclusion(machine, 'unreadable', detail);
  return {
    kind: 'excluded',
    exclusion: ex,
    warnings: [`state machine ${machine.name} is left out: ${detail}`],
  };
}

/** Logs progress on long runs (JSON on stderr through the logger) and feeds onProgress. */
function progressReporter(opts: DiscoverOptions): {
  listed(n: number): void;
  reading(total: number): void;
  done(): void;
  finish(): void;
} {
  const every = opts.progressEvery ?? 1000;
  const intervalMs = opts.progressIntervalMs ?? 5000;
  const state: DiscoveryProgress = { phase: 'listing', listed: 0, done: 0, total: 0 };
  let lastLogAt = Date.now();
  let lastLogDone = 0;
  let logged = false;
  const emit = (): void => opts.onProgress?.({ ...state });
  const maybeLog = (force = false): void => {
    const now = Date.now();
    const count = state.phase === 'listing' ? state.listed : state.done;
    if (force || count - lastLogDone >= every || now - lastLogAt >= intervalMs) {
      opts.log.info({ ...state }, 'discovery progress');
      lastLogAt = now;
      lastLogDone = count;
      logged = true;
    }
  };
  return {
    listed(n) {
      state.listed = n;
      emit();
      maybeLog();
    },
    reading(total) {
      state.phase = 'reading';
      state.total = total;
      lastLogDone = 0;
      emit();
    },
    done() {
      state.done += 1;
      emit();
      maybeLog();
    },
    finish() {
      state.phase = 'done';
      emit();
      // Only a run long enough to have reported progress reports its end.
      if (logged) maybeLog(true);
    },
  };
}

async function attempt<T>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, error: awsErrorText(err) };
  }
}
