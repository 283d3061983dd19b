/**
 * Discovery with the options `serve` and `list` both use (runtime.ts discoveryOptions), through the
 * real AWS SDK clients against the local engine: reserved tool names, registry schemas whose root is
 * a $ref, and schemas Ajv cannot compile.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCOVERY_CONCURRENCY, discoverCatalog } from '../../src/catalog/discover.js';
import { nameHash } from '../../src/catalog/naming.js';
import { resolveConfig, SETTINGS } from '../../src/config/index.js';
import { silentLogger } from '../../src/log.js';
import { discoveryOptions } from '../../src/runtime.js';
import { useCatalogEngine } from './engine-fixture.js';

const SCHEMA_TAG = 'input-schema';

let orderSchemaArn: string;
let brokenSchemaArn: string;

const fx = useCatalogEngine(async () => {
  orderSchemaArn = await fx.createSchema('app', 'Order', 'JSONSchemaDraft4', {
    $schema: 'http://json-schema.org/draft-04/schema#',
    $ref: '#/definitions/Order',
    definitions: {
      Order: {
        type: 'object',
        properties: { orderId: { type: 'string' }, address: { $ref: '#/definitions/Address' } },
        required: ['orderId'],
      },
      Address: { type: 'object', properties: { zip: { type: 'string' } } },
    },
  });
  brokenSchemaArn = await fx.createSchema('app', 'Broken', 'JSONSchemaDraft4', {
    type: 'object',
    properties: { item: { $ref: '#/definitions/Missing' } },
  });
  await fx.createMachine('get_execution_result');
  await fx.createMachine('search_workflows');
  await fx.createMachine('run-workflow');
  await fx.createMachine('orders', { tags: { [SCHEMA_TAG]: orderSchemaArn } });
  await fx.createMachine('broken', { tags: { [SCHEMA_TAG]: brokenSchemaArn } });
});

/** The catalogue `list` shows (and `serve` serves) for these environment variables. */
async function discoverWith(env: NodeJS.ProcessEnv) {
  const config = resolveConfig({}, { STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: SCHEMA_TAG, ...env });
  return discoverCatalog(fx.clients, config.selection, discoveryOptions(config, silentLogger()));
}

describe('discovery with the options serve and list share', () => {
  it('never names a machine after a tool the server serves itself', async () => {
    const catalog = await discoverWith({});
    expect(catalog.tools.map((t) => t.name)).toEqual([
      'broken',
      `get_execution_result_${nameHash('get_execution_result')}`,
      'orders',
      `run_workflow_${nameHash('run-workflow')}`,
      `search_workflows_${nameHash('search_workflows')}`,
    ]);
  });

  it('keeps the names of the search and run tools free only while a tool budget can bring them in', async () => {
    const names = (await discoverWith({ SFN_MCP_TOOL_BUDGET: '0' })).tools.map((t) => t.name);
    expect(names).toContain('search_workflows');
    expect(names).toContain('run_workflow');
  });

  it('keeps the plain name when the companion tool is off', async () => {
    const catalog = await discoverWith({ SFN_MCP_RESULT_TOOL: 'false' });
    expect(catalog.tools.map((t) => t.name)).toContain('get_execution_result');
  });

  it('serves a registry schema whose root is a $ref as the object it names', async () => {
    const orders = (await discoverWith({})).tools.find((t) => t.name === 'orders')!;
    expect(orders.hasSchema).toBe(true);
    expect(orders.wrapsInput).toBe(false);
    expect(orders.inputSchema).toMatchObject({
      type: 'object',
      properties: { orderId: { type: 'string' }, address: { $ref: '#/definitions/Address' } },
      required: ['orderId'],
    });
  });

  it('serves the open schema, with a warning, for a registry schema Ajv cannot compile', async () => {
    const catalog = await discoverWith({});
    const broken = catalog.tools.find((t) => t.name === 'broken')!;
    expect(broken.hasSchema).toBe(false);
    expect(broken.inputSchema).toEqual({ type: 'object', additionalProperties: true });
    const warnings = catalog.warnings.filter((w) => w.startsWith('state machine broken:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`the input schema ${brokenSchemaArn} cannot be used (`);
    expect(warnings[0]).toContain("can't resolve reference #/definitions/Missing");
  });

  it('reports each unmatched list entry once among the warnings and once as an entry', async () => {
    const catalog = await discoverWith({ STATE_MACHINE_LIST: 'orders,Nope' });
    expect(catalog.unmatchedEntries).toEqual(['Nope']);
    expect(catalog.warnings.filter((w) => w.includes('"Nope"'))).toEqual([
      'STATE_MACHINE_LIST entry "Nope" matches no state machine in this account and region',
    ]);
  });
});

describe('the discovery concurrency default', () => {
  it('is the same in the catalogue and in the configuration', () => {
    const setting = SETTINGS.find((s) => s.key === 'discoveryConcurrency')!;
    expect(String(DEFAULT_DISCOVERY_CONCURRENCY)).toBe(setting.default);
    expect(resolveConfig({}, {}).discoveryConcurrency).toBe(DEFAULT_DISCOVERY_CONCURRENCY);
  });
});
