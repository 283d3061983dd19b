/**
 * The live catalogue through the real MCP client: the account changes while the server runs,
 * list_changed arrives and the next tools/list shows the change, a call in flight is not disturbed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Tool } from '@modelcontextprotocol/client';
import { DeleteStateMachineCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-sfn';
import { UpdateSchemaCommand } from '@aws-sdk/client-schemas';
import { CLI, engineEnv, startHttpServer, stdioTransport, type HttpServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';
import { attachSchema, createMachines, useEngine } from '../helpers/engine.js';

const SCHEMA_TAG = 'input-schema-arn';
const waitTwoSeconds = {
  StartAt: 'W',
  States: {
    W: { Type: 'Wait', Seconds: 2, Next: 'Done' },
    Done: { Type: 'Pass', Result: { ok: true }, End: true },
  },
};

const local = useEngine();
let arns: Record<string, string>;

beforeAll(async () => {
  const names = ['live-alpha', 'live-slow', 'live-doomed'];
  const created = await createMachines(local.engine, [
    { name: 'live-alpha' },
    { name: 'live-slow', definition: waitTwoSeconds },
    { name: 'live-doomed' },
  ]);
  arns = Object.fromEntries(names.map((n, i) => [n, created[i]!]));
  await attachSchema(local.engine, arns['live-alpha']!, SCHEMA_TAG, {
    registry: 'live',
    name: 'Alpha',
    type: 'JSONSchemaDraft4',
    content: JSON.stringify({ type: 'object', properties: { a: { type: 'string' } } }),
  });
});

/** A stdio client that records every tools/list_changed it is told about. */
async function connectWatching(env: Record<string, string>) {
  const changes: Tool[][] = [];
  const client = new Client(
    { name: 'live-test', version: '1.0.0' },
    { listChanged: { tools: { debounceMs: 0, onChanged: (_err, tools) => tools && changes.push(tools) } } },
  );
  const transport = stdioTransport({ command: process.execPath, args: [CLI], env });
  await client.connect(transport);
  return {
    client,
    changes,
    /** SIGHUP to the server: re-read the catalogue now. */
    hangup: () => process.kill(transport.pid!, 'SIGHUP'),
    close: () => client.close(),
  };
}

const names = (tools: Tool[]) =>
  tools
    .map((t) => t.name)
    .filter((n) => n !== 'get_execution_result')
    .sort();

