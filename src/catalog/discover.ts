/**
 * Discovery: list every state machine (listing.ts) while the tags are read in bulk when the selection
 * needs them (tags.ts), select by name (selection.ts), read each candidate (describe.ts) and assemble
 * the tools (assemble.ts). Every per-machine AWS call runs under one concurrency bound; the SDK's
 * retries absorb throttling.
 *
 * A {@link DiscoveryMemo} carries what earlier runs read, so that a refresh (refresh.ts) re-reads
 * only what can have changed; `discoverCatalog` is a run with an empty memo.
 */
import pLimit from 'p-limit';
import type { AwsClients } from '../aws/clients.js';
import type { StateMachineListItem } from '@aws-sdk/client-sfn';
import { parseStateMachineArn } from '../aws/arn.js';
import type { Pacing } from '../aws/pacing.js';
import { assembleCatalog, type MachineDetails, type SchemaConversionHook } from './assemble.js';
import { readMachine, type AwsCall, type MachineReader, type MachineReading } from './describe.js';
import { listedMachines, listStateMachines, type ListedStateMachine } from './listing.js';
import { DiscoveryMemo } from './memo.js';
import { progressReporter, type ProgressOptions, type ProgressReporter } from './progress.js';
import {
  compileSelection,
  selectByName,
  unmatchedEntryWarning,
  unmatchedListEntries,
  type Candidate,
  type NameSelection,
  type SelectionRules,
} from './selection.js';
import { chooseTagSource, type TagSourceChoice, type TaggingClient } from './tags.js';
import type { Catalog, Exclusion, SelectionConfig } from './types.js';
import { byCodeUnits } from '../order.js';

export interface DiscoverOptions extends ProgressOptions {
  /** In-flight AWS calls at most, across all machines. Default {@link DEFAULT_DISCOVERY_CONCURRENCY}. */
  concurrency?: number;
  /**
   * Tool names the server serves itself (the companion `get_execution_result`): a machine whose
   * tool name would equal one gets the hash suffix, as on a collision, so `list` and `serve` agree.
   */
  reservedNames?: readonly string[];
  /**
   * Read tags with the Resource Groups Tagging API (GetResources, default) rather than one
   * ListTagsForResource per machine.
   */
  tagsInBulk?: boolean;
  /**
   * Also write each tool's schema document into its description (an `Input Schema:` block). Off by
   * default: the same schema is the tool's inputSchema, and clients send both to the model.
   */
  schemaInDescription?: boolean;
  /**
   * When tags are read: 'auto' (default) reads them only when the tag filter or the schema tag
   * needs them; 'always' reads them for annotation tags too. Whenever a machine's tags are read, its
   * annotation tags apply.
   */
  readTags?: 'auto' | 'always';
  /**
   * Called each time a registry schema is converted and compiled into an inputSchema; a refresh
   * reuses the result for a document it has seen unchanged, without calling this.
   */
  onSchemaConversion?: SchemaConversionHook;
}

/** Options of one discovery run against a memo (refresh.ts). */
export interface DiscoveryRunOptions extends DiscoverOptions {
  /** Re-read every description, as a first discovery does. */
  full?: boolean;
  /** An unchanged machine's description is re-read on every Nth run (spread evenly); 1 = every run. */
  recheckEvery?: number;
  /** Called once the first page of the listing names the account (the first machine's ARN). */
  onAccount?: (account: string) => void;
}

export interface DiscoveryRunResult {
  catalog: Catalog;
  /** AWS API calls this run made (SDK retries not counted). */
  calls: number;
  /** Machines whose description was read (rather than reused) in this run. */
  described: number;
}

/** The same as `--discovery-concurrency`'s default (config.ts); a test keeps the two equal. */
export const DEFAULT_DISCOVERY_CONCURRENCY = 32;

/**
 * The clients discovery uses; `tagging` only when tags are read in bulk; `pacing`, when given, says when
 * requests wait for AWS's quotas (progress and one log line).
 */
export type CatalogClients = Pick<AwsClients, 'sfn' | 'schemas'> & {
  tagging?: TaggingClient;
  pacing?: Pick<Pacing, 'onWait' | 'assumeSpent'>;
};

/** The operations a discovery makes: waits for other operations' quotas are not the run's. */
export const DISCOVERY_OPERATIONS: ReadonlySet<string> = new Set([
  'ListStateMachines',
  'GetResources',
  'ListTagsForResource',
  'DescribeStateMachine',
  'DescribeStateMachineAlias',
  'DescribeSchema',
]);

