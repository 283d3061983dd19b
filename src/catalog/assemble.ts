/**
 * Turns what discovery fetched into tools. Pure: the AWS calls live in describe.ts, so everything
 * here is unit-tested without I/O.
 */
import { errorMessage, fail, ok, type Result } from '../result.js';
import { annotationsFromTags } from './annotations.js';
import { confirmFromTags } from './confirm-tag.js';
import { buildDescription, eventArgumentsLine, qualifierLine, type QualifierInfo } from './description.js';
import type { TagList } from './selection.js';
import { schemaCheck, type CheckedFormats, type SchemaCheck } from './json-schema.js';
import { assignToolNames } from './naming.js';
import { outputSchemaOf, type ConvertedOutputSchema } from './output-schema.js';
import {
  openInputSchema,
  registrySchemaToInputSchema,
  type ConvertedInputSchema,
  type RegistrySchemaDocument,
  type SchemaOptions,
} from './schema.js';
import type { Catalog, Exclusion, MachineRef, MachineTool } from './types.js';
import { byCodeUnits } from '../order.js';

/** Everything fetched for one selected machine. */
export interface MachineDetails {
  machine: MachineRef;
  /** DescribeStateMachine.description. */
  description?: string | undefined;
  /** The top-level Comment of DescribeStateMachine.definition (definitionComment). */
  comment?: string | undefined;
  /** The registry schema named by the schema tag, when it was found. */
  schema?: (RegistrySchemaDocument & { arn: string }) | undefined;
  /** The registry schema named by the output schema tag, when it was found. */
  outputSchema?: (RegistrySchemaDocument & { arn: string }) | undefined;
  /** The machine's tags, when they were read: annotation tags set the tool's title and hints. */
  tags?: TagList | undefined;
  /** The version or alias the tool runs, for its description. */
  qualifier?: QualifierInfo | undefined;
}

export interface BuiltTool {
  tool: MachineTool;
  /** Problems worth a warning that still leave a usable tool (an unusable schema). */
  warnings: string[];
}

/** A registry document as an inputSchema that Ajv compiles, or why it cannot be one. */
export type UsableSchema = Result<ConvertedInputSchema>;

/** The operator's schema settings: how documents convert, and which formats arguments must match. */
export interface SchemaSettings extends SchemaOptions {
  checkFormats?: CheckedFormats;
}

/** Called each time a registry document is converted and compiled (not when a kept result is reused). */
export type SchemaConversionHook = (schema: { type: string; schemaName?: string | undefined }) => void;

/**
 * Conversions kept from one catalogue to the next, keyed by the document (type, schema name and
 * content): an unchanged schema keeps its inputSchema object across refreshes, and with it the
 * validator a call compiled for that object (json-schema.ts caches by object), so a refresh converts
 * and checks only new or changed documents. Machines that share a schema share one inputSchema.
 * Bounded: each build keeps only the documents it used ({@link SchemaMemo.endBuild}).
 */
export class SchemaMemo {
  private kept = new Map<string, UsableSchema>();
  private used = new Map<string, UsableSchema>();
  /** The build's compile check, made on its first conversion and dropped with the build. */
  private check: SchemaCheck | undefined;

  /** Documents kept for the next build. */
  get size(): number {
    return this.kept.size;
  }

  /** The document as an inputSchema: reused when an earlier build or this one converted it. */
  usable(
    schema: RegistrySchemaDocument,
    settings: SchemaSettings = {},
    onConversion?: SchemaConversionHook,
  ): UsableSchema {
    const { eventEnvelope, checkFormats } = settings;
    const key = JSON.stringify([
      schema.type,
      schema.schemaName ?? null,
      schema.content,
      eventEnvelope ?? null,
      [...(checkFormats ?? [])].sort(),
    ]);
    let usable = this.used.get(key) ?? this.kept.get(key);
    if (!usable) {
      onConversion?.({ type: schema.type, schemaName: schema.schemaName });
      usable = convert(schema, settings, (this.check ??= schemaCheck(checkFormats)));
    }
    this.used.set(key, usable);
    return usable;
  }

  /** Ends a build: documents it did not use are dropped. */
  endBuild(): void {
    this.kept = this.used;
    this.used = new Map();
    this.check = undefined;
  }
}

function convert(schema: RegistrySchemaDocument, settings: SchemaSettings, check: SchemaCheck): UsableSchema {
  try {
    const converted = registrySchemaToInputSchema(schema, settings);
    // Served only if calls can be validated against it: otherwise every call would fail.
    const compiled = check(converted.inputSchema);
    return compiled.ok ? ok(converted) : fail(`JSON Schema validation cannot compile it: ${compiled.error}`);
  } catch (err) {
    return fail(errorMessage(err));
  }
}

/**
 * Where buildTool keeps conversions, whom it tells, the operator's schema settings, and whether a schema
 * served as the inputSchema is also written into the description (a document that could not be used is
 * written there in any case, as the one place the model can read it).
 */
export interface BuildOptions {
  schemas?: SchemaMemo;
  onConversion?: SchemaConversionHook;
  settings?: SchemaSettings;
  schemaInDescription?: boolean;
}

