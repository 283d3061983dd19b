/**
 * `stepfunctions-tool-mcp-server list` end to end: the built CLI against the local engine over
 * HTTP, every reason a machine is left out, in the table and in JSON, how the selection is served
 * (one tool per machine or the large catalogue, by the tool budget), and the exit codes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateStateMachineAliasCommand, PublishStateMachineVersionCommand } from '@aws-sdk/client-sfn';
import { attachSchema, createMachines, useEngine } from '../helpers/engine.js';
import { engineEnv, runCli } from '../helpers/server.js';

const local = useEngine();
let arns: Record<string, string>;
const SCHEMA_TAG = 'InputSchemaArn';

beforeAll(async () => {
  const names = ['app-orders', 'app-ids', 'app-denied', 'Billing', 'other'];
  const created = await createMachines(local.engine, [
    { name: 'app-orders', tags: { team: 'blue' }, description: 'Creates orders.' },
    { name: 'app-ids', tags: { team: 'red' } },
    { name: 'app-denied', tags: { team: 'blue' } },
    { name: 'Billing', tags: { team: 'blue' }, type: 'EXPRESS' },
    { name: 'other' },
  ]);
  arns = Object.fromEntries(names.map((n, i) => [n, created[i]!]));
  await attachSchema(local.engine, arns['app-orders']!, SCHEMA_TAG, {
    registry: 'app',
    name: 'Orders',
    type: 'JSONSchemaDraft4',
    content: '{"type":"object","required":["id"]}',
  });
  const sfn = local.sfn;
  await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arns.Billing! }));
  await sfn.send(
    new CreateStateMachineAliasCommand({
      name: 'live',
      routingConfiguration: [{ stateMachineVersionArn: `${arns.Billing}:1`, weight: 100 }],
    }),
  );
  // An IAM denial on one machine, answered by the engine.
  local.engine.faults.set({
    failures: [
      { operation: 'DescribeStateMachine', arn: arns['app-denied']!, errorType: 'AccessDeniedException' },
    ],
  });
}, 30_000);

const list = (env: Record<string, string>, json: boolean) =>
  runCli(['list', ...(json ? ['--json'] : [])], engineEnv(local.engine.endpoint, env));

interface ListJson {
  served: { mode: string; toolBudget: number; perMachineTools: number; listed: string[] };
  tools: Array<{
    tool: string;
    machine: string;
    type: string;
    version?: string;
    alias?: string;
    schema: boolean;
  }>;
  excluded: Array<{ name: string; reason: string; detail: string }>;
  unmatchedEntries: string[];
  warnings: string[];
}

describe('list', () => {
  it('shows tools, tag, unreadable and name reasons and unmatched entries, in JSON and as a table', async () => {
    const env = {
      STATE_MACHINE_PREFIX: 'app-',
      STATE_MACHINE_LIST: `${arns.Billing}:1, Nope`,
      STATE_MACHINE_TAG_KEY: 'team',
      STATE_MACHINE_TAG_VALUE: 'blue',
      STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: SCHEMA_TAG,
    };
    const json = await list(env, true);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as ListJson;
    expect(out.tools.map((t) => [t.tool, t.machine, t.type, t.version, t.schema])).toEqual([
      ['Billing', 'Billing', 'EXPRESS', '1', false],
      ['orders', 'app-orders', 'STANDARD', undefined, true],
    ]);
    expect(out.excluded.map((e) => [e.name, e.reason])).toEqual([
      ['app-denied', 'unreadable'],
      ['app-ids', 'tag'],
      ['other', 'prefix-or-list'],
    ]);
    expect(out.excluded[0]!.detail).toMatch(
      /^its description cannot be read: AccessDeniedException: .*app-denied/,
    );
    expect(out.excluded[1]!.detail).toBe('no tag team=blue (its value is "red")');
    expect(out.unmatchedEntries).toEqual(['Nope']);

    const text = await list(env, false);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toMatch(/^TOOL\s+MACHINE\s+TYPE\s+VERSION\/ALIAS\s+SCHEMA$/);
    expect(lines[1]).toMatch(/^Billing\s+Billing\s+EXPRESS\s+version 1\s+no$/);
    expect(lines[2]).toMatch(/^orders\s+app-orders\s+STANDARD\s+-\s+yes$/);
    expect(text.stdout).toMatch(
      /^app-denied\s+unreadable\s+its description cannot be read: AccessDeniedException/m,
    );
    expect(text.stdout).toMatch(/^app-ids\s+tag\s+no tag team=blue \(its value is "red"\)$/m);
    expect(text.stdout).toMatch(
      /^other\s+prefix-or-list\s+name does not start with the prefix "app-" and is not named/m,
    );
    expect(text.stdout).toContain('match no state machine in this account and region:\n  Nope\n');
    // Listed once, under its heading, not again among the warnings.
    expect(text.stdout).toContain(
      'STATE_MACHINE_LIST / --state-machine-list entries that match no state machine',
    );
    expect(text.stdout.match(/Nope/g)).toHaveLength(1);
    expect(text.stdout).toContain('2 tool(s), 3 machine(s) left out.');
    // Not a terminal: no progress indicator on stderr.
    expect(text.stderr).not.toContain('\r');
  });

  it('names the prefix and the list reasons apart, and shows an alias', async () => {
    const byPrefix = JSON.parse((await list({ STATE_MACHINE_PREFIX: 'app-' }, true)).stdout) as ListJson;
    expect(byPrefix.excluded.map((e) => [e.name, e.reason])).toEqual([
      ['Billing', 'prefix'],
      ['app-denied', 'unreadable'],
      ['other', 'prefix'],
    ]);
    const env = { STATE_MACHINE_LIST: `${arns.Billing}:live` };
    const byList = JSON.parse((await list(env, true)).stdout) as ListJson;
    expect(byList.tools).toMatchObject([{ tool: 'Billing', alias: 'live', type: 'EXPRESS' }]);
    expect(new Set(byList.excluded.map((e) => e.reason))).toEqual(new Set(['list']));
    const text = await list(env, false);
    expect(text.stdout).toMatch(/^Billing\s+Billing\s+EXPRESS\s+alias live\s+no$/m);
    expect(text.stdout).toMatch(/^other\s+list\s+not named in STATE_MACHINE_LIST$/m);
  });

  it('exits 1 when the tag filter is half set, and says why for every machine', async () => {
    const env = { STATE_MACHINE_TAG_KEY: 'team' };
    const json = await list(env, true);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as ListJson;
    expect(out.tools).toEqual([]);
    expect(out.excluded).toHaveLength(5);
    expect(out.excluded.every((e) => e.reason === 'tag-filter-incomplete')).toBe(true);
    expect(out.warnings[0]).toContain('STATE_MACHINE_TAG_VALUE is not');
    const text = await list(env, false);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('No state machine is selected.');
    expect(text.stdout).toMatch(/^app-ids\s+tag-filter-incomplete\s+STATE_MACHINE_TAG_VALUE is not set/m);
  });

  it('exits 1 when nothing matches the prefix', async () => {
    const json = await list({ STATE_MACHINE_PREFIX: 'zzz-' }, true);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as ListJson).excluded).toHaveLength(5);
    const text = await list({ STATE_MACHINE_PREFIX: 'zzz-' }, false);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('0 tool(s), 5 machine(s) left out.');
  });

  it('says how the selection is served: one tool per machine within the budget, the large catalogue over it', async () => {
    const env = engineEnv(local.engine.endpoint, { STATE_MACHINE_PREFIX: 'app-' });
    // Two machines (app-orders, app-ids) and get_execution_result: three tools one per machine.
    const [within, withinText, over, overText, byEnv, unlimited] = await Promise.all([
      runCli(['list', '--json'], env),
      runCli(['list', '--tool-budget', '3'], env),
      runCli(['list', '--tool-budget', '2', '--json'], env),
      runCli(['list', '--tool-budget', '2'], env),
      runCli(['list', '--json'], { ...env, SFN_MCP_TOOL_BUDGET: '2' }),
      runCli(['list', '--tool-budget', '0'], env),
    ]);
    expect(within.code).toBe(0);
    expect((JSON.parse(within.stdout) as ListJson).served).toEqual({
      mode: 'per-machine',
      toolBudget: 40,
      perMachineTools: 3,
      listed: ['get_execution_result', 'ids', 'orders'],
    });
    expect(withinText.stdout).toContain(
      "Served as: one tool per machine; tools/list holds 3 tools (the machines' and the server's own), within the tool budget of 3.\n",
    );

    expect(over.code).toBe(0);
    const out = JSON.parse(over.stdout) as ListJson;
    expect(out.served).toEqual({
      mode: 'large-catalogue',
      toolBudget: 2,
      perMachineTools: 3,
      listed: ['get_execution_result', 'run_workflow', 'search_workflows'],
    });
    // The machines are still listed: the workflows the meta tools reach.
    expect(out.tools.map((t) => t.tool)).toEqual(['ids', 'orders']);
    expect(overText.code).toBe(0);
    expect(overText.stdout).toContain(
      'Served as: large catalogue; one tool per machine would make 3 tools, over the tool budget of 2, so ' +
        'tools/list holds search_workflows and run_workflow in place of the machine tools.\n',
    );
    // The setting's variable does what the flag does; 0 is no limit.
    expect((JSON.parse(byEnv.stdout) as ListJson).served.mode).toBe('large-catalogue');
    expect(unlimited.stdout).toContain(
      "Served as: one tool per machine; tools/list holds 3 tools (the machines' and the server's own), no tool budget.\n",
    );
  });

  it('reads tags in bulk when asked, with the same result', async () => {
    local.engine.calls.reset();
    const env = {
      STATE_MACHINE_TAG_KEY: 'team',
      STATE_MACHINE_TAG_VALUE: 'blue',
      SFN_MCP_TAGS_IN_BULK: 'true',
    };
    const out = JSON.parse((await list(env, true)).stdout) as ListJson;
    expect(out.tools.map((t) => t.tool)).toEqual(['Billing', 'app_orders']);
    expect(local.engine.calls.counts().GetResources).toBe(1);
    expect(local.engine.calls.counts().ListTagsForResource ?? 0).toBe(0);
  });
});