/** A full discovery: every selected machine's tags, description and schema are read. */
export async function discoverCatalog(
  clients: CatalogClients,
  selection: SelectionConfig,
  opts: DiscoverOptions,
): Promise<Catalog> {
  const rules = compileSelection(selection);
  const { catalog } = await runDiscovery(clients, rules, new DiscoveryMemo(), { ...opts, full: true });
  for (const w of catalog.warnings) opts.log.warn(w);
  return catalog;
}

/** True when this run must read tags (see DiscoverOptions.readTags). */
export function tagsNeeded(rules: SelectionRules, opts: DiscoverOptions): boolean {
  return rules.needsTags || opts.readTags === 'always';
}

/** One run: the catalogue as the account is now, reusing from `memo` what cannot have changed. */
export async function runDiscovery(
  clients: CatalogClients,
  rules: SelectionRules,
  memo: DiscoveryMemo,
  opts: DiscoveryRunOptions,
): Promise<DiscoveryRunResult> {
  memo.run += 1;
  const progress = progressReporter(opts);
  const stopWatching = clients.pacing?.onWait((wait) => {
    if (DISCOVERY_OPERATIONS.has(wait.operation)) progress.quota(wait);
  });
  try {
    return await discoveryRun(clients, rules, memo, opts, progress);
  } finally {
    stopWatching?.();
  }
}

async function discoveryRun(
  clients: CatalogClients,
  rules: SelectionRules,
  memo: DiscoveryMemo,
  opts: DiscoveryRunOptions,
  progress: ProgressReporter,
): Promise<DiscoveryRunResult> {
  const calls = awsCalls(callBound(opts));
  // The tags in bulk do not depend on the listing: both are asked for at once (one round trip less).
  const tagsAsked = tagsNeeded(rules, opts)
    ? readTagSource(clients, rules, memo, opts, calls.counted)
    : undefined;
  // Waited for below, or not at all when no machine needs tags: its failure is never left unhandled.
  tagsAsked?.catch(() => undefined);
  const items = await listStateMachines(clients.sfn, {
    onPage: (listedSoFar, page) => {
      progress.listed(listedSoFar);
      if (listedSoFar === page.length) reportAccount(page, opts.onAccount);
    },
    onCall: calls.counted,
  }).catch(async (err: unknown) => {
    // The run ends before the tags' warning is reported: a bulk failure is not remembered unreported.
    if ((await tagsAsked?.catch(() => undefined))?.warnings.length) memo.bulkTagsUnavailable = undefined;
    throw err;
  });
  const listed = listedMachines(items);
  const byName = selectByName(rules, listed);
  const tags = await tagsFor(byName.candidates.length > 0, tagsAsked);
  const reader: MachineReader = {
    sfn: clients.sfn,
    // Read only when a schema is: the Schemas client is made on first use.
    get schemas() {
      return clients.schemas;
    },
    rules,
    tagSource: tags.source,
    call: calls.call,
    schemaReads: new Map(),
  };
  progress.reading(byName.candidates.length);
  const readings = await readCandidates(reader, byName.candidates, memo, opts, progress.done);
  const { catalog, schemasConverted } = buildCatalog(rules, memo, opts, {
    listed,
    byName,
    tagWarnings: tags.warnings,
    readings,
  });
  progress.finish();
  const described = readings.filter((r) => r.kind === 'kept' && r.fresh).length;
  const counts = { listed: listed.length, tools: catalog.tools.length, excluded: catalog.excluded.length };
  opts.log.debug(
    { ...counts, calls: calls.made(), described, schemasConverted },
    'state machines discovered',
  );
  return { catalog, calls: calls.made(), described };
}

/**
 * The tag source when some machine is left by name (`wanted`). Otherwise none, though a failure to read
 * in bulk is still reported: the memo now reads per machine, and the operator is told why, once.
 */
async function tagsFor(
  wanted: boolean,
  asked: Promise<TagSourceChoice> | undefined,
): Promise<TagSourceChoice> {
  if (asked && wanted) return asked;
  const choice = await asked?.catch(() => undefined);
  return { source: { kind: 'none' }, warnings: choice?.warnings ?? [] };
}

/** Where this run reads tags from: in bulk (GetResources) unless turned off or unavailable. */
function readTagSource(
  clients: CatalogClients,
  rules: SelectionRules,
  memo: DiscoveryMemo,
  opts: DiscoveryRunOptions,
  onCall: () => void,
): Promise<TagSourceChoice> {
  const inBulk = opts.tagsInBulk !== false;
  return chooseTagSource({
    rules,
    tagsInBulk: inBulk,
    // Read only when asked for: the Tagging API client is made on first use.
    get tagging() {
      return inBulk ? clients.tagging : undefined;
    },
    memo,
    log: opts.log,
    onCall,
  });
}