export function buildTool(details: MachineDetails, toolName: string, opts: BuildOptions = {}): BuiltTool {
  const { machine, schema } = details;
  const warnings: string[] = [];
  const checkFormats = opts.settings?.checkFormats ?? [];
  let converted: ConvertedInputSchema | undefined;
  let unusable: string | undefined;
  if (schema) {
    const usable = (opts.schemas ?? new SchemaMemo()).usable(schema, opts.settings, opts.onConversion);
    if (usable.ok) {
      converted = usable.value;
      for (const w of converted.warnings)
        warnings.push(`state machine ${machine.name}: the input schema ${schema.arn}: ${w}`);
    } else {
      unusable = usable.error;
      warnings.push(
        `state machine ${machine.name}: the input schema ${schema.arn} cannot be used (${usable.error}); ` +
          'the tool accepts any JSON object',
      );
    }
  }
  const output = details.outputSchema
    ? usableOutputSchema(machine.name, details.outputSchema, opts, warnings)
    : undefined;
  // Hints stay unset unless tags set them: MCP's defaults (may modify, may be destructive, open world) are the cautious ones.
  const { annotations, warnings: tagWarnings } = annotationsFromTags(machine.name, details.tags);
  const { confirm, warnings: confirmWarnings } = confirmFromTags(machine.name, details.tags);
  warnings.push(...tagWarnings, ...confirmWarnings);
  const tool: MachineTool = {
    name: toolName,
    description: buildDescription({
      machineName: machine.name,
      description: details.description,
      qualifier: details.qualifier ? qualifierLine(machine.name, details.qualifier) : undefined,
      comment: details.comment,
      arguments: converted?.event ? eventArgumentsLine(converted.event) : undefined,
      schemaDocument: converted && opts.schemaInDescription !== true ? undefined : schema?.content,
      schemaUnusable: unusable,
    }),
    inputSchema: converted?.inputSchema ?? openInputSchema(),
    wrapsInput: converted?.wrapsInput ?? false,
    hasSchema: converted !== undefined,
    ...(output ? { outputSchema: output.outputSchema, wrapsOutput: output.wrapsOutput } : {}),
    ...(converted?.event ? { event: converted.event } : {}),
    // The formats the call's validation checks (compileSchema compiles for them on the first call).
    ...(converted && checkFormats.length > 0 ? { checkedFormats: checkFormats } : {}),
    annotations,
    machine: { ...machine },
    ...(confirm ? { confirm } : {}),
  };
  return { tool, warnings };
}

/**
 * The output schema as an outputSchema, or undefined with a warning when it cannot be one. An event
 * schema describes the whole output: no envelope is built around it (`full`).
 */
function usableOutputSchema(
  machineName: string,
  schema: RegistrySchemaDocument & { arn: string },
  opts: BuildOptions,
  warnings: string[],
): ConvertedOutputSchema | undefined {
  const settings = { ...opts.settings, eventEnvelope: 'full' as const };
  const usable = (opts.schemas ?? new SchemaMemo()).usable(schema, settings, opts.onConversion);
  if (usable.ok) {
    for (const w of usable.value.warnings)
      warnings.push(`state machine ${machineName}: the output schema ${schema.arn}: ${w}`);
    return outputSchemaOf(usable.value);
  }
  warnings.push(
    `state machine ${machineName}: the output schema ${schema.arn} cannot be used (${usable.error}); ` +
      'the tool is served without an output schema',
  );
  return undefined;
}

/** Names every tool (collisions need the whole set), orders tools and exclusions stably. */
export function assembleCatalog(input: {
  machines: readonly MachineDetails[];
  prefix: string;
  /** Tool names the server serves itself: a machine never gets one (see assignToolNames). */
  reservedNames?: readonly string[];
  excluded: readonly Exclusion[];
  warnings: readonly string[];
  unmatchedEntries?: readonly string[];
  /**
   * Conversions of earlier builds (DiscoveryMemo.schemas): unchanged documents are not converted
   * or compiled again. Default: a memo of this build alone.
   */
  schemas?: SchemaMemo;
  onSchemaConversion?: SchemaConversionHook;
  /** The operator's schema settings (SFN_MCP_EVENT_ENVELOPE, SFN_MCP_CHECK_FORMATS). */
  schemaSettings?: SchemaSettings;
  /** Also write served schemas into the descriptions (see buildTool). */
  schemaInDescription?: boolean;
}): Catalog {
  const names = assignToolNames(
    input.machines.map((m) => m.machine.name),
    input.prefix,
    input.reservedNames,
  );
  const warnings = [...input.warnings];
  const tools: MachineTool[] = [];
  const schemas = input.schemas ?? new SchemaMemo();
  // Sorted so warnings come out in the same order on every run.
  const machines = [...input.machines].sort((a, b) => byCodeUnits(a.machine.name, b.machine.name));
  try {
    for (const details of machines) {
      const built = buildTool(details, names.get(details.machine.name)!, {
        schemas,
        onConversion: input.onSchemaConversion,
        settings: input.schemaSettings,
        schemaInDescription: input.schemaInDescription,
      });
      tools.push(built.tool);
      warnings.push(...built.warnings);
    }
  } finally {
    schemas.endBuild();
  }
  tools.sort((a, b) => byCodeUnits(a.name, b.name));
  const excluded = [...input.excluded].sort(
    (a, b) => byCodeUnits(a.name, b.name) || byCodeUnits(a.arn, b.arn),
  );
  return {
    tools,
    excluded,
    warnings,
    ...(input.unmatchedEntries ? { unmatchedEntries: [...input.unmatchedEntries] } : {}),
  };
}
