/**
 * Version and alias ARNs in STATE_MACHINE_LIST, end to end: the built server over stdio with the
 * real MCP client, against the local engine. Each tool runs exactly its qualified ARN.
 */
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useEngine } from '../helpers/engine.js';
import { connectStdio, engineEnv, type Connected } from '../helpers/server.js';

const pass = (v: number) =>
  JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', Result: { v }, End: true } } });
const local = useEngine();
let server: Connected;
let standard: string;
let express: string;

beforeAll(async () => {
  const sfn = local.sfn;
  const role = `arn:aws:iam::${local.engine.accountId}:role/test`;
  for (const [name, type] of [
    ['QuoteStandard', 'STANDARD'],
    ['QuoteExpress', 'EXPRESS'],
  ] as const) {
    const created = await sfn.send(
      new CreateStateMachineCommand({
        name,
        type,
        roleArn: role,
        definition: pass(1),
        publish: true,
        versionDescription: `${name} one`,
      }),
    );
    await sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: created.stateMachineArn!,
        definition: pass(2),
        publish: true,
        versionDescription: `${name} two`,
      }),
    );
    // The latest revision, never published: the qualified tools must not run it.
    await sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn!, definition: pass(3) }),
    );
    await sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'prod',
        routingConfiguration: [{ stateMachineVersionArn: `${created.stateMachineArn}:1`, weight: 100 }],
      }),
    );
    if (type === 'STANDARD') standard = created.stateMachineArn!;
    else express = created.stateMachineArn!;
  }
  server = await connectStdio(
    engineEnv(local.engine.endpoint, { STATE_MACHINE_LIST: `${standard}:2,${express}:prod` }),
  );
}, 30_000);

afterAll(async () => {
  await server?.close();
});

describe('version and alias tools', () => {
  it('say which version or alias they run', async () => {
    const { tools } = await server.client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName.QuoteStandard!.description).toBe('QuoteStandard two\n\nVersion: 2 of QuoteStandard');
    expect(byName.QuoteExpress!.description).toBe(
      'QuoteExpress one\n\nAlias: prod of QuoteExpress (routes to version 1)',
    );
  });

  it('run exactly that version (Standard) and the version the alias routes to (Express)', async () => {
    const s = await server.client.callTool({ name: 'QuoteStandard', arguments: {} });
    expect(s.isError).toBeFalsy();
    expect(s.structuredContent).toEqual({ v: 2 });
    const e = await server.client.callTool({ name: 'QuoteExpress', arguments: {} });
    expect(e.isError).toBeFalsy();
    expect(e.structuredContent).toEqual({ v: 1 });
    expect(local.engine.calls.counts().StartSyncExecution).toBe(1);
  });
});
