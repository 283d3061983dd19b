import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StateMachineType } from '@aws-sdk/client-sfn';
import { errorMessage, isObject } from '../result.js';
import type { EngineContext } from './context.js';
import { allStates } from './asl/model.js';
import { checkDefinitionObject, type CheckedDefinition } from './definition.js';
import { ApiError } from './errors.js';
import { createMachine } from './machines.js';
import { putSchema } from './schemas-handlers.js';
import { STATE_MACHINE_TYPES, type SchemaType } from './store.js';
import type { TaskHandler, TaskHandlers } from './task-handlers.js';
import type { LoadReport } from './types.js';
import { checkTag, nameProblem } from './validate.js';

/**
 * Loads a folder of state machines, one sub-folder per machine (layout in
 * docs/engine.md). A machine with a bad file is reported with the file and the
 * reason and left out; the others still load.
 */

export const SCHEMA_REGISTRY = 'local';

const FILES = {
  definition: 'definition.asl.json',
  machine: 'machine.json',
  schema: 'input-schema.json',
  outputSchema: 'output-schema.json',
  handlers: 'handlers.mjs',
} as const;

interface MachineMeta {
  type: StateMachineType;
  description?: string;
  tags: Record<string, string>;
}

interface Candidate {
  name: string;
  definitionText: string;
  checked: CheckedDefinition;
  meta: MachineMeta;
  schema?: SchemaDocument;
  outputSchema?: SchemaDocument;
  handlers?: TaskHandlers;
}

interface SchemaDocument {
  content: string;
  type: SchemaType;
}

/** Where a folder machine's schemas are registered, and under which tag key each ARN is tagged. */
export interface SchemaTagKeys {
  input: string;
  output: string;
}

/** A problem with one file of one machine folder. */
class FileProblem extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(reason);
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new FileProblem(file, `not valid JSON: ${errorMessage(err)}`);
  }
}

function parseMeta(value: unknown, file: string): MachineMeta {
  if (!isObject(value))
    throw new FileProblem(file, 'must be a JSON object with optional "type", "description" and "tags"');
  const allowed = ['type', 'description', 'tags'];
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  if (unknown.length)
    throw new FileProblem(
      file,
      `unknown key(s) ${unknown.map((k) => `"${k}"`).join(', ')}; allowed: ${allowed.join(', ')}`,
    );
  const type = value.type ?? 'STANDARD';
  if (typeof type !== 'string' || !(STATE_MACHINE_TYPES as readonly string[]).includes(type)) {
    throw new FileProblem(file, `"type" must be "STANDARD" or "EXPRESS", got ${JSON.stringify(type)}`);
  }
  if (value.description !== undefined && typeof value.description !== 'string') {
    throw new FileProblem(file, `"description" must be a string, got ${JSON.stringify(value.description)}`);
  }
  const tags = value.tags ?? {};
  if (!isObject(tags))
    throw new FileProblem(file, '"tags" must be an object of string values, e.g. { "team": "orders" }');
  for (const [k, v] of Object.entries(tags)) {
    if (typeof v !== 'string')
      throw new FileProblem(file, `tag "${k}" must have a string value, got ${JSON.stringify(v)}`);
    try {
      checkTag(k, v, `tags.${k}`);
    } catch (err) {
      throw new FileProblem(file, errorMessage(err));
    }
  }
  return {
    type: type as StateMachineType,
    ...(typeof value.description === 'string' ? { description: value.description } : {}),
    tags: tags as Record<string, string>,
  };
}

async function importHandlers(path: string, file: string): Promise<TaskHandlers> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (err) {
    throw new FileProblem(file, `failed to import: ${errorMessage(err)}`);
  }
  const handlers = mod.default;
  if (!isObject(handlers)) {
    throw new FileProblem(
      file,
      'must `export default` an object mapping Task state names (or Resource strings) to functions',
    );
  }
  const notFunctions = Object.entries(handlers).filter(([, fn]) => typeof fn !== 'function');
  if (notFunctions.length)
    throw new FileProblem(
      file,
      `handler(s) ${notFunctions.map(([k]) => `"${k}"`).join(', ')} must be functions`,
    );
  return handlers as Record<string, TaskHandler>;
}

/** An input or output schema document of a machine folder, typed as the registry types it. */
async function readSchemaFile(dir: string, name: string, file: string): Promise<SchemaDocument | undefined> {
  const text = await readOptional(join(dir, name, file));
  if (text === undefined) return undefined;
  const doc = parseJson(text, `${name}/${file}`);
  if (!isObject(doc))
    throw new FileProblem(
      `${name}/${file}`,
      'must be a JSON object (a JSON Schema draft 4 document or an OpenAPI 3 document)',
    );
  return { content: text.trim(), type: 'openapi' in doc ? 'OpenApi3' : 'JSONSchemaDraft4' };
}

