import { describe, expect, it } from 'vitest';
import { CreateSchemaCommand, DescribeSchemaCommand, UpdateSchemaCommand } from '@aws-sdk/client-schemas';
import { useEngine } from '../helpers/engine.js';

const DRAFT4 = JSON.stringify({
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  required: ['customerId'],
  properties: { customerId: { type: 'string' } },
});

const OPENAPI = JSON.stringify({
  openapi: '3.0.0',
  info: { title: 'Order', version: '1.0.0' },
  paths: {},
  components: { schemas: { Order: { type: 'object', properties: { orderId: { type: 'string' } } } } },
});

describe('EventBridge Schemas API through the real SDK client', () => {
  const local = useEngine({ region: 'eu-west-1', accountId: '210987654321' });

  it('creates and describes a JSONSchemaDraft4 schema, with percent-encoded names', async () => {
    const created = await local.schemas.send(
      new CreateSchemaCommand({
        RegistryName: 'my registry',
        SchemaName: 'customer/lookup input',
        Type: 'JSONSchemaDraft4',
        Content: DRAFT4,
        Description: 'Customer lookup',
        Tags: { team: 'crm' },
      }),
    );
    expect(created).toMatchObject({
      SchemaArn: 'arn:aws:schemas:eu-west-1:210987654321:schema/my registry/customer/lookup input',
      SchemaVersion: '1',
      Type: 'JSONSchemaDraft4',
    });
    const described = await local.schemas.send(
      new DescribeSchemaCommand({ RegistryName: 'my registry', SchemaName: 'customer/lookup input' }),
    );
    expect(described).toMatchObject({
      Content: DRAFT4,
      SchemaName: 'customer/lookup input',
      SchemaVersion: '1',
      Type: 'JSONSchemaDraft4',
      Description: 'Customer lookup',
      Tags: { team: 'crm' },
    });
    expect(described.LastModified).toBeInstanceOf(Date);
    expect(described.VersionCreatedDate).toBeInstanceOf(Date);
    expect(Math.abs(described.LastModified!.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('creates an OpenApi3 schema, updates it to a new version and still serves the old one', async () => {
    await local.schemas.send(
      new CreateSchemaCommand({
        RegistryName: 'orders',
        SchemaName: 'Order',
        Type: 'OpenApi3',
        Content: OPENAPI,
      }),
    );
    const changed = JSON.stringify({ ...JSON.parse(OPENAPI), info: { title: 'Order', version: '2.0.0' } });
    const updated = await local.schemas.send(
      new UpdateSchemaCommand({ RegistryName: 'orders', SchemaName: 'Order', Content: changed }),
    );
    expect(updated).toMatchObject({ SchemaVersion: '2', Type: 'OpenApi3' });
    const latest = await local.schemas.send(
      new DescribeSchemaCommand({ RegistryName: 'orders', SchemaName: 'Order' }),
    );
    expect(latest).toMatchObject({ SchemaVersion: '2', Content: changed, Type: 'OpenApi3' });
    const first = await local.schemas.send(
      new DescribeSchemaCommand({ RegistryName: 'orders', SchemaName: 'Order', SchemaVersion: '1' }),
    );
    expect(first.Content).toBe(OPENAPI);
  });

  it('answers NotFoundException (404) for a missing schema, version or registry', async () => {
    for (const input of [
      { RegistryName: 'orders', SchemaName: 'Nope' },
      { RegistryName: 'orders', SchemaName: 'Order', SchemaVersion: '9' },
      { RegistryName: 'no-such-registry', SchemaName: 'Order' },
    ]) {
      const err = (await local.schemas.send(new DescribeSchemaCommand(input)).catch((e: unknown) => e)) as {
        name: string;
        message: string;
        $metadata: { httpStatusCode: number };
      };
      expect(err.name).toBe('NotFoundException');
      expect(err.$metadata.httpStatusCode).toBe(404);
      expect(err.message).toMatch(/does not exist/);
    }
    await expect(
      local.schemas.send(
        new UpdateSchemaCommand({ RegistryName: 'orders', SchemaName: 'Nope', Content: DRAFT4 }),
      ),
    ).rejects.toMatchObject({
      name: 'NotFoundException',
    });
  });

  it('refuses a duplicate create, an unknown type and content that is not JSON', async () => {
    await expect(
      local.schemas.send(
        new CreateSchemaCommand({
          RegistryName: 'orders',
          SchemaName: 'Order',
          Type: 'OpenApi3',
          Content: OPENAPI,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ConflictException',
    });
    await expect(
      local.schemas.send(
        new CreateSchemaCommand({
          RegistryName: 'orders',
          SchemaName: 'X',
          Type: 'Avro' as never,
          Content: '{}',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'BadRequestException',
    });
    await expect(
      local.schemas.send(
        new CreateSchemaCommand({
          RegistryName: 'orders',
          SchemaName: 'X',
          Type: 'JSONSchemaDraft4',
          Content: '{oops',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'BadRequestException',
    });
    await expect(
      local.schemas.send(
        new CreateSchemaCommand({
          RegistryName: 'orders',
          SchemaName: 'X',
          Type: 'OpenApi3',
          Content: DRAFT4,
        }),
      ),
    ).rejects.toThrow(/openapi/);
  });
});
