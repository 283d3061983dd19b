/**
 * MCP resources through the built server and the real MCP client, over stdio and Streamable HTTP: each
 * machine tool's definition (an alias tool's is the version it routes to), the execution template with the
 * operations tools, clear errors for what is not there, tool scopes over HTTP, and resources/list_changed
 * when the catalogue changes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { Client, type Resource } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMachines, ROLE_ARN, useEngine } from '../helpers/engine.js';
import { connectClient } from '../helpers/http.js';
import { CLI, engineEnv, startHttpServer, stdioTransport, type HttpServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';

const pass = (comment: string) => ({
  Comment: comment,
  StartAt: 'Done',
  States: { Done: { Type: 'Pass', End: true } },
});
const ORDERS = pass('Takes an order');
const V1 = pass('version one');
const V2 = pass('version two');

const local = useEngine();
const closers: Array<() => Promise<void>> = [];
let aliasArn: string;
let expressArn: string;

beforeAll(async () => {
  const made = await createMachines(local.engine, [
    { name: 'rs-orders', definition: ORDERS },
    { name: 'rs-quote', type: 'EXPRESS', definition: pass('Quotes a price') },
  ]);
  expressArn = made[1]!;
  // rs-versioned: version 1, then version 2; the alias "prod" routes to version 1.
  const created = await local.sfn.send(
    new CreateStateMachineCommand({
      name: 'rs-versioned',
      roleArn: ROLE_ARN,
      definition: JSON.stringify(V1),
      publish: true,
    }),
  );
  await local.sfn.send(
    new UpdateStateMachineCommand({
      stateMachineArn: created.stateMachineArn,
      definition: JSON.stringify(V2),
      publish: true,
    }),
  );
  const alias = await local.sfn.send(
    new CreateStateMachineAliasCommand({
      name: 'prod',
      routingConfiguration: [{ stateMachineVersionArn: created.stateMachineVersionArn, weight: 100 }],
    }),
  );
  aliasArn = alias.stateMachineAliasArn!;
});
afterAll(async () => {
  await Promise.allSettled(closers.map((close) => close()));
});

const env = (extra: Record<string, string> = {}) =>
  engineEnv(local.engine.endpoint, {
    STATE_MACHINE_PREFIX: 'rs-',
    STATE_MACHINE_LIST: aliasArn,
    SFN_MCP_OPERATIONS: 'read',
    SFN_MCP_REFRESH_SECONDS: '0',
    ...extra,
  });

/** A stdio client that records every resources/list_changed; `hangup` makes the server re-read the account. */
async function watchingStdio(extra: Record<string, string> = {}) {
  const changes: Resource[][] = [];
  const client = new Client(
    { name: 'resources-test', version: '1.0.0' },
    { listChanged: { resources: { debounceMs: 0, onChanged: (_err, list) => list && changes.push(list) } } },
  );
  const transport = stdioTransport({ command: process.execPath, args: [CLI], env: env(extra) });
  await client.connect(transport);
  closers.push(() => client.close());
  return { client, changes, hangup: () => process.kill(transport.pid!, 'SIGHUP') };
}

async function httpServer(extra: Record<string, string> = {}): Promise<HttpServer> {
  const server = await startHttpServer(env(extra));
  closers.push(() => server.close());
  return server;
}

const clients: Record<string, Client> = {};
let watched: Awaited<ReturnType<typeof watchingStdio>>;
beforeAll(async () => {
  watched = await watchingStdio();
  clients.stdio = watched.client;
  clients.http = await (await httpServer()).connect('2026-07-28');
});

const textOf = (contents: Array<{ text?: string; blob?: string }>): string => contents[0]!.text!;