/**
 * The catalogue from what the run selected and read, with the warnings in a stable order: the
 * configuration's, unmatched list entries, the name check's, the tag source's, then each machine's.
 * Machines no longer kept are forgotten by the memo.
 */
function buildCatalog(
  rules: SelectionRules,
  memo: DiscoveryMemo,
  opts: DiscoveryRunOptions,
  run: {
    listed: readonly ListedStateMachine[];
    byName: NameSelection;
    tagWarnings: readonly string[];
    readings: readonly MachineReading[];
  },
): { catalog: Catalog; schemasConverted: number } {
  const unmatched = unmatchedListEntries(rules, run.listed);
  const read = gatherReadings(run.readings);
  memo.keepOnly(new Set(read.machines.map((m) => m.machine.arn)));
  let schemasConverted = 0;
  const catalog = assembleCatalog({
    machines: read.machines,
    prefix: rules.prefix,
    reservedNames: opts.reservedNames ?? [],
    excluded: [...run.byName.excluded, ...read.excluded],
    warnings: [
      ...rules.warnings,
      ...unmatched.map(unmatchedEntryWarning),
      ...run.byName.warnings,
      ...run.tagWarnings,
      ...read.warnings,
    ],
    unmatchedEntries: unmatched,
    schemas: memo.schemas,
    schemaSettings: rules.schemas,
    schemaInDescription: opts.schemaInDescription === true,
    onSchemaConversion: (schema) => {
      schemasConverted++;
      opts.onSchemaConversion?.(schema);
    },
  });
  return { catalog, schemasConverted };
}

/** The account the first listed machine belongs to, to `onAccount`. */
function reportAccount(page: readonly StateMachineListItem[], onAccount?: (account: string) => void): void {
  const arn = page.find((item) => item.stateMachineArn)?.stateMachineArn;
  if (!onAccount || !arn) return;
  const parsed = parseStateMachineArn(arn);
  if (parsed.ok) onAccount(parsed.value.accountId);
}

/** Runs AWS requests under one concurrency bound and counts every request sent (SDK retries not counted). */
function awsCalls(concurrency: number): { call: AwsCall; counted: () => void; made: () => number } {
  const limit = pLimit(concurrency);
  let made = 0;
  const counted = (): void => {
    made++;
  };
  const call: AwsCall = (send) =>
    limit(() => {
      counted();
      return send();
    });
  return { call, counted, made: () => made };
}

/**
 * Reads every candidate, reusing the descriptions the memo still holds and remembering fresh ones.
 * At most twice the call bound of machines are read at once: enough to keep every call slot busy
 * (a machine's calls come one after another), while thousands of machines do not each hold a
 * pending read, with its promises and answers, for the whole run.
 */
function readCandidates(
  reader: MachineReader,
  candidates: readonly Candidate[],
  memo: DiscoveryMemo,
  opts: DiscoveryRunOptions,
  onRead: () => void,
): Promise<MachineReading[]> {
  const recheckEvery = Math.max(1, Math.floor(opts.recheckEvery ?? 1));
  const machinesAtOnce = pLimit(2 * callBound(opts));
  return Promise.all(
    candidates.map((candidate) =>
      machinesAtOnce(async () => {
        const reuse = opts.full ? undefined : memo.reusable(candidate, recheckEvery);
        const reading = await readMachine(reader, candidate.machine, reuse);
        if (reading.kind === 'kept' && reading.fresh) memo.remember(candidate, reading.described);
        onRead();
        return reading;
      }),
    ),
  );
}

/** In-flight AWS calls at most in one run. */
function callBound(opts: DiscoverOptions): number {
  return Math.max(1, opts.concurrency ?? DEFAULT_DISCOVERY_CONCURRENCY);
}

/** Machines to build tools of, those left out, and their warnings ordered by machine name. Pure. */
function gatherReadings(readings: readonly MachineReading[]): {
  machines: MachineDetails[];
  excluded: Exclusion[];
  warnings: string[];
} {
  const machines: MachineDetails[] = [];
  const excluded: Exclusion[] = [];
  const warnings: Array<[string, string]> = [];
  for (const reading of readings) {
    const name = reading.kind === 'kept' ? reading.details.machine.name : reading.exclusion.name;
    for (const w of reading.warnings) warnings.push([name, w]);
    if (reading.kind === 'kept') machines.push(reading.details);
    else excluded.push(reading.exclusion);
  }
  // Sorted (stably) so that warnings come out in the same order on every run.
  warnings.sort(([a], [b]) => byCodeUnits(a, b));
  return { machines, excluded, warnings: warnings.map(([, w]) => w) };
}