describe('live catalogue over stdio', () => {
  let watch: Awaited<ReturnType<typeof connectWatching>>;
  beforeAll(async () => {
    watch = await connectWatching(
      engineEnv(local.engine.endpoint, {
        STATE_MACHINE_PREFIX: 'live-',
        STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: SCHEMA_TAG,
        SFN_MCP_ANNOTATION_TAGS: 'true',
        SFN_MCP_REFRESH_SECONDS: '0',
      }),
    );
  });
  afterAll(async () => {
    await watch?.close();
  });

  /** The tool list the next list_changed brings, after `act` changed the account and SIGHUP was sent. */
  async function changeAndRefresh(act: () => Promise<unknown>): Promise<Tool[]> {
    const seen = watch.changes.length;
    await act();
    watch.hangup();
    return waitFor(() => (watch.changes.length > seen ? watch.changes.at(-1) : undefined), 'list_changed');
  }

  it('sends list_changed for a new machine, and a call in flight completes meanwhile', async () => {
    expect(names((await watch.client.listTools()).tools)).toEqual(['alpha', 'doomed', 'slow']);
    const inFlight = watch.client.callTool({ name: 'slow', arguments: {} });
    const tools = await changeAndRefresh(() => createMachines(local.engine, [{ name: 'live-beta' }]));
    expect(names(tools)).toEqual(['alpha', 'beta', 'doomed', 'slow']);
    expect(names((await watch.client.listTools()).tools)).toEqual(['alpha', 'beta', 'doomed', 'slow']);
    const result = await inFlight;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ ok: true });
  });

  it('follows annotation tags as they are added and removed', async () => {
    let tools = await changeAndRefresh(() =>
      local.sfn.send(
        new TagResourceCommand({
          resourceArn: arns['live-alpha'],
          tags: [
            { key: 'mcp:readOnly', value: 'true' },
            { key: 'mcp:title', value: 'Alpha lookup' },
          ],
        }),
      ),
    );
    let alpha = tools.find((t) => t.name === 'alpha')!;
    expect(alpha.annotations?.readOnlyHint).toBe(true);
    expect(alpha.annotations?.title).toBe('Alpha lookup');

    tools = await changeAndRefresh(() =>
      local.sfn.send(
        new UntagResourceCommand({ resourceArn: arns['live-alpha'], tagKeys: ['mcp:readOnly', 'mcp:title'] }),
      ),
    );
    alpha = tools.find((t) => t.name === 'alpha')!;
    expect(alpha.annotations?.readOnlyHint).toBeUndefined();
    expect(alpha.annotations?.title).toBe('live-alpha');
  });

  it('follows a schema change', async () => {
    const tools = await changeAndRefresh(() =>
      local.schemas.send(
        new UpdateSchemaCommand({
          RegistryName: 'live',
          SchemaName: 'Alpha',
          Type: 'JSONSchemaDraft4',
          Content: JSON.stringify({
            type: 'object',
            properties: { b: { type: 'integer' } },
            required: ['b'],
          }),
        }),
      ),
    );
    const alpha = tools.find((t) => t.name === 'alpha')!;
    expect(alpha.inputSchema).toEqual({
      type: 'object',
      properties: { b: { type: 'integer' } },
      required: ['b'],
    });
  });

  it('answers a call to a deleted machine clearly, then drops the tool without waiting for a refresh', async () => {
    await local.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arns['live-doomed'] }));
    const seen = watch.changes.length;
    const result = await watch.client.callTool({ name: 'doomed', arguments: {} });
    expect(result.isError).toBe(true);
    const text = (result.content as Array<{ text: string }>)[0]!.text;
    expect(text).toContain('StateMachineDoesNotExist');
    expect(text).toContain('no longer exists');
    const tools = await waitFor(
      () => (watch.changes.length > seen ? watch.changes.at(-1) : undefined),
      'list_changed after the deleted machine',
    );
    expect(names(tools)).not.toContain('doomed');
  });
});

describe('live catalogue on its interval', () => {
  it('re-reads the account every SFN_MCP_REFRESH_SECONDS without a signal', async () => {
    const watch = await connectWatching(
      engineEnv(local.engine.endpoint, { STATE_MACHINE_PREFIX: 'tick-', SFN_MCP_REFRESH_SECONDS: '1' }),
    );
    try {
      expect(names((await watch.client.listTools()).tools)).toEqual([]);
      await createMachines(local.engine, [{ name: 'tick-new' }]);
      const tools = await waitFor(() => watch.changes.at(-1), 'list_changed from the timed refresh', 15_000);
      expect(names(tools)).toEqual(['new']);
    } finally {
      await watch.close();
    }
  });
});

describe('live catalogue over Streamable HTTP (2026-07-28 subscriptions)', () => {
  let server: HttpServer;
  beforeAll(async () => {
    server = await startHttpServer(
      engineEnv(local.engine.endpoint, { STATE_MACHINE_PREFIX: 'web-', SFN_MCP_REFRESH_SECONDS: '0' }),
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  it('publishes list_changed to a modern client listening for it', async () => {
    const changes: Tool[][] = [];
    const client = new Client(
      { name: 'live-http', version: '1.0.0' },
      {
        versionNegotiation: { mode: { pin: '2026-07-28' } },
        listChanged: { tools: { debounceMs: 0, onChanged: (_err, tools) => tools && changes.push(tools) } },
      },
    );
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    try {
      expect(names((await client.listTools()).tools)).toEqual([]);
      await createMachines(local.engine, [{ name: 'web-one' }]);
      server.process.kill('SIGHUP');
      const tools = await waitFor(() => changes.at(-1), 'list_changed over subscriptions/listen', 15_000);
      expect(names(tools)).toEqual(['one']);
    } finally {
      await client.close();
    }
  });
});