describe.each(['stdio', 'http'])('over %s', (transport) => {
  it('lists one definition per machine tool', async () => {
    const { resources } = await clients[transport]!.listResources();
    const byUri = Object.fromEntries(resources.map((r) => [r.uri, r]));
    expect(Object.keys(byUri).sort()).toEqual([
      'stepfunctions://machines/orders',
      'stepfunctions://machines/quote',
      'stepfunctions://machines/versioned',
    ]);
    expect(byUri['stepfunctions://machines/orders']).toMatchObject({
      name: 'orders',
      title: 'rs-orders definition',
      mimeType: 'application/json',
    });
    expect(byUri['stepfunctions://machines/versioned']?.description).toContain(`(as ${aliasArn} runs it)`);
  });

  it('reads a definition; an alias tool gives the version it routes to', async () => {
    const orders = await clients[transport]!.readResource({ uri: 'stepfunctions://machines/orders' });
    expect(JSON.parse(textOf(orders.contents))).toEqual(ORDERS);
    expect(orders.contents[0]).toMatchObject({ mimeType: 'application/json', _meta: { type: 'STANDARD' } });
    const versioned = await clients[transport]!.readResource({ uri: 'stepfunctions://machines/versioned' });
    expect(JSON.parse(textOf(versioned.contents))).toEqual(V1);
    expect(String(versioned.contents[0]!._meta?.describedArn)).toMatch(/:stateMachine:rs-versioned:1$/);
  });

  it('offers the execution template with the operations tools and reads an execution through it', async () => {
    const c = clients[transport]!;
    const { resourceTemplates } = await c.listResourceTemplates();
    expect(resourceTemplates).toEqual([
      expect.objectContaining({
        uriTemplate: 'stepfunctions://executions/{executionArn}',
        name: 'execution',
      }),
    ]);
    const run = await c.callTool({ name: 'orders', arguments: { via: transport } });
    const executionArn = String(run._meta?.executionArn);
    const uri = `stepfunctions://executions/${encodeURIComponent(executionArn)}`;
    const read = JSON.parse(textOf((await c.readResource({ uri })).contents));
    expect(read).toMatchObject({ executionArn, status: 'SUCCEEDED', input: `{"via":"${transport}"}` });
    expect(read.history.states).toEqual([expect.objectContaining({ name: 'Done', type: 'Pass', visits: 1 })]);
  });

  it('answers what is not there, or can never be, with an error saying so', async () => {
    const c = clients[transport]!;
    await expect(c.readResource({ uri: 'stepfunctions://machines/nope' })).rejects.toThrow(
      /No workflow tool named "nope" here; resources\/list lists/,
    );
    await expect(c.readResource({ uri: 'https://example.com/x' })).rejects.toThrow(
      /Unknown resource URI "https:\/\/example.com\/x": this server's resources are stepfunctions:\/\/machines\/<tool>/,
    );
    // Not found on every revision: -32602 whose data is exactly the URI asked for.
    for (const uri of ['stepfunctions://machines/nope', 'test://nonexistent']) {
      const err = await c.readResource({ uri }).then(
        () => undefined,
        (e: unknown) => e as { code?: number; data?: unknown },
      );
      expect({ code: err?.code, data: err?.data }).toEqual({ code: -32602, data: { uri } });
    }
    const express = `${expressArn.replace(':stateMachine:', ':express:')}:run:1f9d`;
    await expect(
      c.readResource({ uri: `stepfunctions://executions/${encodeURIComponent(express)}` }),
    ).rejects.toThrow(/Express workflow/);
  });
});

it('without the operations tools there is no execution template', async () => {
  const server = await httpServer({ SFN_MCP_OPERATIONS: 'none' });
  const c = await server.connect('2025-11-25');
  expect((await c.listResourceTemplates()).resourceTemplates).toEqual([]);
  expect((await c.listResources()).resources).toHaveLength(3);
});

it("HTTP tool scopes narrow the resources to the caller's machines", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfn-mcp-resources-tokens-'));
  const tokens = join(dir, 'tokens');
  writeFileSync(tokens, 'leakcheck-orders-only orders\n');
  const server = await httpServer({ SFN_MCP_AUTH_TOKENS_FILE: tokens, SFN_MCP_TOOL_SCOPES: 'orders=orders' });
  const c = await connectClient(server.url, 'leakcheck-orders-only', '2026-07-28');
  closers.push(() => c.close());
  expect((await c.listResources()).resources.map((r) => r.uri)).toEqual(['stepfunctions://machines/orders']);
  // describe_execution is not among this caller's tools: no execution template either.
  expect((await c.listResourceTemplates()).resourceTemplates).toEqual([]);
  await expect(c.readResource({ uri: 'stepfunctions://machines/quote' })).rejects.toThrow(
    /No workflow tool named "quote"/,
  );
});

it('sends resources/list_changed over stdio when the catalogue changes', async () => {
  const seen = watched.changes.length;
  await createMachines(local.engine, [{ name: 'rs-added', definition: pass('added later') }]);
  watched.hangup();
  const list = await waitFor(
    () => (watched.changes.length > seen ? watched.changes.at(-1) : undefined),
    'resources/list_changed',
  );
  expect(list.map((r) => r.uri)).toContain('stepfunctions://machines/added');
});
