/**
 * Discovery (DESIGN §2): list every state machine, select, and fetch what the tools
 * need. Every per-machine AWS call runs under one concurrency bound; the SDK's
 * retries absorb throttling. The pure rules live in selection.ts and assemble.ts.
 */
import {
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  type StateMachineListItem,
  type Tag,
} from '@aws-sdk/client-sfn';
import { DescribeSchemaCommand, type DescribeSchemaCommandOutput } from '@aws-sdk/client-schemas';
import pLimit from 'p-limit';
import type { AwsClients } from '../aws/clients.js';
import type { Logger } from '../log.js';
import { assembleCatalog, type MachineDetails } from './assemble.js';
import { parseSchemaArn } from './schema-arn.js';
import {
  checkName,
  checkTags,
  compileSelection,
  exclusion,
  ignoredQualifiers,
  parseStateMachineListEntry,
  tagValue,
  unmatchedEntries,
  type SelectionRules,
} from './selection.js';
import type { Catalog, Exclusion, MachineRef, MachineType, SelectionConfig } from './types.js';

export interface DiscoverOptions {
  log: Logger;
  /** In-flight AWS calls at most, across all machines. Default 16. */
  concurrency?: number;
}

export const DEFAULT_DISCOVERY_CONCURRENCY = 16;

type Clients = Pick<AwsClients, 'sfn' | 'schemas'>;
type Result<T> = { ok: true; value: T } | { ok: false; error: string };
type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

/** One machine's outcome: a tool to build, or a reason to leave it out. */
type Fetched =
  | { kind: 'kept'; details: MachineDetails; warnings: string[] }
  | { kind: 'excluded'; exclusion: Exclusion; warnings: string[] };

/** Every page of ListStateMachines, following nextToken to the end. */
export async function listStateMachines(sfn: Clients['sfn']): Promise<StateMachineListItem[]> {
  const machines: StateMachineListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }));
    machines.push(...(page.stateMachines ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return machines;
}

export async function discoverCatalog(
  clients: Clients,
  selection: SelectionConfig,
  opts: DiscoverOptions,
): Promise<Catalog> {
  const rules = compileSelection(selection);
  const listed = (await listStateMachines(clients.sfn)).flatMap((item) => {
    const ref = toMachine(item);
    return ref ? [ref] : [];
  });

  const limit = pLimit(Math.max(1, opts.concurrency ?? DEFAULT_DISCOVERY_CONCURRENCY));
  const call: Limit = (fn) => limit(fn);
  const schemaCache = new Map<string, Promise<Result<DescribeSchemaCommandOutput>>>();
  const warnings = [...rules.warnings, ...unmatchedEntries(rules, listed)];
  const excluded: Exclusion[] = [];
  const pending: Promise<Fetched>[] = [];

  for (const machine of listed) {
    const check = checkName(rules, machine);
    if (!check.pass) {
      excluded.push(exclusion(machine, 'prefix-or-list', check.detail));
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
    pending.push(fetchMachine(clients, rules, { ...machine, invokeArn: check.invokeArn }, call, schemaCache));
  }

  const machines: MachineDetails[] = [];
  const machineWarnings: Array<[string, string]> = [];
  for (const fetched of await Promise.all(pending)) {
    const name = fetched.kind === 'kept' ? fetched.details.machine.name : fetched.exclusion.name;
    for (const w of fetched.warnings) machineWarnings.push([name, w]);
    if (fetched.kind === 'kept') machines.push(fetched.details);
    else excluded.push(fetched.exclusion);
  }
  machineWarnings.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  warnings.push(...machineWarnings.map(([, w]) => w));

  const catalog = assembleCatalog({ machines, prefix: rules.prefix, excluded, warnings });
  for (const w of catalog.warnings) opts.log.warn(w);
  opts.log.debug(
    { listed: listed.length, tools: catalog.tools.length, excluded: catalog.excluded.length },
    'state machines discovered',
  );
  return catalog;
}

function toMachine(item: StateMachineListItem): Omit<MachineRef, 'invokeArn'> | undefined {
  if (!item.stateMachineArn || !item.name) return undefined;
  const type: MachineType = item.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
  return { arn: item.stateMachineArn, name: item.name, type };
}

/** Tags (when needed), the tag check, then the description and the schema side by side. */
async function fetchMachine(
  clients: Clients,
  rules: SelectionRules,
  machine: MachineRef,
  call: Limit,
  schemaCache: Map<string, Promise<Result<DescribeSchemaCommandOutput>>>,
): Promise<Fetched> {
  const tagsRead: Promise<Result<Tag[]>> = rules.needsTags
    ? attempt(() =>
        call(() => clients.sfn.send(new ListTagsForResourceCommand({ resourceArn: machine.arn }))),
      ).then((r) => (r.ok ? { ok: true, value: r.value.tags ?? [] } : r))
    : Promise.resolve({ ok: true, value: [] });

  if (rules.tagFilter.kind === 'exact') {
    // The description is only worth reading for machines that pass the tag check.
    const tags = await tagsRead;
    if (!tags.ok) return unreadable(machine, `its tags cannot be read: ${tags.error}`);
    const check = checkTags(rules.tagFilter, tags.value);
    if (!check.pass)
      return { kind: 'excluded', exclusion: exclusion(machine, check.reason, check.detail), warnings: [] };
  }

  const described = attempt(() =>
    call(() => clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: describeArn(machine) }))),
  );
  const schema = tagsRead.then((tags) =>
    tags.ok ? fetchSchema(clients, rules, machine, tags.value, call, schemaCache) : { warnings: [] },
  );
  const [tags, description, found] = await Promise.all([tagsRead, described, schema]);
  if (!tags.ok) return unreadable(machine, `its tags cannot be read: ${tags.error}`);
  if (!description.ok) return unreadable(machine, `its description cannot be read: ${description.error}`);
  return {
    kind: 'kept',
    details: {
      machine,
      description: description.value.description,
      definition: description.value.definition,
      schema: found.schema,
    },
    warnings: found.warnings,
  };
}

/** A version ARN has its own description and definition; an alias is described through its machine. */
function describeArn(machine: MachineRef): string {
  if (machine.invokeArn === machine.arn) return machine.arn;
  const parsed = parseStateMachineListEntry(machine.invokeArn);
  return parsed.ok && parsed.entry.kind === 'arn' && parsed.entry.qualifierKind === 'version'
    ? machine.invokeArn
    : machine.arn;
}

async function fetchSchema(
  clients: Clients,
  rules: SelectionRules,
  machine: MachineRef,
  tags: Tag[],
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
  const { arn, registryName, schemaName } = parsed.ref;
  // Several machines often share one schema: read it once.
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

async function attempt<T>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, error: awsErrorText(err) };
  }
}

/** `AccessDeniedException: User ... is not authorized ...`, never the request itself. */
export function awsErrorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const name = err.name && err.name !== 'Error' ? err.name : '';
  if (!name) return err.message;
  return err.message && !err.message.startsWith(name) ? `${name}: ${err.message}` : err.message || name;
}
