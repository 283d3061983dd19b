/**
 * Reading one selected machine: its tags (when the run needs them), its description and definition
 * (for an alias, those of the version it sends most executions to), and the registry schema its
 * schema tag names. Every AWS call goes through `call`, which bounds concurrency and counts calls.
 *
 * A machine whose tags or description cannot be read is left out, and an unreadable schema leaves
 * the tool without one; both reasons carry the AWS error's name before its message
 * (`AccessDeniedException: User: … is not authorized …`), since AWS's messages rarely say it.
 */
import {
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  ListTagsForResourceCommand,
  type RoutingConfigurationListItem,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { DescribeSchemaCommandOutput, SchemasClient } from '@aws-sdk/client-schemas';
import { loadSchemasSdk } from '../aws/clients.js';
import { parseSchemaArn, parseStateMachineArn, type SchemaArnParts } from '../aws/arn.js';
import { awsErrorText } from '../aws/errors.js';
import { fail, ok, type Result } from '../result.js';
import type { MachineDetails } from './assemble.js';
import { definitionComment, type QualifierInfo } from './description.js';
import { checkTags, exclusion, tagValue, type SelectionRules, type TagList } from './selection.js';
import type { TagSource } from './tags.js';
import type { Exclusion, MachineRef } from './types.js';

/** Runs one AWS request under the run's concurrency bound, counting it. */
export type AwsCall = <T>(send: () => Promise<T>) => Promise<T>;

/**
 * What DescribeStateMachine (and, for an alias, DescribeStateMachineAlias) said that the tool uses. The
 * definition itself is not kept, only its Comment: definitions run to hundreds of kilobytes, and the
 * memo holds this for every machine between refreshes.
 */
export interface MachineDescription {
  description?: string | undefined;
  /** The definition's top-level Comment (definitionComment). */
  comment?: string | undefined;
  qualifier?: QualifierInfo | undefined;
}

/** What one run reads machines with. */
export interface MachineReader {
  sfn: Pick<SFNClient, 'send'>;
  schemas: Pick<SchemasClient, 'send'>;
  rules: SelectionRules;
  tagSource: TagSource;
  call: AwsCall;
  /** DescribeSchema once per schema ARN per run: several machines often share one schema. */
  schemaReads: Map<string, Promise<Result<DescribeSchemaCommandOutput>>>;
}

/** One machine's outcome: a tool to build, or a reason to leave it out. */
export type MachineReading =
  | {
      kind: 'kept';
      details: MachineDetails;
      described: MachineDescription;
      /** True when the description was read in this run rather than reused. */
      fresh: boolean;
      warnings: string[];
    }
  | { kind: 'excluded'; exclusion: Exclusion; warnings: string[] };

interface SchemaReading {
  schema?: MachineDetails['schema'];
  warnings: string[];
}

/** Tags (when needed), the tag check, then the description and the schema side by side. */
export async function readMachine(
  reader: MachineReader,
  machine: MachineRef,
  reuse: MachineDescription | undefined,
): Promise<MachineReading> {
  const tagsRead = readTags(reader, machine);
  if (reader.rules.tagFilter.kind === 'exact') {
    // The description is only worth reading for machines that pass the tag check.
    const tags = await tagsRead;
    if (!tags.ok) return unreadable(machine, `its tags cannot be read: ${tags.error}`);
    const check = checkTags(reader.rules.tagFilter, tags.value);
    if (!check.pass) {
      return { kind: 'excluded', exclusion: exclusion(machine, check.reason, check.detail), warnings: [] };
    }
  }
  const schemaRead = (which: SchemaRole) =>
    tagsRead.then((t) =>
      t.ok ? readRegistrySchema(reader, machine, t.value ?? [], which) : { warnings: [] },
    );
  const [tags, description, schema, outputSchema] = await Promise.all([
    tagsRead,
    reuse ? ok(reuse) : describeMachine(reader, machine),
    schemaRead('input'),
    schemaRead('output'),
  ]);
  if (!tags.ok) return unreadable(machine, `its tags cannot be read: ${tags.error}`);
  if (!description.ok) return unreadable(machine, `its description cannot be read: ${description.error}`);
  const { description: text, comment, qualifier } = description.value;
  return {
    kind: 'kept',
    details: {
      machine,
      description: text,
      comment,
      schema: schema.schema,
      ...(outputSchema.schema ? { outputSchema: outputSchema.schema } : {}),
      tags: tags.value,
      qualifier,
    },
    described: description.value,
    fresh: reuse === undefined,
    warnings: [...schema.warnings, ...outputSchema.warnings],
  };
}

/** The machine's tags from the run's source; undefined when the run reads none. */
function readTags(reader: MachineReader, machine: MachineRef): Promise<Result<TagList | undefined>> {
  const source = reader.tagSource;
  if (source.kind === 'none') return Promise.resolve(ok(undefined));
  if (source.kind === 'bulk') return Promise.resolve(ok(source.tags.get(machine.arn) ?? []));
  const listTags = () => reader.sfn.send(new ListTagsForResourceCommand({ resourceArn: machine.arn }));
  return attempt(() => reader.call(listTags)).then((r) => (r.ok ? ok(r.value.tags ?? []) : r));
}

/**
 * The machine, or the version it names, or, for an alias, the alias's routing and the version it
 * sends most executions to: that version's description and definition describe the tool.
 */
async function describeMachine(
  reader: MachineReader,
  machine: MachineRef,
): Promise<Result<MachineDescription>> {
  const target = await describedTarget(reader, machine);
  if (!target.ok) return target;
  const { arn, qualifier } = target.value;
  const describe = () => reader.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
  const out = await attempt(() => reader.call(describe));
  if (!out.ok) return out;
  const { description, definition } = out.value;
  return ok({ description, comment: definitionComment(definition), qualifier });
}

interface DescribedTarget {
  /** The ARN whose DescribeStateMachine describes the tool. */
  arn: string;
  qualifier?: QualifierInfo;
}

async function describedTarget(reader: MachineReader, machine: MachineRef): Promise<Result<DescribedTarget>> {
  if (machine.version !== undefined) {
    return ok({ arn: machine.invokeArn, qualifier: { kind: 'version', version: machine.version } });
  }
  if (machine.alias === undefined) return ok({ arn: machine.arn });
  const stateMachineAliasArn = machine.invokeArn;
  const describe = () => reader.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn }));
  const alias = await attempt(() => reader.call(describe));
  if (!alias.ok) return alias;
  return ok(aliasTarget(machine.arn, machine.alias, alias.value.routingConfiguration ?? []));
}

