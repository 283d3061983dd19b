/** EventBridge Schema Registry schema ARNs, as carried by the schema tag. Pure. */
import { parse as parseArn } from '@aws-sdk/util-arn-parser';

export interface SchemaRef {
  arn: string;
  region: string;
  registryName: string;
  schemaName: string;
}

export type ParsedSchemaArn = { ok: true; ref: SchemaRef } | { ok: false; error: string };

/** `arn:<partition>:schemas:<region>:<account>:schema/<registry>/<name>`. */
export function parseSchemaArn(raw: string): ParsedSchemaArn {
  const arn = raw.trim();
  const bad = (why: string): ParsedSchemaArn => ({
    ok: false,
    error: `"${arn}" is not a schema ARN (${why}); expected arn:<partition>:schemas:<region>:<account>:schema/<registry>/<name>`,
  });
  let parts;
  try {
    parts = parseArn(arn);
  } catch {
    return bad('it has fewer than six colon-separated parts or does not start with "arn:"');
  }
  if (parts.service !== 'schemas') return bad(`the service is "${parts.service}", not "schemas"`);
  if (!parts.region) return bad('the region is empty');
  const [type, registryName, schemaName, ...rest] = parts.resource.split('/');
  if (type !== 'schema') return bad(`the resource type is "${type ?? ''}", not "schema"`);
  if (!registryName || !schemaName || rest.length > 0)
    return bad('the resource is not schema/<registry>/<name>');
  return { ok: true, ref: { arn, region: parts.region, registryName, schemaName } };
}
