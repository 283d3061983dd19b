import { schemaArn } from '../aws/arn.js';
import { errorMessage, isObject } from '../result.js';
import type { EngineContext } from './context.js';
import { ApiError, schemasError } from './errors.js';
import { SCHEMA_TYPES, type SchemaRecord, type SchemaType, type SchemaVersionRecord } from './store.js';

/** EventBridge Schemas operations (REST JSON): DescribeSchema, CreateSchema, UpdateSchema. Registries exist implicitly. */

export interface SchemasRequest {
  method: string;
  registry: string;
  schema: string;
  query: URLSearchParams;
}

/** The operation a request on a schema's path is, the status it answers with, and how to run it. */
export interface SchemasCall {
  operation: string;
  status: number;
  run: (body: unknown) => unknown;
}

const MAX_CONTENT_CHARS = 100_000;

function field(body: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw schemasError.badRequest(`${key} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw schemasError.badRequest(`${key} must be a string`);
  return value;
}

function schemaType(body: Record<string, unknown>, required: boolean): SchemaType | undefined {
  const value = field(body, 'Type', required);
  if (value === undefined) return undefined;
  if (!(SCHEMA_TYPES as readonly string[]).includes(value)) {
    throw schemasError.badRequest(`Type '${value}' is not supported; allowed: ${SCHEMA_TYPES.join(', ')}`);
  }
  return value as SchemaType;
}

/** The content must be a JSON document of its type, as the registry checks on write. */
export function checkSchemaContent(content: string, type: SchemaType): void {
  if (content.length > MAX_CONTENT_CHARS)
    throw schemasError.badRequest(
      `Content is ${content.length} characters; at most ${MAX_CONTENT_CHARS} are allowed`,
    );
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (err) {
    throw schemasError.badRequest(`Content is not valid JSON: ${errorMessage(err)}`);
  }
  if (!isObject(doc)) throw schemasError.badRequest('Content must be a JSON object');
  if (type === 'OpenApi3' && typeof doc.openapi !== 'string') {
    throw schemasError.badRequest(
      'Content of an OpenApi3 schema must have a top-level \'openapi\' version string, e.g. "3.0.0"',
    );
  }
}

function describe(record: SchemaRecord, version: SchemaVersionRecord): Record<string, unknown> {
  return {
    Content: version.content,
    ...(version.description !== undefined ? { Description: version.description } : {}),
    LastModified: record.lastModified.toISOString(),
    SchemaArn: record.arn,
    SchemaName: record.name,
    SchemaVersion: version.version,
    tags: record.tags,
    Type: version.type,
    VersionCreatedDate: version.created.toISOString(),
  };
}

/** Creates a schema, or adds a version when its content or type changed. Used by the API and the folder loader. */
export function putSchema(
  ctx: EngineContext,
  spec: {
    registry: string;
    name: string;
    content: string;
    type: SchemaType;
    description?: string;
    tags?: Record<string, string>;
  },
): SchemaRecord {
  checkSchemaContent(spec.content, spec.type);
  const key = ctx.store.schemaKey(spec.registry, spec.name);
  const now = new Date();
  let record = ctx.store.schemas.get(key);
  if (!record) {
    record = {
      registry: spec.registry,
      name: spec.name,
      arn: schemaArn(ctx.scope, spec.registry, spec.name),
      versions: [],
      tags: {},
      lastModified: now,
    };
    ctx.store.schemas.set(key, record);
  }
  const latest = record.versions.at(-1);
  if (spec.tags) record.tags = { ...record.tags, ...spec.tags };
  if (!latest || latest.content !== spec.content || latest.type !== spec.type) {
    record.versions.push({
      version: String(record.versions.length + 1),
      content: spec.content,
      type: spec.type,
      ...(spec.description !== undefined
        ? { description: spec.description }
        : latest?.description !== undefined
          ? { description: latest.description }
          : {}),
      created: now,
    });
  } else if (spec.description !== undefined) {
    latest.description = spec.description;
  }
  record.lastModified = now;
  return record;
}

function notFound(registry: string, name: string, version?: string): ApiError {
  return schemasError.notFound(
    version === undefined
      ? `Schema '${name}' does not exist in registry '${registry}'`
      : `Version '${version}' of schema '${name}' does not exist in registry '${registry}'`,
  );
}

function requestObject(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw schemasError.badRequest('The request body must be a JSON object');
  return body;
}

/** CreateSchema and UpdateSchema answer what DescribeSchema would, without the content. */
function withoutContent(record: SchemaRecord): Record<string, unknown> {
  const { Content: _content, ...rest } = describe(record, record.versions.at(-1)!);
  return rest;
}

function describeSchema(ctx: EngineContext, req: SchemasRequest): unknown {
  const { registry, schema: name } = req;
  const record = ctx.store.schemas.get(ctx.store.schemaKey(registry, name));
  if (!record) throw notFound(registry, name);
  const wanted = req.query.get('schemaVersion');
  const version = wanted ? record.versions.find((v) => v.version === wanted) : record.versions.at(-1);
  if (!version) throw notFound(registry, name, wanted ?? undefined);
  return describe(record, version);
}

function createSchema(ctx: EngineContext, req: SchemasRequest, body: unknown): unknown {
  const { registry, schema: name } = req;
  const fields = requestObject(body);
  const content = field(fields, 'Content', true)!;
  const type = schemaType(fields, true)!;
  const description = field(fields, 'Description', false);
  const tags = fields.tags;
  if (tags !== undefined && (!isObject(tags) || Object.values(tags).some((v) => typeof v !== 'string')))
    throw schemasError.badRequest('tags must be an object of string values');
  if (ctx.store.schemas.has(ctx.store.schemaKey(registry, name)))
    throw schemasError.conflict(
      `Schema '${name}' already exists in registry '${registry}'; use UpdateSchema`,
    );
  const record = putSchema(ctx, {
    registry,
    name,
    content,
    type,
    ...(description !== undefined ? { description } : {}),
    ...(tags !== undefined ? { tags: tags as Record<string, string> } : {}),
  });
  return withoutContent(record);
}

function updateSchema(ctx: EngineContext, req: SchemasRequest, body: unknown): unknown {
  const { registry, schema: name } = req;
  const fields = requestObject(body);
  const record = ctx.store.schemas.get(ctx.store.schemaKey(registry, name));
  if (!record) throw notFound(registry, name);
  const latest = record.versions.at(-1)!;
  const content = field(fields, 'Content', false) ?? latest.content;
  const type = schemaType(fields, false) ?? latest.type;
  const description = field(fields, 'Description', false);
  putSchema(ctx, {
    registry,
    name,
    content,
    type,
    ...(description !== undefined ? { description } : {}),
  });
  return withoutContent(record);
}

/** The Schemas operation a request's method names on a schema's path, with the status it answers. */
export function schemasOperation(ctx: EngineContext, req: SchemasRequest): SchemasCall {
  switch (req.method) {
    case 'GET':
      return { operation: 'DescribeSchema', status: 200, run: () => describeSchema(ctx, req) };
    case 'POST':
      return { operation: 'CreateSchema', status: 201, run: (body) => createSchema(ctx, req, body) };
    case 'PUT':
      return { operation: 'UpdateSchema', status: 200, run: (body) => updateSchema(ctx, req, body) };
    default:
      return {
        operation: 'UnknownSchemasOperation',
        status: 405,
        run: () => {
          throw new ApiError(
            'MethodNotAllowedException',
            `${req.method} is not served on a schema; use GET (DescribeSchema), POST (CreateSchema) or PUT (UpdateSchema)`,
            405,
          );
        },
      };
  }
}