/** An alias's routes (for the tool's description) and the version most executions go to. Pure. */
export function aliasTarget(
  machineArn: string,
  alias: string,
  routing: readonly RoutingConfigurationListItem[],
): DescribedTarget {
  const routes = routing.flatMap((route) => {
    const parsed = parseStateMachineArn(route.stateMachineVersionArn ?? '');
    if (!parsed.ok || parsed.value.qualifier === undefined) return [];
    return [{ arn: parsed.value.arn, version: parsed.value.qualifier, weight: route.weight ?? 0 }];
  });
  const top = [...routes].sort((a, b) => b.weight - a.weight)[0];
  return {
    arn: top?.arn ?? machineArn,
    qualifier: { kind: 'alias', alias, routes: routes.map(({ version, weight }) => ({ version, weight })) },
  };
}

/** Which schema tag a registry schema is read for: the tool's input, or its output. */
type SchemaRole = 'input' | 'output';

/** The registry schema a schema tag names, or a warning saying why the tool goes without one. */
async function readRegistrySchema(
  reader: MachineReader,
  machine: MachineRef,
  tags: TagList,
  which: SchemaRole,
): Promise<SchemaReading> {
  const key = which === 'input' ? reader.rules.schemaArnTagKey : reader.rules.outputSchemaArnTagKey;
  if (!key) return { warnings: [] };
  const value = tagValue(tags, key);
  if (value === undefined) return { warnings: [] };
  const parsed = parseSchemaArn(value);
  if (!parsed.ok) return withoutSchema(machine, `tag ${key}: ${parsed.error}`, which);
  const { arn, schemaName } = parsed.value;
  const result = await describeSchemaOnce(reader, parsed.value);
  if (!result.ok)
    return withoutSchema(machine, `the ${which} schema ${arn} cannot be read (${result.error})`, which);
  const { Content: content, Type: type, SchemaName: name } = result.value;
  if (!content?.trim()) return withoutSchema(machine, `the ${which} schema ${arn} is empty`, which);
  return { schema: { arn, type: type ?? '', content, schemaName: name ?? schemaName }, warnings: [] };
}

function describeSchemaOnce(
  reader: MachineReader,
  schema: SchemaArnParts,
): Promise<Result<DescribeSchemaCommandOutput>> {
  let read = reader.schemaReads.get(schema.arn);
  if (!read) {
    const input = { RegistryName: schema.registryName, SchemaName: schema.schemaName };
    // The Schemas SDK is loaded only by runs that read a schema.
    const describe = async () => {
      const { DescribeSchemaCommand } = await loadSchemasSdk();
      return reader.schemas.send(new DescribeSchemaCommand(input));
    };
    read = attempt(() => reader.call(describe));
    reader.schemaReads.set(schema.arn, read);
  }
  return read;
}

function withoutSchema(machine: MachineRef, why: string, which: SchemaRole): SchemaReading {
  return {
    warnings: [`state machine ${machine.name}: ${why}; the tool is served without an ${which} schema`],
  };
}

function unreadable(machine: MachineRef, detail: string): MachineReading {
  return {
    kind: 'excluded',
    exclusion: exclusion(machine, 'unreadable', detail),
    warnings: [`state machine ${machine.name} is left out: ${detail}`],
  };
}

/** The request's answer, or the AWS error as one line that starts with its name. */
async function attempt<T>(send: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await send());
  } catch (err) {
    return fail(awsErrorText(err));
  }
}