async function readMachine(dir: string, name: string): Promise<Candidate> {
  const rel = (f: string): string => `${name}/${f}`;
  const problem = nameProblem(name);
  if (problem) throw new FileProblem(`${name}/`, `the folder name is the machine name, which ${problem}`);

  const definitionText = await readOptional(join(dir, name, FILES.definition));
  if (definitionText === undefined)
    throw new FileProblem(rel(FILES.definition), `missing: every machine folder needs a ${FILES.definition}`);
  // The machine's type first: an EXPRESS definition is checked against Express's limits.
  const metaText = await readOptional(join(dir, name, FILES.machine));
  const meta =
    metaText === undefined
      ? { type: 'STANDARD' as const, tags: {} }
      : parseMeta(parseJson(metaText, rel(FILES.machine)), rel(FILES.machine));
  let checked: CheckedDefinition;
  try {
    checked = checkDefinitionObject(parseJson(definitionText, rel(FILES.definition)), meta.type);
  } catch (err) {
    if (err instanceof ApiError) throw new FileProblem(rel(FILES.definition), err.message);
    throw err;
  }

  const candidate: Candidate = { name, definitionText, checked, meta };
  const schema = await readSchemaFile(dir, name, FILES.schema);
  if (schema) candidate.schema = schema;
  const outputSchema = await readSchemaFile(dir, name, FILES.outputSchema);
  if (outputSchema) candidate.outputSchema = outputSchema;

  const handlersPath = join(dir, name, FILES.handlers);
  if ((await readOptional(handlersPath)) !== undefined)
    candidate.handlers = await importHandlers(handlersPath, rel(FILES.handlers));
  return candidate;
}

export async function loadFolder(
  ctx: EngineContext,
  dir: string,
  tagKeys: SchemaTagKeys,
): Promise<LoadReport> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new Error(`Cannot read the state machine folder '${dir}': ${errorMessage(err)}`, {
      cause: err,
    });
  }
  const report: LoadReport = { loaded: [], errors: [] };
  const folders = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  for (const name of folders) {
    try {
      const c = await readMachine(dir, name);
      const tags: Record<string, string> = {};
      if (c.schema) tags[tagKeys.input] = registerSchema(ctx, name, FILES.schema, name, c.schema);
      if (c.outputSchema) {
        tags[tagKeys.output] = registerSchema(
          ctx,
          name,
          FILES.outputSchema,
          `${name}-output`,
          c.outputSchema,
        );
      }
      // Tags written in machine.json win over the generated schema tags.
      Object.assign(tags, c.meta.tags);
      createMachine(ctx, {
        name,
        definitionText: c.definitionText,
        checked: c.checked,
        type: c.meta.type,
        ...(c.meta.description !== undefined ? { description: c.meta.description } : {}),
        tags: Object.entries(tags),
        ...(c.handlers ? { handlers: c.handlers } : {}),
        folder: join(dir, name),
      });
      warnAboutHandlers(ctx, name, c);
      report.loaded.push(name);
    } catch (err) {
      const file = err instanceof FileProblem ? err.file : `${name}/`;
      report.errors.push({ file, reason: errorMessage(err) });
      ctx.log.warn({ err, dir, file }, 'state machine not loaded');
    }
  }
  return report;
}

/** Registers a folder's schema document in the local registry; returns its ARN. */
function registerSchema(
  ctx: EngineContext,
  machine: string,
  file: string,
  schemaName: string,
  doc: SchemaDocument,
): string {
  try {
    return putSchema(ctx, { registry: SCHEMA_REGISTRY, name: schemaName, ...doc }).arn;
  } catch (err) {
    throw new FileProblem(`${machine}/${file}`, errorMessage(err));
  }
}

/** Typos in handler keys would only show at run time; say so at load time. */
function warnAboutHandlers(ctx: EngineContext, name: string, c: Candidate): void {
  const handlers = c.handlers ?? {};
  const tasks = c.checked.tasks;
  const resources = new Set(tasks.values());
  // A callback Task runs a handler only if it has one: it waits for SendTaskSuccess either way.
  const missing = [...tasks]
    .filter(([state, resource]) => !Object.hasOwn(handlers, state) && !Object.hasOwn(handlers, resource))
    .filter(([, resource]) => !resource.endsWith('.waitForTaskToken'))
    .map(([s]) => s);
  if (missing.length)
    ctx.log.warn(
      { stateMachine: name, taskStates: missing },
      'Task states without a local handler will fail with Local.NoTaskHandler',
    );
  const mapParts = new Set(
    allStates(c.checked.machine)
      .filter((s) => s.type === 'Map')
      .flatMap((s) => [`${s.name}.ItemReader`, `${s.name}.ResultWriter`]),
  );
  const unused = Object.keys(handlers).filter((k) => !tasks.has(k) && !resources.has(k) && !mapParts.has(k));
  if (unused.length)
    ctx.log.warn(
      { stateMachine: name, handlers: unused },
      'handlers that match no Task state name or Resource, nor a Map state ItemReader or ResultWriter',
    );
}
